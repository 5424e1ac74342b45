package io.latentmap.operators.infer;

import io.latentmap.codec.CodecException;
import io.latentmap.operators.source.RawRecord;
import io.latentmap.operators.validate.DeadLetters;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.wire.AvroWire;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Decodes each frame to its quantised latent and runs the bundle's task heads on micro-batches of latents.
 *
 * <p>Frames wait in a small in-memory batch: it runs when it is full, when the oldest frame has waited {@code
 * maxBatchDelay}, and before every watermark, checkpoint barrier and end of input leave this operator. So nothing
 * buffered is ever missing from a checkpoint, and no frame falls behind the watermark it arrived before.
 *
 * <p>ONNX sessions are shared by all slots of the TaskManager ({@link SharedNetworks}). A frame whose layers fail
 * to decode is dead-lettered (its record re-encoded; Avro single-object encoding is deterministic) and the job
 * goes on.
 */
public final class InferOnLatents extends AbstractStreamOperator<Perception>
    implements OneInputStreamOperator<CompressedFrame, Perception>, BoundedOneInput {
  private static final long serialVersionUID = 1L;
  private static final int HISTOGRAM_WINDOW = 10_000;

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("undecodable-frames") {};

  /**
   * Job accumulators that time each perception subtask from its first to its last batch (epoch milliseconds; the
   * subtask's index follows each prefix) and count its frames: a bounded run's throughput without the job's
   * start-up, over the time when every subtask had frames to perceive (see {@code bench pipeline}).
   */
  public static final String FIRST_BATCH_MILLIS_PREFIX = "infer.firstBatchMillis.";
  public static final String LAST_BATCH_MILLIS_PREFIX = "infer.lastBatchMillis.";
  public static final String FRAMES_PREFIX = "infer.frames.";
  /**
   * Frames perceived per wall-clock second (key: the second in which their batch ended, counted from
   * {@link #SECONDS_EPOCH}): a bounded run's rate after its start-up, whose compilation and task deployment
   * overlap the first batches.
   */
  public static final String FRAMES_BY_SECOND = "infer.framesBySecond";
  /** 2023-11-14: keys stay in an int for 68 years. */
  public static final long SECONDS_EPOCH = 1_700_000_000L;

  private final String bundleDirectory;
  private final int intraOpThreads;
  private final int batchSize;
  private final long maxBatchDelayMillis;
  private final String sourceTopic;
  private final LatentPerceiver.Mode mode;

  private transient SharedNetworks.Lease networks;
  private transient LatentPerceiver perceiver;
  private transient AvroWire<CompressedFrame> wire;
  private transient List<StreamRecord<CompressedFrame>> batch;
  private transient boolean objectReuse;
  private transient long batchDeadline;
  private transient Counter framesPerceived;
  private transient Histogram decodeMicros;
  private transient Histogram inferenceMicrosPerFrame;
  private transient Histogram milliBitsPerPixel;
  private transient Histogram batchSizes;
  private transient LongMinimum firstBatchMillis;
  private transient LongMaximum lastBatchMillis;
  private transient LongCounter framesAccumulator;
  private transient org.apache.flink.api.common.accumulators.Histogram framesBySecond;

  public InferOnLatents(Path bundleDirectory, int intraOpThreads, int batchSize, Duration maxBatchDelay,
      String sourceTopic) {
    this(bundleDirectory, intraOpThreads, batchSize, maxBatchDelay, sourceTopic, LatentPerceiver.Mode.HEADS_ON_LATENT);
  }

  /** With {@code mode} DECODE_THEN_INFER this is the baseline the benchmarks compare against (pixels, then RGB net). */
  public InferOnLatents(Path bundleDirectory, int intraOpThreads, int batchSize, Duration maxBatchDelay,
      String sourceTopic, LatentPerceiver.Mode mode) {
    if (batchSize < 1 || maxBatchDelay.isNegative()) {
      throw new IllegalArgumentException("batch size must be >= 1 and the delay >= 0");
    }
    this.bundleDirectory = bundleDirectory.toString();
    this.intraOpThreads = intraOpThreads;
    this.batchSize = batchSize;
    this.maxBatchDelayMillis = maxBatchDelay.toMillis();
    this.sourceTopic = sourceTopic;
    this.mode = mode;
  }

  @Override
  public void open() throws Exception {
    super.open();
    networks = SharedNetworks.acquire(Path.of(bundleDirectory), intraOpThreads);
    perceiver = new LatentPerceiver(networks.networks(), LatentPerceiver.DetectionSettings.DEFAULTS);
    wire = AvroWire.compressedFrames();
    batch = new ArrayList<>(batchSize);
    objectReuse = getExecutionConfig().isObjectReuseEnabled();
    framesPerceived = getMetricGroup().counter("framesPerceived");
    decodeMicros = getMetricGroup().histogram("decodeMicros", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    inferenceMicrosPerFrame = getMetricGroup().histogram("inferenceMicrosPerFrame",
        new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    milliBitsPerPixel = getMetricGroup().histogram("milliBitsPerPixel",
        new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    batchSizes = getMetricGroup().histogram("batchSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    firstBatchMillis = new LongMinimum();
    lastBatchMillis = new LongMaximum();
    framesAccumulator = new LongCounter();
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    getRuntimeContext().addAccumulator(FIRST_BATCH_MILLIS_PREFIX + subtask, firstBatchMillis);
    getRuntimeContext().addAccumulator(LAST_BATCH_MILLIS_PREFIX + subtask, lastBatchMillis);
    getRuntimeContext().addAccumulator(FRAMES_PREFIX + subtask, framesAccumulator);
    framesBySecond = new org.apache.flink.api.common.accumulators.Histogram();
    getRuntimeContext().addAccumulator(FRAMES_BY_SECOND, framesBySecond);
  }

  @Override
  public void processElement(StreamRecord<CompressedFrame> element) throws Exception {
    // With object reuse on, the runtime may recycle the record we hold across calls; only then is a copy needed.
    CompressedFrame frame = objectReuse ? CompressedFrame.newBuilder(element.getValue()).build() : element.getValue();
    batch.add(element.hasTimestamp() ? new StreamRecord<>(frame, element.getTimestamp()) : new StreamRecord<>(frame));
    if (batch.size() >= batchSize) {
      runBatch();
    } else if (batch.size() == 1) {
      long now = getProcessingTimeService().getCurrentProcessingTime();
      batchDeadline = now + maxBatchDelayMillis;
      long deadline = batchDeadline;
      getProcessingTimeService().registerTimer(deadline, time -> {
        if (!batch.isEmpty() && batchDeadline == deadline) {
          runBatch();
        }
      });
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    runBatch();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    runBatch();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    runBatch();
  }

  @Override
  public void finish() throws Exception {
    runBatch();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      if (networks != null) {
        networks.close();
      }
    } finally {
      super.close();
    }
  }

  private void runBatch() throws CodecException {
    if (batch == null || batch.isEmpty()) {
      return;
    }
    firstBatchMillis.add(System.currentTimeMillis());
    List<StreamRecord<CompressedFrame>> records = new ArrayList<>(batch);
    batch.clear();
    batchDeadline = Long.MIN_VALUE;
    List<LatentPerceiver.DecodedFrame> decoded = new ArrayList<>(records.size());
    List<StreamRecord<CompressedFrame>> decodedRecords = new ArrayList<>(records.size());
    for (StreamRecord<CompressedFrame> record : records) {
      long start = System.nanoTime();
      try {
        LatentPerceiver.DecodedFrame frame = perceiver.decode(record.getValue());
        decoded.add(frame);
        decodedRecords.add(record);
        milliBitsPerPixel.update(Math.round(8_000.0 * frame.wireBytes()
            / (record.getValue().getCamera().getImageWidth() * (double) record.getValue().getCamera().getImageHeight())));
      } catch (CodecException e) {
        deadLetter(record, e.getMessage());
      }
      decodeMicros.update((System.nanoTime() - start) / 1000);
    }
    if (decoded.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    List<Perception> perceptions = perceiver.perceive(decoded, mode);
    inferenceMicrosPerFrame.update((System.nanoTime() - start) / 1000 / decoded.size());
    batchSizes.update(decoded.size());
    for (int i = 0; i < perceptions.size(); i++) {
      output.collect(decodedRecords.get(i).replace(perceptions.get(i)));
    }
    framesPerceived.inc(perceptions.size());
    framesAccumulator.add(perceptions.size());
    long now = System.currentTimeMillis();
    lastBatchMillis.add(now);
    int second = (int) (now / 1000 - SECONDS_EPOCH);
    for (int i = 0; i < perceptions.size(); i++) {
      framesBySecond.add(second);
    }
  }

  private void deadLetter(StreamRecord<CompressedFrame> record, String message) {
    byte[] key = record.getValue().getSourceId().getBytes(StandardCharsets.UTF_8);
    RawRecord original = new RawRecord(sourceTopic, -1, -1, key, wire.encode(record.getValue()), 0L);
    DeadLetter letter = DeadLetters.of(original, DeadLetterReason.BAD_TENSOR, "layers do not decode: " + message,
        getProcessingTimeService().getCurrentProcessingTime() * 1000, Integer.MAX_VALUE);
    output.collect(DEAD_LETTERS, new StreamRecord<>(letter, record.getTimestamp()));
  }
}
