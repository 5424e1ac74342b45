package io.latentmap.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.SampleRecords;
import io.latentmap.schemas.TileUpdate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A newer producer adds an optional field; today's consumer must still read its records through the single-object
 * decoder once that writer schema is in its SchemaStore, and a newer consumer must read today's records.
 */
class SchemaEvolutionTest {

  private static final String ADDED_OPTIONAL_FIELD = "added-optional-field.avsc";

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of(CompressedFrame.class, (Function<Random, SpecificRecord>) r -> SampleRecords.compressedFrame(r, 3, 500, 5000), 1234L),
        Arguments.of(TileUpdate.class, (Function<Random, SpecificRecord>) SampleRecords::tileUpdate, "release-7"),
        Arguments.of(MapTile.class, (Function<Random, SpecificRecord>) SampleRecords::mapTile, ByteBuffer.wrap(new byte[] {1, 2})),
        Arguments.of(DeadLetter.class, (Function<Random, SpecificRecord>) SampleRecords::deadLetter, 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  <T extends SpecificRecord> void todaysReaderDecodesANewerWriterWithAnAddedOptionalField(
      Class<T> type, Function<Random, SpecificRecord> sample, Object addedValue) throws Exception {
    Schema newer = EvolvedSchemas.load(type, ADDED_OPTIONAL_FIELD);
    SpecificRecord original = sample.apply(new Random(42));
    Schema.Field added = newer.getFields().get(newer.getFields().size() - 1);
    assertThat(KnownSchemas.current(type).getField(added.name())).as("field must be new").isNull();

    GenericRecord asNewer = convert(original, newer);
    asNewer.put(added.name(), addedValue);
    byte[] fromNewerProducer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), newer).encode(asNewer).array();

    AvroWire<T> todaysConsumer = AvroWire.of(type, WireLimits.DEFAULTS, List.of(newer));
    assertThat(todaysConsumer.decode(fromNewerProducer)).isEqualTo(original);

    UnknownSchemaException unregistered = catchThrowableOfType(UnknownSchemaException.class,
        () -> AvroWire.of(type, WireLimits.DEFAULTS).decode(fromNewerProducer));
    assertThat(unregistered.fingerprint()).isEqualTo(KnownSchemas.fingerprint(newer));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aNewerReaderDecodesTodaysRecordsWithTheAddedFieldAtItsDefault(
      Class<? extends SpecificRecord> type, Function<Random, SpecificRecord> sample, Object unused) throws Exception {
    Schema newer = EvolvedSchemas.load(type, ADDED_OPTIONAL_FIELD);
    @SuppressWarnings({"unchecked", "rawtypes"})
    byte[] fromTodaysProducer = ((AvroWire) AvroWire.of(type, WireLimits.DEFAULTS)).encode(sample.apply(new Random(43)));

    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(KnownSchemas.current(type));
    GenericRecord read = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), newer, store).decode(fromTodaysProducer);

    String addedName = newer.getFields().get(newer.getFields().size() - 1).name();
    assertThat(read.get(addedName)).isNull();
    assertThat(read.getSchema()).isEqualTo(newer);
  }

  @Test
  void anOlderWriterWithoutAnOptionalFieldReadsAsItsDefault() throws Exception {
    Schema older = EvolvedSchemas.load(DeadLetter.class, "without-optional-key.avsc");
    DeadLetter original = SampleRecords.deadLetter(new Random(5));
    original.setOriginalKey(ByteBuffer.wrap(new byte[] {9}));
    byte[] fromOlderProducer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older)
        .encode(convert(original, older)).array();

    DeadLetter read = AvroWire.of(DeadLetter.class, WireLimits.DEFAULTS, List.of(older)).decode(fromOlderProducer);

    assertThat(read.getOriginalKey()).isNull();
    assertThat(read.getMessage()).isEqualTo(original.getMessage());
    assertThat(read.getOriginalBytes()).isEqualTo(original.getOriginalBytes());
  }

  @Test
  void aReasonCodeAddedByANewerWriterReadsAsOther() throws Exception {
    Schema newer = EvolvedSchemas.load(DeadLetter.class, "added-reason-symbol.avsc");
    DeadLetter original = SampleRecords.deadLetter(new Random(6));
    GenericRecord asNewer = convert(original, newer);
    Schema reasonSchema = newer.getField("errorCode").schema();
    asNewer.put("errorCode", new GenericData.EnumSymbol(reasonSchema, "RATE_LIMITED"));
    byte[] fromNewerProducer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), newer).encode(asNewer).array();

    DeadLetter read = AvroWire.of(DeadLetter.class, WireLimits.DEFAULTS, List.of(newer)).decode(fromNewerProducer);

    assertThat(read.getErrorCode()).isEqualTo(DeadLetterReason.OTHER);
    assertThat(read.getOffset()).isEqualTo(original.getOffset());
  }

  @Test
  void registeringAWriterTheCurrentSchemaCannotReadIsRefusedUpFront() {
    Schema narrowed = Schema.createRecord(CompressedFrame.getClassSchema().getName(), null,
        CompressedFrame.getClassSchema().getNamespace(), false, List.of(
            new Schema.Field("frameId", Schema.create(Schema.Type.INT))));
    assertThatThrownBy(() -> AvroWire.of(CompressedFrame.class, WireLimits.DEFAULTS, List.of(narrowed)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be read as the current CompressedFrame");
  }

  /** Re-reads a specific record as a generic record of another (compatible) schema. */
  private static GenericRecord convert(SpecificRecord record, Schema target) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    @SuppressWarnings("unchecked")
    SpecificDatumWriter<SpecificRecord> writer = new SpecificDatumWriter<>((Class<SpecificRecord>) record.getClass());
    writer.write(record, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(record.getSchema(), target)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }
}
