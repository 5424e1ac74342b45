package io.latentmap.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.SampleRecords;
import io.latentmap.schemas.TileUpdate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroWireRoundTripTest {

  private static final int RECORDS_PER_TYPE = 50;

  static Stream<Arguments> recordTypes() {
    return Stream.of(
        Arguments.of(AvroWire.compressedFrames(),
            (Function<Random, SpecificRecord>) random -> SampleRecords.compressedFrame(random, 1 + random.nextInt(4), 0, 5000)),
        Arguments.of(AvroWire.tileUpdates(), (Function<Random, SpecificRecord>) SampleRecords::tileUpdate),
        Arguments.of(AvroWire.mapTiles(), (Function<Random, SpecificRecord>) SampleRecords::mapTile),
        Arguments.of(AvroWire.deadLetters(), (Function<Random, SpecificRecord>) SampleRecords::deadLetter));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordTypes")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void everyRecordTypeSurvivesEncodeAndDecode(AvroWire wire, Function<Random, SpecificRecord> sample) throws Exception {
    Random random = new Random(wire.schema().getName().hashCode());
    for (int i = 0; i < RECORDS_PER_TYPE; i++) {
      SpecificRecord record = sample.apply(random);
      byte[] encoded = wire.encode(record);
      Object decoded = wire.decode(encoded);
      assertThat(decoded).isEqualTo(record).isNotSameAs(record);
      assertThat(wire.encode((SpecificRecord) decoded)).isEqualTo(encoded);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordTypes")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void headerIsTheSingleObjectMarkerAndTheCurrentFingerprint(AvroWire wire, Function<Random, SpecificRecord> sample)
      throws Exception {
    byte[] encoded = wire.encode(sample.apply(new Random(1)));
    assertThat(encoded[0]).isEqualTo((byte) 0xC3);
    assertThat(encoded[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(encoded, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(KnownSchemas.fingerprint(wire.schema())).isEqualTo(wire.fingerprint());
    assertThat(AvroWire.fingerprintOf(encoded)).isEqualTo(fingerprint);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordTypes")
  void eachTopicRecordHasItsOwnFingerprint(AvroWire<?> wire) {
    long sameFingerprint = Stream.of(CompressedFrame.class, TileUpdate.class, MapTile.class, DeadLetter.class)
        .map(KnownSchemas::current)
        .filter(schema -> KnownSchemas.fingerprint(schema) == wire.fingerprint())
        .count();
    assertThat(sameFingerprint).isEqualTo(1);
  }
}
