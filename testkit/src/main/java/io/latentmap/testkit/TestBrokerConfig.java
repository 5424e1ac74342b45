package io.latentmap.testkit;

import java.time.Duration;
import java.util.Map;

/**
 * Broker settings for a single-node test broker, shared by the in-process and the container broker so both behave
 * alike: internal topics with replication factor 1 and one partition (a single node cannot host three replicas, and
 * fewer partitions make the coordinators ready sooner), no initial rebalance delay for consumer groups, and a known
 * transaction timeout ceiling.
 */
final class TestBrokerConfig {

  /**
   * Kafka's default ceiling for a producer's {@code transaction.timeout.ms}, set explicitly so tests can rely on it:
   * Flink's exactly-once KafkaSink must use a transaction timeout below it or InitProducerId fails.
   */
  static final Duration TRANSACTION_MAX_TIMEOUT = Duration.ofMinutes(15);

  static final Map<String, String> SETTINGS = Map.ofEntries(
      Map.entry("offsets.topic.replication.factor", "1"),
      Map.entry("offsets.topic.num.partitions", "1"),
      Map.entry("transaction.state.log.replication.factor", "1"),
      Map.entry("transaction.state.log.min.isr", "1"),
      Map.entry("transaction.state.log.num.partitions", "1"),
      Map.entry("share.coordinator.state.topic.replication.factor", "1"),
      Map.entry("share.coordinator.state.topic.min.isr", "1"),
      Map.entry("default.replication.factor", "1"),
      Map.entry("min.insync.replicas", "1"),
      Map.entry("group.initial.rebalance.delay.ms", "0"),
      Map.entry("transaction.max.timeout.ms", Long.toString(TRANSACTION_MAX_TIMEOUT.toMillis())));

  private TestBrokerConfig() {
  }

  /** The settings as the environment variables the apache/kafka image turns into server properties. */
  static Map<String, String> asContainerEnvironment() {
    Map<String, String> environment = new java.util.TreeMap<>();
    SETTINGS.forEach((key, value) -> environment.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
    return environment;
  }
}
