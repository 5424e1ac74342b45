package io.latentmap.schemas.wire;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;

/**
 * The record schemas this build knows: each top-level record's current schema (from the generated class) and every
 * version of it that was ever released, frozen as a self-contained schema file at
 * {@code io/latentmap/schemas/history/<RecordName>/v<N>.avsc} (N = 1, 2, ... without gaps). Decoders accept
 * writers on any of these versions; the newest frozen version must equal the current schema (a test checks it), so
 * changing a schema means freezing it as the next version.
 */
public final class KnownSchemas {

  /** The top-level records that travel on Kafka topics. */
  public static final List<Class<? extends org.apache.avro.specific.SpecificRecord>> TOPIC_RECORDS =
      List.of(CompressedFrame.class, TileUpdate.class, MapTile.class, DeadLetter.class);

  private static final String HISTORY_ROOT = "/io/latentmap/schemas/history/";
  /** Parsed once per class: dead-letter paths call {@link #describe} for every rejected record. */
  private static final Map<Class<?>, List<Schema>> FROZEN_BY_CLASS = new ConcurrentHashMap<>();

  private KnownSchemas() {
  }

  /** The schema the generated class was built from. */
  public static Schema current(Class<?> recordClass) {
    return SpecificData.get().getSchema(recordClass);
  }

  /** Every released version of the record, oldest first (empty if none was frozen yet). */
  public static List<Schema> frozenVersions(Class<?> recordClass) {
    return FROZEN_BY_CLASS.computeIfAbsent(recordClass, KnownSchemas::loadFrozenVersions);
  }

  private static List<Schema> loadFrozenVersions(Class<?> recordClass) {
    String recordName = recordClass.getSimpleName();
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String resource = HISTORY_ROOT + recordName + "/v" + version + ".avsc";
      try (InputStream in = KnownSchemas.class.getResourceAsStream(resource)) {
        if (in == null) {
          return List.copyOf(versions);
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read frozen schema " + resource, e);
      }
    }
  }

  /** The CRC-64-AVRO fingerprint of a schema's parsing canonical form, as in the single-object header. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /** Names the known record and version a fingerprint belongs to, e.g. "DeadLetter (current)", if any. */
  public static Optional<String> describe(long fingerprint) {
    for (Class<?> recordClass : TOPIC_RECORDS) {
      if (fingerprint(current(recordClass)) == fingerprint) {
        return Optional.of(recordClass.getSimpleName() + " (current)");
      }
      List<Schema> versions = frozenVersions(recordClass);
      for (int i = 0; i < versions.size(); i++) {
        if (fingerprint(versions.get(i)) == fingerprint) {
          return Optional.of(recordClass.getSimpleName() + " v" + (i + 1));
        }
      }
    }
    return Optional.empty();
  }
}
