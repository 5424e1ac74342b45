package io.latentmap.operators.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.operators.source.RawRecord;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.SampleRecords;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.schemas.wire.FrameIntegrity;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidateFramesTest {
  private static final int LAYERS = 3;
  private static final int MAX_RECORD_BYTES = 1 << 20;

  private final Random random = new Random(42);
  private CompressedFrame template;
  private KnownBundle bundle;
  private OneInputStreamOperatorTestHarness<RawRecord, CompressedFrame> harness;
  private long offset;

  @BeforeEach
  void setUp() throws Exception {
    template = SampleRecords.compressedFrame(random, LAYERS, 100, 2_000);
    var shape = template.getTensorShape();
    List<int[]> ranges = new ArrayList<>();
    shape.getArrivedLayers().forEach(s -> ranges.add(new int[] {s.getFirstChannel(), s.getFirstChannel() + s.getChannelCount()}));
    bundle = new KnownBundle(template.getBundleId(), template.getBundleSha256().bytes(), shape.getChannels(),
        shape.getHeight(), shape.getWidth(), template.getCamera().getImageWidth(),
        template.getCamera().getImageHeight(), ranges, 64 * 1024);
    FrameValidator validator = new FrameValidator(Map.of(bundle.id(), bundle), Duration.ofMinutes(5));
    harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ValidateFrames(validator, MAX_RECORD_BYTES, MAX_RECORD_BYTES)));
    harness.open();
    // The processing clock sits just after the sample's capture time, as for a live fleet.
    harness.setProcessingTime(template.getCaptureTime().plusSeconds(1).toEpochMilli());
  }

  @Test
  void validFramePassesUnchanged() throws Exception {
    send(AvroWire.compressedFrames().encode(template));

    assertThat(harness.extractOutputValues()).containsExactly(template);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void garbageIsDeadLetteredWithItsBytesAndOrigin() throws Exception {
    byte[] garbage = {1, 2, 3, 4, 5};
    send(garbage);

    assertThat(harness.extractOutputValues()).isEmpty();
    DeadLetter letter = single(deadLetters());
    assertThat(letter.getErrorCode()).isEqualTo(DeadLetterReason.BAD_HEADER);
    assertThat(bytes(letter.getOriginalBytes())).isEqualTo(garbage);
    assertThat(letter.getTopic()).isEqualTo("fleet.frames");
    assertThat(letter.getOffset()).isEqualTo(offset - 1);
  }

  @Test
  void everyInvalidFieldHasItsReason() throws Exception {
    sendModified(f -> { f.setCrc32c(f.getCrc32c() ^ 1); return f; });
    sendSealed(f -> { f.setBundleId("other-bundle"); return f; });
    sendSealed(f -> { f.getTensorShape().setHeight(999); return f; });
    sendSealed(f -> { f.getPose().setLatitude(Double.NaN); return f; });
    sendSealed(f -> { f.setCaptureTime(Instant.now().plus(Duration.ofDays(400))); return f; });
    sendSealed(f -> { f.getLayers().set(1, ByteBuffer.allocate(0)); return f; });

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters()).extracting(DeadLetter::getErrorCode).containsExactly(
        DeadLetterReason.BAD_CRC, DeadLetterReason.UNKNOWN_BUNDLE, DeadLetterReason.BAD_TENSOR,
        DeadLetterReason.INVALID_FIELD, DeadLetterReason.INVALID_FIELD, DeadLetterReason.BAD_TENSOR);
  }

  @Test
  void aBadRecordDoesNotDisturbTheValidOnesAroundIt() throws Exception {
    send(AvroWire.compressedFrames().encode(template));
    send(new byte[] {(byte) 0xC3, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 9});
    send(AvroWire.compressedFrames().encode(template));

    assertThat(harness.extractOutputValues()).containsExactly(template, template);
    assertThat(single(deadLetters()).getErrorCode()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
  }

  private void sendModified(UnaryOperator<CompressedFrame> change) throws Exception {
    send(AvroWire.compressedFrames().encode(change.apply(CompressedFrame.newBuilder(template).build())));
  }

  private void sendSealed(UnaryOperator<CompressedFrame> change) throws Exception {
    sendModified(f -> FrameIntegrity.seal(change.apply(f)));
  }

  private void send(byte[] value) throws Exception {
    harness.processElement(new StreamRecord<>(new RawRecord("fleet.frames", 0, offset++, null, value, 0L)));
  }

  private List<DeadLetter> deadLetters() {
    var queue = harness.getSideOutput(ValidateFrames.DEAD_LETTERS);
    List<DeadLetter> letters = new ArrayList<>();
    if (queue != null) {
      queue.forEach(r -> letters.add(r.getValue()));
    }
    return letters;
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
