package io.latentmap.schemas.wire;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type in Avro single-object encoding: {@code C3 01}, the writer schema's 8-byte
 * little-endian CRC-64-AVRO fingerprint, then the Avro binary body. This is the value format of every latentmap
 * topic.
 *
 * <p>Decoding is strict and bounded: the message size, the header, the fingerprint (looked up in a
 * {@link SchemaStore} holding only this record's known versions, see {@link KnownSchemas}) and every length inside
 * the body are checked before Avro allocates anything, and each failure is a specific {@link WireFormatException}
 * that carries its dead-letter reason. Records written with an older or newer known writer schema are resolved to
 * the current schema by Avro's schema resolution.
 *
 * <p>Instances are immutable after construction and may be shared between threads (Avro's message codecs keep
 * their buffers in thread-locals).
 */
public final class AvroWire<T extends SpecificRecord> {

  /** Length of the single-object header: 2 marker bytes and the 8-byte fingerprint. */
  public static final int HEADER_LENGTH = 10;

  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;
  private static final int FINGERPRINT_OFFSET = 2;

  private final Class<T> recordType;
  private final Schema readerSchema;
  private final WireLimits limits;
  private final Map<Long, Schema> writerSchemas;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroWire(Class<T> recordType, WireLimits limits, Collection<Schema> additionalWriterSchemas) {
    this.recordType = recordType;
    this.readerSchema = KnownSchemas.current(recordType);
    this.limits = limits;
    this.writerSchemas = knownWriters(recordType, readerSchema, additionalWriterSchemas);

    SchemaStore.Cache store = new SchemaStore.Cache();
    writerSchemas.values().forEach(store::addSchema);
    SpecificData model = SpecificData.getForClass(recordType);
    // No defensive copy inside Avro: encode() copies the thread-local buffer straight into the returned array.
    this.encoder = new BinaryMessageEncoder<>(model, readerSchema, false);
    this.decoder = new BinaryMessageDecoder<>(model, readerSchema, store);
  }

  /** A codec for {@code recordType} that accepts its current and frozen schema versions. */
  public static <T extends SpecificRecord> AvroWire<T> of(Class<T> recordType, WireLimits limits) {
    return new AvroWire<>(recordType, limits, List.of());
  }

  /**
   * A codec that also accepts writers on {@code additionalWriterSchemas}, e.g. a newer producer's schema that this
   * build does not ship yet. Each must be readable as the current schema, or this throws
   * {@link IllegalArgumentException} naming the incompatibility.
   */
  public static <T extends SpecificRecord> AvroWire<T> of(
      Class<T> recordType, WireLimits limits, Collection<Schema> additionalWriterSchemas) {
    return new AvroWire<>(recordType, limits, additionalWriterSchemas);
  }

  public static AvroWire<CompressedFrame> compressedFrames() {
    return of(CompressedFrame.class, WireLimits.DEFAULTS);
  }

  public static AvroWire<TileUpdate> tileUpdates() {
    return of(TileUpdate.class, WireLimits.DEFAULTS);
  }

  public static AvroWire<MapTile> mapTiles() {
    return of(MapTile.class, WireLimits.DEFAULTS);
  }

  public static AvroWire<DeadLetter> deadLetters() {
    return of(DeadLetter.class, WireLimits.DEFAULTS);
  }

  /**
   * Encodes with the current schema.
   *
   * @throws IllegalArgumentException if the encoded record would exceed {@link WireLimits#maxRecordBytes()}, so a
   *     producer never sends what a consumer with the same limits refuses
   * @throws NullPointerException if a non-nullable field is null (Avro's message names the field)
   */
  public byte[] encode(T record) {
    ByteBuffer encoded;
    try {
      encoded = encoder.encode(record);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding " + recordType.getSimpleName() + " failed", e);
    }
    if (encoded.remaining() > limits.maxRecordBytes()) {
      throw new IllegalArgumentException(recordType.getSimpleName() + " encodes to " + encoded.remaining()
          + " bytes, more than maxRecordBytes " + limits.maxRecordBytes());
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  /**
   * Decodes a single-object encoded message into the current schema.
   *
   * @throws RecordTooLargeException the message or a length inside it exceeds the limits
   * @throws MalformedHeaderException no value, or not a single-object header
   * @throws UnknownSchemaException the writer schema's fingerprint is not one this codec knows
   * @throws MalformedRecordException the body does not decode exactly under the writer schema
   */
  public T decode(byte[] message) throws WireFormatException {
    if (message == null) {
      throw new MalformedHeaderException("no value (null) where a single-object encoded "
          + recordType.getSimpleName() + " was expected");
    }
    if (message.length > limits.maxRecordBytes()) {
      throw new RecordTooLargeException("maxRecordBytes", "message length", message.length, limits.maxRecordBytes());
    }
    Schema writer = writerSchemaOf(message);
    BoundedBodyScanner.scan(message, HEADER_LENGTH, writer, limits);
    try {
      return decoder.decode(message);
    } catch (IOException | RuntimeException e) {
      throw new MalformedRecordException("cannot decode " + recordType.getSimpleName() + " written with "
          + KnownSchemas.describe(KnownSchemas.fingerprint(writer)).orElse("an additional writer schema") + ": " + e,
          e);
    }
  }

  /** Reads the writer fingerprint from a message's header without decoding the body. */
  public static long fingerprintOf(byte[] message) throws MalformedHeaderException {
    if (message == null || message.length < HEADER_LENGTH) {
      throw new MalformedHeaderException("message of " + (message == null ? "no" : message.length)
          + " bytes is shorter than the " + HEADER_LENGTH + "-byte single-object header");
    }
    if (message[0] != MARKER_0 || message[1] != MARKER_1) {
      throw new MalformedHeaderException(String.format(
          "message starts with %02x %02x, not the single-object marker c3 01", message[0], message[1]));
    }
    return ByteBuffer.wrap(message, FINGERPRINT_OFFSET, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** The current (reader) schema. */
  public Schema schema() {
    return readerSchema;
  }

  /** Fingerprint this codec writes into every header. */
  public long fingerprint() {
    return KnownSchemas.fingerprint(readerSchema);
  }

  /** The writer schemas accepted, by fingerprint. */
  public Map<Long, Schema> writerSchemas() {
    return writerSchemas;
  }

  public WireLimits limits() {
    return limits;
  }

  private Schema writerSchemaOf(byte[] message) throws WireFormatException {
    long fingerprint = fingerprintOf(message);
    Schema writer = writerSchemas.get(fingerprint);
    if (writer == null) {
      String known = writerSchemas.keySet().stream().map(AvroWire::hex).collect(Collectors.joining(", "));
      String other = KnownSchemas.describe(fingerprint).map(name -> " (it is " + name + ")").orElse("");
      throw new UnknownSchemaException(fingerprint, "writer schema fingerprint " + hex(fingerprint) + other
          + " is not a known " + recordType.getSimpleName() + " schema; known: " + known);
    }
    return writer;
  }

  private static Map<Long, Schema> knownWriters(Class<?> recordType, Schema reader, Collection<Schema> additional) {
    List<Schema> candidates = new ArrayList<>();
    candidates.add(reader);
    candidates.addAll(KnownSchemas.frozenVersions(recordType));
    candidates.addAll(additional);
    Map<Long, Schema> byFingerprint = new LinkedHashMap<>();
    for (Schema writer : candidates) {
      SchemaCompatibility.SchemaPairCompatibility compatibility =
          SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
      if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new IllegalArgumentException("writer schema " + writer.getFullName() + " " + hex(KnownSchemas.fingerprint(writer))
            + " cannot be read as the current " + recordType.getSimpleName() + ": " + compatibility.getDescription());
      }
      byFingerprint.putIfAbsent(KnownSchemas.fingerprint(writer), writer);
    }
    return Map.copyOf(byFingerprint);
  }

  private static String hex(long fingerprint) {
    return String.format("%016x", fingerprint);
  }
}
