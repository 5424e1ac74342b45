package io.latentmap.operators.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.LayerSlice;
import io.latentmap.schemas.SampleRecords;
import io.latentmap.schemas.Sha256;
import io.latentmap.schemas.TensorShape;
import io.latentmap.schemas.wire.FrameIntegrity;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferOnLatentsTest {
  private static final int BATCH = 4;

  @TempDir Path models;
  private ModelBundle bundle;
  private OneInputStreamOperatorTestHarness<CompressedFrame, Perception> harness;
  private final Random random = new Random(3);

  @BeforeEach
  void setUp() throws Exception {
    bundle = FixtureBundles.load(models, EntropyModelType.FACTORIZED, 11);
    harness = new OneInputStreamOperatorTestHarness<>(
        new InferOnLatents(bundle.directory(), 1, BATCH, Duration.ofSeconds(60), "fleet.frames"));
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
    assertThat(SharedNetworks.users(bundle.directory(), 1)).isZero();
  }

  @Test
  void aFullBatchRunsAtOnceWithTheHeadOfEachLayerCount() throws Exception {
    for (int layers = 1; layers <= BATCH; layers++) {
      harness.processElement(new StreamRecord<>(frame(1 + (layers - 1) % 3), 1000L + layers));
    }

    List<Perception> out = harness.extractOutputValues();
    assertThat(out).extracting(Perception::layerCount).containsExactly(1, 2, 3, 1);
    assertThat(out).allSatisfy(p -> {
      assertThat(p.segHeight()).isEqualTo(FixtureBundles.HEIGHT);
      assertThat(p.segWidth()).isEqualTo(FixtureBundles.WIDTH);
      assertThat(p.segClasses()).hasSize(FixtureBundles.HEIGHT * FixtureBundles.WIDTH);
      assertThat(p.wireBytes()).isPositive();
    });
    assertThat(timestamps()).containsExactly(1001L, 1002L, 1003L, 1004L);
  }

  @Test
  void aPartialBatchLeavesBeforeTheWatermarkThatFollowsIt() throws Exception {
    harness.processElement(new StreamRecord<>(frame(2), 500L));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(new Watermark(600L));

    assertThat(harness.getOutput()).hasSize(2);
    assertThat(harness.getOutput().peek()).isInstanceOf(StreamRecord.class); // the frame first, then the watermark
  }

  @Test
  void aPartialBatchIsFlushedBeforeACheckpointBarrier() throws Exception {
    harness.processElement(new StreamRecord<>(frame(3), 500L));
    harness.prepareSnapshotPreBarrier(1);

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void aPartialBatchRunsWhenItsDelayExpires() throws Exception {
    harness.setProcessingTime(0);
    harness.processElement(new StreamRecord<>(frame(1), 500L));
    harness.setProcessingTime(59_999);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(60_000);

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void aFrameWhoseLayersDoNotDecodeIsDeadLetteredAndTheRestGoOn() throws Exception {
    CompressedFrame broken = frame(2);
    ByteBuffer layer = broken.getLayers().get(1);
    layer.put(layer.limit() / 2, (byte) (layer.get(layer.limit() / 2) ^ 0x5A));
    harness.processElement(new StreamRecord<>(FrameIntegrity.seal(broken), 1L));
    harness.processElement(new StreamRecord<>(frame(1), 2L));
    harness.endInput();

    assertThat(harness.extractOutputValues()).hasSize(1);
    List<DeadLetter> letters = new ArrayList<>();
    harness.getSideOutput(InferOnLatents.DEAD_LETTERS).forEach(r -> letters.add(r.getValue()));
    assertThat(letters).singleElement().satisfies(l -> {
      assertThat(l.getErrorCode()).isEqualTo(DeadLetterReason.BAD_TENSOR);
      assertThat(l.getMessage()).contains("do not decode");
    });
  }

  private List<Long> timestamps() {
    List<Long> out = new ArrayList<>();
    harness.getOutput().forEach(o -> {
      if (o instanceof StreamRecord<?> r) {
        out.add(r.getTimestamp());
      }
    });
    return out;
  }

  /** A frame carrying {@code layers} layers of a random latent, encoded with the fixture bundle's tables. */
  private CompressedFrame frame(int layers) {
    int plane = FixtureBundles.HEIGHT * FixtureBundles.WIDTH;
    int[] symbols = new int[FixtureBundles.CHANNELS * plane];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = (int) Math.round(random.nextGaussian() * 1.5);
    }
    List<byte[]> encoded = bundle.tensorEncoder().encodeFactorized(symbols, FixtureBundles.HEIGHT, FixtureBundles.WIDTH, layers);
    List<LayerSlice> slices = new ArrayList<>();
    List<ByteBuffer> payloads = new ArrayList<>();
    for (int k = 0; k < layers; k++) {
      slices.add(new LayerSlice(k, k * FixtureBundles.CHANNELS_PER_LAYER, FixtureBundles.CHANNELS_PER_LAYER));
      payloads.add(ByteBuffer.wrap(encoded.get(k)));
    }
    CompressedFrame sample = SampleRecords.compressedFrame(random, 1, 10, 20);
    return FrameIntegrity.seal(CompressedFrame.newBuilder(sample)
        .setBundleId(bundle.id())
        .setBundleSha256(new Sha256(bundle.bundleSha256()))
        .setTensorShape(new TensorShape(FixtureBundles.CHANNELS, FixtureBundles.HEIGHT, FixtureBundles.WIDTH, slices))
        .setLayers(payloads)
        .build());
  }
}
