package io.latentmap.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what a topic holds right now, as an exactly-once reader sees it: tests, the demo and evaluation use it. */
public final class TopicReader {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private TopicReader() {}

  /**
   * Reads a topic from the beginning to its current end, seeing only committed records
   * ({@code isolation.level=read_committed}; the end is the last stable offset, so an open transaction's records
   * are not waited for). Records are in offset order within each partition. Uses no consumer group.
   *
   * @throws TimeoutException when the end is not reached within {@code timeout}, naming the positions reached
   * @throws IllegalArgumentException when the topic does not exist
   */
  public static List<ConsumerRecord<byte[], byte[]>> readCommitted(Map<String, Object> clientConfig, String topic,
      Duration timeout) {
    return readCommitted(clientConfig, topic, Map.of(), timeout);
  }

  /**
   * As {@link #readCommitted(Map, String, Duration)}, but each partition named in {@code from} (partition number to
   * offset, e.g. what {@link #committedEnds} returned earlier) starts there instead of at its beginning: what was
   * committed since.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readCommitted(Map<String, Object> clientConfig, String topic,
      Map<Integer, Long> from, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommittedConsumerConfig(clientConfig))) {
      List<TopicPartition> partitions = partitions(consumer, topic, timeout);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      for (TopicPartition p : partitions) {
        Long start = from.get(p.partition());
        if (start != null) {
          consumer.seek(p, start);
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));

      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      while (!reachedEnd(consumer, end, deadline)) {
        Duration left = remaining(deadline);
        if (left.isZero()) {
          throw new TimeoutException("reading " + topic + " to its end took longer than " + timeout + "; positions "
              + positions(consumer, partitions) + ", end " + end + ", " + records.size() + " records read");
        }
        consumer.poll(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL).forEach(records::add);
      }
      return records;
    }
  }

  /**
   * Each partition's end as a {@code read_committed} reader sees it now (the last stable offset), by partition
   * number: a mark to read what gets committed after it with {@link #readCommitted(Map, String, Map, Duration)}.
   */
  public static Map<Integer, Long> committedEnds(Map<String, Object> clientConfig, String topic, Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommittedConsumerConfig(clientConfig))) {
      Map<Integer, Long> ends = new java.util.TreeMap<>();
      consumer.endOffsets(partitions(consumer, topic, timeout), timeout)
          .forEach((p, offset) -> ends.put(p.partition(), offset));
      return ends;
    }
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
    List<PartitionInfo> partitionInfos = consumer.partitionsFor(topic, timeout);
    if (partitionInfos == null || partitionInfos.isEmpty()) {
      throw new IllegalArgumentException("topic " + topic + " does not exist");
    }
    return partitionInfos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
  }

  /**
   * A consumer of raw bytes that sees committed transactions only and never commits offsets or creates topics:
   * how every reader of the job's exactly-once output (tests, the drill, the viewer) must read it.
   */
  public static Map<String, Object> readCommittedConsumerConfig(Map<String, Object> clientConfig) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end, Instant deadline) {
    for (Map.Entry<TopicPartition, Long> partitionEnd : end.entrySet()) {
      if (consumer.position(partitionEnd.getKey(), remaining(deadline)) < partitionEnd.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static String positions(KafkaConsumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    return partitions.stream()
        .map(p -> p + "=" + consumer.position(p, Duration.ofSeconds(1)))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
