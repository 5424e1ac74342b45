package io.latentmap.operators.validate;

import io.latentmap.operators.source.RawRecord;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.schemas.wire.WireFormatException;
import io.latentmap.schemas.wire.WireLimits;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses each raw record as a single-object-encoded {@link CompressedFrame} and checks it with {@link
 * FrameValidator}. Valid frames go on; everything else leaves through {@link #DEAD_LETTERS} with its original
 * bytes and a reason code. Never throws for bad input, so one bad record cannot stop the job.
 */
public final class ValidateFrames extends ProcessFunction<RawRecord, CompressedFrame> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final FrameValidator validator;
  private final int maxRecordBytes;
  private final int maxDeadLetterOriginalBytes;

  private transient AvroWire<CompressedFrame> wire;
  private transient Counter framesIn;
  private transient Counter bytesIn;
  private transient Map<DeadLetterReason, Counter> deadLettersByReason;

  public ValidateFrames(FrameValidator validator, int maxRecordBytes, int maxDeadLetterOriginalBytes) {
    this.validator = validator;
    this.maxRecordBytes = maxRecordBytes;
    this.maxDeadLetterOriginalBytes = maxDeadLetterOriginalBytes;
  }

  @Override
  public void open(OpenContext openContext) {
    wire = AvroWire.of(CompressedFrame.class, WireLimits.DEFAULTS.withMaxRecordBytes(maxRecordBytes));
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    framesIn = metrics.counter("framesIn");
    bytesIn = metrics.counter("bytesIn");
    deadLettersByReason = new EnumMap<>(DeadLetterReason.class);
    MetricGroup dlq = metrics.addGroup("deadLetters");
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLettersByReason.put(reason, dlq.counter(reason.name()));
    }
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<CompressedFrame> out) {
    bytesIn.inc(record.value().length);
    long nowMicros = ctx.timerService().currentProcessingTime() * 1000;
    CompressedFrame frame;
    try {
      frame = wire.decode(record.value());
    } catch (WireFormatException e) {
      deadLetter(ctx, record, e.reason(), e.getMessage(), nowMicros);
      return;
    }
    Optional<Rejection> rejection = validator.check(frame, nowMicros);
    if (rejection.isPresent()) {
      deadLetter(ctx, record, rejection.get().reason(), rejection.get().message(), nowMicros);
      return;
    }
    framesIn.inc();
    out.collect(frame);
  }

  private void deadLetter(Context ctx, RawRecord record, DeadLetterReason reason, String message, long nowMicros) {
    deadLettersByReason.get(reason).inc();
    ctx.output(DEAD_LETTERS, DeadLetters.of(record, reason, message, nowMicros, maxDeadLetterOriginalBytes));
  }
}
