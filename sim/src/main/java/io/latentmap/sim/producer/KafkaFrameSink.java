package io.latentmap.sim.producer;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.wire.AvroWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes CompressedFrames to a Kafka topic: key = sourceId (UTF-8), value = Avro single-object encoding,
 * record timestamp = capture time. The producer is idempotent with acks=all, so a retried send is never written
 * twice and a frame counts as sent only once every in-sync replica has it; records of one source keep their order.
 */
public final class KafkaFrameSink implements FrameSink {

  /**
   * Largest request the producer sends: a full frame of a large bundle is a few hundred kilobytes; this leaves
   * room for bigger tensors. The topic's {@code max.message.bytes} must allow the frames too.
   */
  public static final int MAX_REQUEST_BYTES = 8 * 1024 * 1024;
  /** Frames of one tick leave together; a few milliseconds of batching costs nothing at 10 Hz. */
  static final int LINGER_MS = 5;
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AvroWire<CompressedFrame> wire = AvroWire.compressedFrames();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  public KafkaFrameSink(Producer<byte[], byte[]> producer, String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    this.producer = producer;
    this.topic = topic;
  }

  /** A sink with its own producer, configured by {@link #producerConfig}. */
  public static KafkaFrameSink connect(String bootstrapServers, String topic) {
    return new KafkaFrameSink(new KafkaProducer<>(producerConfig(bootstrapServers)), topic);
  }

  /** Idempotent, acks=all, byte-array serializers, no compression (the layers are entropy coded already). */
  public static Map<String, Object> producerConfig(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * MAX_REQUEST_BYTES);
    config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  /** The Kafka record of a frame. */
  public static ProducerRecord<byte[], byte[]> record(String topic, CompressedFrame frame, byte[] value) {
    long micros = Math.addExact(Math.multiplyExact(frame.getCaptureTime().getEpochSecond(), 1_000_000L),
        frame.getCaptureTime().getNano() / 1_000L);
    return new ProducerRecord<>(topic, null, WireConventions.millisOfMicros(micros),
        frame.getSourceId().getBytes(StandardCharsets.UTF_8), value);
  }

  @Override
  public void send(CompressedFrame frame) {
    throwIfFailed();
    producer.send(record(topic, frame, wire.encode(frame)), (metadata, error) -> {
      if (error != null) {
        firstFailure.compareAndSet(null, error);
      }
    });
  }

  @Override
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  private void throwIfFailed() {
    Exception failure = firstFailure.get();
    if (failure != null) {
      throw new ProducerException("Kafka refused a frame on " + topic + ": " + failure.getMessage(), failure);
    }
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
