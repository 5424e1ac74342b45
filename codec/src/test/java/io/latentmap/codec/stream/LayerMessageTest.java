package io.latentmap.codec.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.fuzz.DecoderFuzzerAccess;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayerMessageTest {
  final CodecSpec spec = TensorCodecTest.spec(EntropyModelType.HYPERPRIOR,
      List.of(new ChannelRange(0, 3), new ChannelRange(3, 6)), 6, 6);
  final EntropyTables tables = TensorCodecTest.tables(EntropyModelType.HYPERPRIOR, spec, new SplittableRandom(1));
  final TensorDecoder decoder = new TensorDecoder(spec, tables);
  final List<byte[]> valid = validFrame();

  List<byte[]> validFrame() {
    int[] zq = new int[spec.zChannels() * 9];
    int[] q = new int[spec.channels() * 36];
    q[5] = 3;
    return new TensorEncoder(spec, tables).encodeHyperprior(q, TensorCodecTest.indexes(spec, tables, zq, 6, 6), zq,
        6, 6, 2);
  }

  @Test
  void headerCarriesTheDocumentedFields() throws CodecException {
    byte[] layer1 = valid.get(1);
    ByteBuffer in = ByteBuffer.wrap(layer1).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(layer1, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("LMTL");
    assertThat(layer1[4]).isEqualTo((byte) LayerMessage.FORMAT_VERSION);
    assertThat(layer1[5]).isEqualTo((byte) 2);
    assertThat(layer1[6]).isEqualTo((byte) 2);
    assertThat(in.getShort(16)).isEqualTo((short) 1);
    assertThat(in.getShort(18)).isEqualTo((short) 3);
    assertThat(in.getShort(20)).isEqualTo((short) 6);
    assertThat(in.getShort(22)).isEqualTo((short) 6);
    assertThat(layer1[26]).isEqualTo((byte) 1);
    LayerMessage.Header header = LayerMessage.parse(valid.get(0), spec, 0);
    assertThat(header.streams()).extracting(LayerMessage.Stream::kind)
        .containsExactly(LayerMessage.STREAM_Z, LayerMessage.STREAM_Y);
  }

  @Test
  void foreignBundleIsRejected() {
    CodecSpec other = new CodecSpec(spec.entropyModel(), 2, new byte[8], spec.channels(), 6, 6, spec.layers(),
        spec.zChannels(), spec.zStride());
    assertThatThrownBy(() -> new TensorDecoder(other, tables).decode(valid, TensorCodecTest.SCALES))
        .isInstanceOf(CodecException.class).hasMessageContaining("another bundle");
  }

  @Test
  void layersOutOfOrderOrWithoutLayerZeroAreRejected() {
    assertThatThrownBy(() -> decoder.decode(List.of(valid.get(1)), TensorCodecTest.SCALES))
        .isInstanceOf(CodecException.class).hasMessageContaining("layer 1 arrived where layer 0 belongs");
    assertThatThrownBy(() -> decoder.decode(List.of(valid.get(1), valid.get(0)), TensorCodecTest.SCALES))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void sizesBeyondTheManifestAreRejectedBeforeDecoding() {
    byte[] tooTall = valid.get(0).clone();
    ByteBuffer.wrap(tooTall).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 60000);
    assertThatThrownBy(() -> decoder.decode(List.of(DecoderFuzzerAccess.fixCrc(tooTall)), TensorCodecTest.SCALES))
        .isInstanceOf(CodecException.class).hasMessageContaining("exceeds the bundle's 6x6");
    byte[] hugeStream = valid.get(1).clone();
    ByteBuffer.wrap(hugeStream).order(ByteOrder.LITTLE_ENDIAN).putInt(32, Integer.MAX_VALUE - 3);
    List<byte[]> frame = new ArrayList<>(List.of(valid.get(0), DecoderFuzzerAccess.fixCrc(hugeStream)));
    assertThatThrownBy(() -> decoder.decode(frame, TensorCodecTest.SCALES))
        .isInstanceOf(CodecException.class).hasMessageContaining("runs past the message end");
  }

  @Test
  void flippedBitIsCaughtByTheCrc() {
    byte[] corrupt = valid.get(0).clone();
    corrupt[corrupt.length / 2] ^= 0x10;
    assertThatThrownBy(() -> decoder.decode(List.of(corrupt), TensorCodecTest.SCALES))
        .isInstanceOf(CodecException.class).hasMessageContaining("CRC32C");
  }

  @Test
  void truncatedAndEmptyMessagesAreRejected() {
    for (int length : new int[] {0, 3, 20, valid.get(0).length - 1}) {
      byte[] truncated = java.util.Arrays.copyOf(valid.get(0), length);
      assertThatThrownBy(() -> decoder.decode(List.of(truncated), TensorCodecTest.SCALES))
          .isInstanceOf(CodecException.class);
    }
    assertThatThrownBy(() -> decoder.decode(List.of(), TensorCodecTest.SCALES)).isInstanceOf(CodecException.class);
  }
}
