package io.latentmap.jobs;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A fresh set of the job's four topics on the test broker, and the job settings that point at them. */
record JobTopics(KafkaBroker kafka, String frames, String updates, String tiles, String deadLetters) {
  static final int FRAME_PARTITIONS = 4;
  static final int MAX_MESSAGE_BYTES = 8 << 20;
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  static JobTopics create(KafkaBroker kafka) {
    JobTopics t = new JobTopics(kafka, KafkaBroker.uniqueTopicName("fleet.frames"),
        KafkaBroker.uniqueTopicName("hdmap.tile-updates"), KafkaBroker.uniqueTopicName("hdmap.tiles"),
        KafkaBroker.uniqueTopicName("fleet.frames.dlq"));
    kafka.createTopic(t.frames, FRAME_PARTITIONS, Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
    kafka.createTopic(t.updates, 2);
    kafka.createCompactedTopic(t.tiles, 2);
    kafka.createTopic(t.deadLetters, 1, Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
    return t;
  }

  /** Job flags for these topics; {@code extra} flags follow and win. */
  MapUpdateConfig config(Path bundle, int parallelism, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--kafka.bootstrap-servers", kafka.bootstrapServers(),
        "--topic.frames", frames, "--topic.tile-updates", updates, "--topic.tiles", tiles,
        "--topic.dead-letters", deadLetters,
        "--kafka.group-id", frames + "-job", "--kafka.transactional-id-prefix", frames,
        "--kafka.starting-offsets", "EARLIEST",
        "--bundle.dir", bundle.toString(), "--checkpoint.interval", "300 ms",
        "--parallelism", String.valueOf(parallelism), "--watermark.idleness", "2 s",
        // The fixture bundle's heads are untrained: their softmax is flat, so every cell's vote counts.
        "--map.min-cell-confidence", "0"));
    args.addAll(List.of(extra));
    return MapUpdateConfig.load(args.toArray(String[]::new), Map.of());
  }

  /** A producer for records up to the topics' size limit (the test kit's default producer stops at 1 MB). */
  KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> config = new HashMap<>(kafka.producerConfig());
    config.put("max.request.size", MAX_MESSAGE_BYTES);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static void send(KafkaProducer<byte[], byte[]> producer, String topic, CompressedFrame frame) throws Exception {
    producer.send(new ProducerRecord<>(topic, null, frame.getCaptureTime().toEpochMilli(),
        frame.getSourceId().getBytes(StandardCharsets.UTF_8), AvroWire.compressedFrames().encode(frame))).get();
  }

  /** Everything committed on a topic, decoded. */
  <T extends SpecificRecord> List<T> readAll(String topic, AvroWire<T> wire) throws Exception {
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.readToEnd(topic, READ_TIMEOUT)) {
      out.add(wire.decode(record.value()));
    }
    return out;
  }
}
