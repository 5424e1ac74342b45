package io.latentmap.testkit;

/** Where the broker behind a {@link KafkaBroker} runs, in the order the extension tries them. */
public enum BrokerKind {
  /** An existing cluster named by the {@code KAFKA_BOOTSTRAP_SERVERS} environment variable; never stopped by tests. */
  EXTERNAL,
  /** A Testcontainers {@code apache/kafka} container, used when a Docker engine answers. */
  CONTAINER,
  /** A KRaft broker+controller inside the test JVM, from Kafka's own {@code kafka-test-common-runtime}. */
  IN_PROCESS
}
