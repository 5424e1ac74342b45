package io.latentmap.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.LayerSlice;
import io.latentmap.schemas.SampleRecords;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class FrameIntegrityTest {

  @Test
  void checksumFollowsTheLayoutDocumentedInTheSchema() {
    CompressedFrame frame = SampleRecords.compressedFrame(new Random(5), 3, 10, 100);
    ByteBuffer documented = ByteBuffer.allocate(4096); // big-endian by default, as the .avsc doc says
    documented.put(frame.getBundleSha256().bytes());
    documented.putInt(frame.getTensorShape().getChannels())
        .putInt(frame.getTensorShape().getHeight())
        .putInt(frame.getTensorShape().getWidth());
    List<LayerSlice> slices = frame.getTensorShape().getArrivedLayers();
    documented.putInt(slices.size());
    slices.forEach(s -> documented.putInt(s.getLayerIndex()).putInt(s.getFirstChannel()).putInt(s.getChannelCount()));
    documented.putInt(frame.getLayers().size());
    frame.getLayers().forEach(layer -> documented.putInt(layer.remaining()).put(layer.duplicate()));
    CRC32C crc = new CRC32C();
    crc.update(documented.array(), 0, documented.position());

    assertThat(FrameIntegrity.compute(frame)).isEqualTo((int) crc.getValue()).isEqualTo(frame.getCrc32c());
    assertThat(FrameIntegrity.matches(frame)).isTrue();
  }

  @Test
  void aFlippedPayloadBitFailsVerificationWithBothValues() {
    CompressedFrame frame = SampleRecords.compressedFrame(new Random(6), 2, 100, 100);
    int sealed = frame.getCrc32c();
    frame.getLayers().get(1).array()[50] ^= 0x10;

    FrameIntegrityException rejected = catchThrowableOfType(FrameIntegrityException.class,
        () -> FrameIntegrity.verify(frame));
    assertThat(rejected.reason()).isEqualTo(DeadLetterReason.BAD_CRC);
    assertThat(rejected.stored()).isEqualTo(sealed);
    assertThat(rejected.computed()).isNotEqualTo(sealed);
    assertThat(rejected.getMessage()).contains(frame.getFrameId());
  }

  @Test
  void movingBytesBetweenLayersChangesTheChecksum() {
    CompressedFrame frame = SampleRecords.compressedFrame(new Random(8), 2, 0, 0);
    frame.setLayers(List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3})));
    int before = FrameIntegrity.compute(frame);
    frame.setLayers(List.of(ByteBuffer.wrap(new byte[] {1}), ByteBuffer.wrap(new byte[] {2, 3})));
    assertThat(FrameIntegrity.compute(frame)).isNotEqualTo(before);
  }

  @Test
  void computingDoesNotConsumeTheLayerBuffers() {
    CompressedFrame frame = SampleRecords.compressedFrame(new Random(9), 2, 64, 64);
    FrameIntegrity.compute(frame);
    assertThat(frame.getLayers()).allSatisfy(layer -> assertThat(layer.remaining()).isEqualTo(64));
    assertThat(FrameIntegrity.matches(frame)).isTrue();
  }

  @Test
  void aChangedShapeOrBundleFailsVerification() {
    CompressedFrame frame = SampleRecords.compressedFrame(new Random(10), 2, 10, 10);
    frame.getTensorShape().setHeight(frame.getTensorShape().getHeight() + 1);
    assertThat(FrameIntegrity.matches(frame)).isFalse();
    CompressedFrame other = SampleRecords.compressedFrame(new Random(10), 2, 10, 10);
    other.getBundleSha256().bytes()[0] ^= 1;
    assertThat(FrameIntegrity.matches(other)).isFalse();
  }
}
