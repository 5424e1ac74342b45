package io.latentmap.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.SampleRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroWireRejectionTest {

  private final AvroWire<CompressedFrame> frames = AvroWire.compressedFrames();
  private final AvroWire<MapTile> tiles = AvroWire.mapTiles();
  private final byte[] validFrame = frames.encode(SampleRecords.compressedFrame(new Random(7), 3, 1000, 2000));

  @Test
  void nullShortAndUnmarkedValuesAreBadHeaders() {
    assertRejected(frames, null, MalformedHeaderException.class, DeadLetterReason.BAD_HEADER, "null");
    assertRejected(frames, new byte[] {(byte) 0xC3, 0x01, 1, 2}, MalformedHeaderException.class,
        DeadLetterReason.BAD_HEADER, "shorter than the 10-byte");
    byte[] unmarked = validFrame.clone();
    unmarked[0] = 0x7B; // '{' as in a JSON value sent to the wrong topic
    assertRejected(frames, unmarked, MalformedHeaderException.class, DeadLetterReason.BAD_HEADER, "7b 01");
  }

  @Test
  void aRecordOfAnotherTypeIsAnUnknownSchemaNamedInTheMessage() {
    byte[] deadLetter = AvroWire.deadLetters().encode(SampleRecords.deadLetter(new Random(3)));
    UnknownSchemaException rejected = catchThrowableOfType(UnknownSchemaException.class, () -> frames.decode(deadLetter));
    assertThat(rejected.fingerprint()).isEqualTo(KnownSchemas.fingerprint(DeadLetter.getClassSchema()));
    assertThat(rejected.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
    assertThat(rejected.getMessage()).contains("DeadLetter (current)").contains("not a known CompressedFrame schema");
  }

  @Test
  void aForeignFingerprintIsUnknownAndCarriedInTheException() {
    byte[] foreign = validFrame.clone();
    ByteBuffer.wrap(foreign, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123456789abcdefL);
    UnknownSchemaException rejected = catchThrowableOfType(UnknownSchemaException.class, () -> frames.decode(foreign));
    assertThat(rejected.fingerprint()).isEqualTo(0x0123456789abcdefL);
    assertThat(rejected.getMessage()).contains("0123456789abcdef");
  }

  @Test
  void truncatedAndOverlongBodiesAreMalformed() {
    byte[] truncated = Arrays.copyOf(validFrame, validFrame.length - 1);
    assertRejected(frames, truncated, MalformedRecordException.class, DeadLetterReason.MALFORMED_RECORD, "remain");
    byte[] trailing = Arrays.copyOf(validFrame, validFrame.length + 3);
    assertRejected(frames, trailing, MalformedRecordException.class, DeadLetterReason.MALFORMED_RECORD,
        "3 bytes left over");
  }

  @Test
  void aMessageOverTheRecordLimitIsRefusedBeforeDecoding() {
    AvroWire<CompressedFrame> small = AvroWire.of(CompressedFrame.class, WireLimits.DEFAULTS.withMaxRecordBytes(1024));
    RecordTooLargeException rejected = catchThrowableOfType(RecordTooLargeException.class, () -> small.decode(validFrame));
    assertThat(rejected.limitName()).isEqualTo("maxRecordBytes");
    assertThat(rejected.actual()).isEqualTo(validFrame.length);
    assertThat(rejected.reason()).isEqualTo(DeadLetterReason.RECORD_TOO_LARGE);
  }

  @Test
  void aLayerOverTheBytesLimitIsRefusedNamingTheField() {
    AvroWire<CompressedFrame> strict = AvroWire.of(CompressedFrame.class, WireLimits.DEFAULTS.withMaxBytesLength(1500));
    byte[] bigLayer = frames.encode(SampleRecords.compressedFrame(new Random(1), 1, 1600, 1600));
    RecordTooLargeException rejected = catchThrowableOfType(RecordTooLargeException.class, () -> strict.decode(bigLayer));
    assertThat(rejected.limitName()).isEqualTo("maxBytesLength");
    assertThat(rejected.actual()).isEqualTo(1600);
    assertThat(rejected.getMessage()).contains("CompressedFrame.layers[0]");
  }

  @Test
  void aDeclaredLengthOfTwoGigabytesIsRefusedWithoutAllocating() throws IOException {
    byte[] forged = mapTileWithRasterLength(Integer.MAX_VALUE);
    RecordTooLargeException rejected = catchThrowableOfType(RecordTooLargeException.class, () -> tiles.decode(forged));
    assertThat(rejected.actual()).isEqualTo(Integer.MAX_VALUE);
    assertThat(rejected.getMessage()).contains("MapTile.classRaster");
  }

  @Test
  void aDeclaredLengthWithinLimitsButBeyondTheInputIsMalformed() throws IOException {
    byte[] forged = mapTileWithRasterLength(1_000_000);
    assertRejected(tiles, forged, MalformedRecordException.class, DeadLetterReason.MALFORMED_RECORD,
        "needs 1000000 bytes but 0 remain");
  }

  @Test
  void aDeclaredArrayCountOverTheItemLimitIsRefused() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder out = mapTilePrefix(body);
    out.writeBytes(new byte[0]); // classRaster
    out.writeBytes(new byte[0]); // confidenceRaster
    out.writeLong(1L << 40); // landmarks: one block claiming 2^40 items
    out.flush();
    RecordTooLargeException rejected = catchThrowableOfType(RecordTooLargeException.class,
        () -> tiles.decode(withHeader(MapTile.getClassSchema(), body.toByteArray())));
    assertThat(rejected.limitName()).isEqualTo("maxCollectionItems");
    assertThat(rejected.getMessage()).contains("MapTile.landmarks");
  }

  @Test
  void anEnumIndexOutsideTheSymbolsIsMalformed() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(body, null);
    out.writeBytes(new byte[] {1, 2, 3}); // originalBytes
    out.writeInt(3); // originalLength
    out.writeIndex(0); // originalKey: null
    out.writeString("fleet.frames");
    out.writeInt(0);
    out.writeLong(42);
    out.writeEnum(DeadLetterReason.values().length + 5);
    out.flush();
    assertRejected(AvroWire.deadLetters(), withHeader(DeadLetter.getClassSchema(), body.toByteArray()),
        MalformedRecordException.class, DeadLetterReason.MALFORMED_RECORD, "enum symbol index");
  }

  @Test
  void encodingARecordOverTheLimitFailsAtTheProducer() {
    AvroWire<CompressedFrame> small = AvroWire.of(CompressedFrame.class, WireLimits.DEFAULTS.withMaxRecordBytes(1024));
    CompressedFrame frame = SampleRecords.compressedFrame(new Random(2), 1, 2000, 2000);
    assertThatThrownBy(() -> small.encode(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than maxRecordBytes 1024");
  }

  /** Seeded random mutations of a valid frame: every outcome is a decoded record or a WireFormatException. */
  @Test
  void mutatedFramesOnlyEverFailWithWireFormatExceptions() {
    byte[] small = frames.encode(SampleRecords.compressedFrame(new Random(11), 2, 10, 40));
    Random random = new Random(12345);
    int rejected = 0;
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] mutated = mutate(small, random);
      try {
        frames.decode(mutated);
        decoded++;
      } catch (WireFormatException expected) {
        rejected++;
      }
    }
    assertThat(rejected).isPositive();
    assertThat(decoded).isPositive();
  }

  private static byte[] mutate(byte[] original, Random random) {
    byte[] bytes = original.clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        // flip bits in the body, keeping the header so the body scanner is exercised
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          int at = AvroWire.HEADER_LENGTH + random.nextInt(bytes.length - AvroWire.HEADER_LENGTH);
          bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      default -> bytes[AvroWire.HEADER_LENGTH + random.nextInt(bytes.length - AvroWire.HEADER_LENGTH)] =
          (byte) random.nextInt(256);
    }
    return bytes;
  }

  private static byte[] mapTileWithRasterLength(long declaredLength) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder out = mapTilePrefix(body);
    out.writeLong(declaredLength); // classRaster length, with no bytes following
    out.flush();
    return withHeader(MapTile.getClassSchema(), body.toByteArray());
  }

  /** tile, version and rasterSize of a MapTile body. */
  private static BinaryEncoder mapTilePrefix(ByteArrayOutputStream body) throws IOException {
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(body, null);
    out.writeInt(19);
    out.writeInt(278_000);
    out.writeInt(180_000);
    out.writeLong(1);
    out.writeInt(256);
    return out;
  }

  private static byte[] withHeader(org.apache.avro.Schema writer, byte[] body) {
    ByteBuffer message = ByteBuffer.allocate(AvroWire.HEADER_LENGTH + body.length).order(ByteOrder.LITTLE_ENDIAN);
    message.put((byte) 0xC3).put((byte) 0x01).putLong(KnownSchemas.fingerprint(writer)).put(body);
    return message.array();
  }

  private static void assertRejected(AvroWire<?> wire, byte[] message, Class<? extends WireFormatException> type,
      DeadLetterReason reason, String messageFragment) {
    assertThatThrownBy(() -> wire.decode(message))
        .isInstanceOf(type)
        .hasMessageContaining(messageFragment)
        .satisfies(thrown -> assertThat(((WireFormatException) thrown).reason()).isEqualTo(reason));
  }
}
