package io.latentmap.operators.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.operators.source.RawRecord;
import io.latentmap.operators.validate.DeadLetters;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.wire.AvroWire;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AvroRecordSerializerTest {
  private final AvroRecordSerializer<DeadLetter> serializer =
      new AvroRecordSerializer<>(DeadLetter.class, "fleet.frames.dlq", l -> l.getErrorCode().name());

  @Test
  void writesTheRecordInTheWireFormatToItsTopicUnderItsKey() throws Exception {
    DeadLetter letter = DeadLetters.of(new RawRecord("fleet.frames", 3, 17L, new byte[] {1}, new byte[] {2, 3}, 5L),
        DeadLetterReason.BAD_CRC, "crc mismatch", 1_000_000L, Integer.MAX_VALUE);
    serializer.open(null, null);

    ProducerRecord<byte[], byte[]> record = serializer.serialize(letter, null, 42L);

    assertThat(record.topic()).isEqualTo("fleet.frames.dlq");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("BAD_CRC");
    assertThat(record.timestamp()).isEqualTo(42L);
    assertThat(AvroWire.deadLetters().decode(record.value())).isEqualTo(letter);
  }

  /** The exactly-once sink's pooled transaction naming refuses a serializer that does not name its topics. */
  @Test
  void namesTheOneTopicItWritesForTheSinksTransactionPool() {
    KafkaDatasetFacet facet = serializer.getKafkaDatasetFacet().orElseThrow();

    assertThat(((DefaultKafkaDatasetIdentifier) facet.getTopicIdentifier()).getTopics())
        .containsExactly("fleet.frames.dlq");
  }
}
