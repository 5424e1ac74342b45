package io.latentmap.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.schemas.CompressedFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs Avro's SchemaCompatibility over every pair of versions of each topic record: the current schema, every
 * frozen release and the other-release writers under test resources. All must read each other both ways (full
 * compatibility), so producers and consumers can be upgraded in any order.
 */
class SchemaCompatibilityTest {

  static Stream<Class<? extends SpecificRecord>> topicRecords() {
    return KnownSchemas.TOPIC_RECORDS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topicRecords")
  void everyVersionReadsEveryOtherVersion(Class<? extends SpecificRecord> type) {
    Map<String, Schema> versions = versionsOf(type);
    assertThat(versions).hasSizeGreaterThanOrEqualTo(3); // current, v1, at least one other release

    List<String> incompatible = new ArrayList<>();
    versions.forEach((readerName, reader) -> versions.forEach((writerName, writer) -> {
      SchemaCompatibility.SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
      if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
        incompatible.add("reader " + readerName + " / writer " + writerName + ": " + result.getDescription());
      }
    }));
    assertThat(incompatible).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topicRecords")
  void theNewestFrozenVersionIsTheCurrentSchema(Class<? extends SpecificRecord> type) {
    List<Schema> frozen = KnownSchemas.frozenVersions(type);
    assertThat(frozen).as("frozen versions of %s", type.getSimpleName()).isNotEmpty();
    assertThat(SchemaNormalization.toParsingForm(frozen.get(frozen.size() - 1)))
        .as("schema changed without freezing it as history/%s/v%d.avsc", type.getSimpleName(), frozen.size() + 1)
        .isEqualTo(SchemaNormalization.toParsingForm(KnownSchemas.current(type)));
  }

  @Test
  void theCheckerDetectsARequiredFieldAddedWithoutDefault() {
    Schema incompatible = EvolvedSchemas.resource("/incompatible/CompressedFrame-required-field-without-default.avsc");
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(incompatible, CompressedFrame.getClassSchema())
        .getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topicRecords")
  void everyRecordAndFieldIsDocumented(Class<? extends SpecificRecord> type) {
    List<String> undocumented = new ArrayList<>();
    collectUndocumented(KnownSchemas.current(type), undocumented, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    assertThat(undocumented).isEmpty();
  }

  private static void collectUndocumented(Schema schema, List<String> undocumented, Set<Schema> seen) {
    if (!seen.add(schema)) {
      return;
    }
    switch (schema.getType()) {
      case RECORD -> {
        requireDoc(schema.getDoc(), schema.getFullName(), undocumented);
        for (Schema.Field field : schema.getFields()) {
          requireDoc(field.doc(), schema.getName() + "." + field.name(), undocumented);
          collectUndocumented(field.schema(), undocumented, seen);
        }
      }
      case ENUM, FIXED -> requireDoc(schema.getDoc(), schema.getFullName(), undocumented);
      case ARRAY -> collectUndocumented(schema.getElementType(), undocumented, seen);
      case MAP -> collectUndocumented(schema.getValueType(), undocumented, seen);
      case UNION -> schema.getTypes().forEach(branch -> collectUndocumented(branch, undocumented, seen));
      default -> { }
    }
  }

  private static void requireDoc(String doc, String where, List<String> undocumented) {
    if (doc == null || doc.isBlank()) {
      undocumented.add(where);
    }
  }

  private static Map<String, Schema> versionsOf(Class<? extends SpecificRecord> type) {
    Map<String, Schema> versions = new LinkedHashMap<>();
    versions.put("current", KnownSchemas.current(type));
    List<Schema> frozen = KnownSchemas.frozenVersions(type);
    for (int i = 0; i < frozen.size(); i++) {
      versions.put("v" + (i + 1), frozen.get(i));
    }
    for (Path file : EvolvedSchemas.files(type)) {
      versions.put(file.getFileName().toString(), EvolvedSchemas.parse(file));
    }
    return versions;
  }
}
