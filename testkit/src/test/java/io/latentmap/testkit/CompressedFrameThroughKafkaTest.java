package io.latentmap.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.SampleRecords;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.schemas.wire.FrameIntegrity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 10,000 single-object encoded frames through a real broker and back: every byte and every record survives. */
class CompressedFrameThroughKafkaTest {

  @RegisterExtension
  static final KafkaBroker broker = KafkaBroker.create();

  private static final String TOPIC = KafkaBroker.uniqueTopicName("fleet.frames");
  private static final int FRAMES = 10_000;
  private static final int PARTITIONS = 4;
  private static final int LAYERS = 3;
  private static final int MIN_LAYER_BYTES = 1024;
  private static final int MAX_LAYER_BYTES = 5 * 1024;
  private static final long SEED = 20261126L;

  private final AvroWire<CompressedFrame> wire = AvroWire.compressedFrames();

  @Test
  void tenThousandFramesRoundTripExactly() throws Exception {
    broker.createTopic(TOPIC, PARTITIONS);
    Map<String, byte[]> sentByFrameId = new HashMap<>();
    Map<String, Integer> indexByFrameId = new HashMap<>();

    long produceStart = System.nanoTime();
    Map<String, Object> config = broker.producerConfig();
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (int i = 0; i < FRAMES; i++) {
        CompressedFrame frame = frame(i);
        byte[] value = wire.encode(frame);
        sentByFrameId.put(frame.getFrameId(), value);
        indexByFrameId.put(frame.getFrameId(), i);
        producer.send(new ProducerRecord<>(TOPIC, frame.getSourceId().getBytes(UTF_8), value));
      }
      producer.flush();
    }
    long produceMillis = (System.nanoTime() - produceStart) / 1_000_000;

    long consumeStart = System.nanoTime();
    List<ConsumerRecord<byte[], byte[]>> received = broker.readToEnd(TOPIC, Duration.ofMinutes(1));
    long consumeMillis = (System.nanoTime() - consumeStart) / 1_000_000;

    assertThat(sentByFrameId).hasSize(FRAMES);
    assertThat(received).hasSize(FRAMES);
    long totalBytes = 0;
    for (ConsumerRecord<byte[], byte[]> record : received) {
      CompressedFrame decoded = wire.decode(record.value());
      assertThat(record.value()).isEqualTo(sentByFrameId.remove(decoded.getFrameId()));
      assertThat(decoded).isEqualTo(frame(indexByFrameId.get(decoded.getFrameId())));
      assertThat(new String(record.key(), UTF_8)).isEqualTo(decoded.getSourceId());
      assertThat(FrameIntegrity.matches(decoded)).isTrue();
      totalBytes += record.value().length;
    }
    assertThat(sentByFrameId).as("frames sent but never received").isEmpty();
    System.out.printf("kafka.frames.produce_ms %d ms%nkafka.frames.consume_ms %d ms%nkafka.frames.bytes %d bytes%n",
        produceMillis, consumeMillis, totalBytes);
  }

  /** Frame {@code index}, the same every time it is asked for, so originals need not be held in memory. */
  private static CompressedFrame frame(int index) {
    return SampleRecords.compressedFrame(new Random(SEED + index), LAYERS, MIN_LAYER_BYTES, MAX_LAYER_BYTES);
  }
}
