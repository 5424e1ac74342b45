package io.latentmap.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerTest {

  @RegisterExtension
  static final KafkaBroker broker = KafkaBroker.create();

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void createdTopicsHaveTheirPartitionsAndConfig() throws Exception {
    String plain = KafkaBroker.uniqueTopicName("plain");
    String compacted = KafkaBroker.uniqueTopicName("compacted");
    broker.createTopic(plain, 3);
    broker.createCompactedTopic(compacted, 2);

    try (Admin admin = broker.newAdmin()) {
      assertThat(admin.describeTopics(List.of(plain)).allTopicNames().get().get(plain).partitions()).hasSize(3);
      ConfigResource compactedResource = new ConfigResource(ConfigResource.Type.TOPIC, compacted);
      Config config = admin.describeConfigs(List.of(compactedResource)).all().get().get(compactedResource);
      assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
  }

  @Test
  void readToEndReturnsEveryCommittedRecordInPartitionOrder() throws Exception {
    String ordered = KafkaBroker.uniqueTopicName("ordered");
    broker.createTopic(ordered, 2);
    try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
      for (int i = 0; i < 100; i++) {
        producer.send(new ProducerRecord<>(ordered, i % 2, null, bytes("k" + i), bytes("v" + i)));
      }
    }

    List<ConsumerRecord<byte[], byte[]>> records = broker.readToEnd(ordered, TIMEOUT);

    assertThat(records).hasSize(100);
    for (int partition = 0; partition < 2; partition++) {
      int p = partition;
      List<String> values = records.stream().filter(r -> r.partition() == p).map(r -> new String(r.value(), UTF_8)).toList();
      List<String> sent = java.util.stream.IntStream.range(0, 100).filter(i -> i % 2 == p).mapToObj(i -> "v" + i).toList();
      assertThat(values).containsExactlyElementsOf(sent);
    }
  }

  @Test
  void aMarkOfCommittedEndsReadsOnlyWhatCameAfterIt() throws Exception {
    String marked = KafkaBroker.uniqueTopicName("marked");
    broker.createTopic(marked, 2);
    try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(marked, i % 2, null, bytes("k" + i), bytes("before" + i)));
      }
    }
    Map<Integer, Long> mark = TopicReader.committedEnds(broker.clientConfig(), marked, TIMEOUT);
    try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(marked, 1, null, bytes("k" + i), bytes("after" + i)));
      }
    }

    List<String> after = TopicReader.readCommitted(broker.clientConfig(), marked, mark, TIMEOUT).stream()
        .map(r -> new String(r.value(), UTF_8)).toList();

    assertThat(mark).containsExactly(Map.entry(0, 5L), Map.entry(1, 5L));
    assertThat(after).containsExactly("after0", "after1", "after2");
  }

  @Test
  void readToEndSeesCommittedTransactionsOnlyAndDoesNotWaitForAnOpenOne() {
    String transactional = KafkaBroker.uniqueTopicName("transactional");
    broker.createTopic(transactional, 1);
    Map<String, Object> config = broker.producerConfig();
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "testkit-transactions");
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) broker.transactionMaxTimeout().dividedBy(2).toMillis());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(transactional, bytes("committed")));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(transactional, bytes("aborted")));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(transactional, bytes("also committed")));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(transactional, bytes("still open")));
      producer.flush();

      List<String> values = broker.readToEnd(transactional, TIMEOUT).stream()
          .map(r -> new String(r.value(), UTF_8)).toList();

      assertThat(values).containsExactly("committed", "also committed");
      producer.abortTransaction();
    }
  }

  @Test
  void testBrokersReportTheTransactionCeilingTheKitConfigures() {
    if (broker.kind() == BrokerKind.EXTERNAL) {
      assertThat(broker.transactionMaxTimeout()).isPositive();
    } else {
      assertThat(broker.transactionMaxTimeout()).isEqualTo(TestBrokerConfig.TRANSACTION_MAX_TIMEOUT);
    }
  }

  @Test
  void readingAMissingTopicFailsClearly() {
    assertThatThrownBy(() -> broker.readToEnd("no-such-topic", Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-topic does not exist");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
