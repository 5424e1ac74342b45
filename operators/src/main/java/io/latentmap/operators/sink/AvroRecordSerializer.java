package io.latentmap.operators.sink;

import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.schemas.wire.WireLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record to its topic in the project's wire format (Avro single-object encoding), keyed by a string such
 * as the tile id so compaction and partitioning follow the key.
 */
public final class AvroRecordSerializer<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {
  private static final long serialVersionUID = 1L;

  private final Class<T> recordType;
  private final String topic;
  private final SerializableFunction<T, String> key;
  private transient AvroWire<T> wire;

  public AvroRecordSerializer(Class<T> recordType, String topic, SerializableFunction<T, String> key) {
    this.recordType = recordType;
    this.topic = topic;
    this.key = key;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    wire = AvroWire.of(recordType, WireLimits.DEFAULTS);
  }

  /** The one topic written, which the sink's pooled transaction naming needs to know. */
  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, null, timestamp, key.apply(element).getBytes(StandardCharsets.UTF_8),
        wire.encode(element));
  }
}
