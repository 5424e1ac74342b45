package io.latentmap.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives a test class a real Kafka broker:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBroker broker = KafkaBroker.create();
 * ... broker.bootstrapServers(), broker.createTopic("fleet.frames", 4), broker.readToEnd("fleet.frames", timeout)
 * }</pre>
 *
 * <p>The broker is, in this order: the cluster named by {@code KAFKA_BOOTSTRAP_SERVERS} if that is set; a
 * Testcontainers {@code apache/kafka} container if a Docker engine answers (skipped without a wait when nothing
 * suggests Docker, or with {@code -Dlatentmap.testkit.broker=in-process}); otherwise a combined KRaft
 * broker+controller in this JVM. It starts before the class's first test and stops after its last, so there is at
 * most one broker per test class; the start time is printed. Test brokers (container and in-process) use
 * replication factor 1 for internal topics and {@code transaction.max.timeout.ms} = {@link #transactionMaxTimeout()}.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  /** Names a bootstrap address of an existing cluster to use instead of starting one. */
  public static final String BOOTSTRAP_ENVIRONMENT_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
  /** {@code -Dlatentmap.testkit.broker=in-process} skips the Docker probe, e.g. on machines with a slow engine. */
  public static final String BROKER_PROPERTY = "latentmap.testkit.broker";

  private static final String IN_PROCESS_PROPERTY_VALUE = "in-process";
  private static final String TRANSACTION_MAX_TIMEOUT_CONFIG = "transaction.max.timeout.ms";
  /** Longest single wait inside {@link #readToEnd}; short so the deadline is honoured closely. */
  /** Pause between metadata checks while a new topic's partitions get their leaders. */
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private RunningBroker running;
  private String startedByContextId;
  private Duration transactionMaxTimeout;

  private KafkaBroker() {
  }

  /** An extension to register in a static field with {@code @RegisterExtension}. */
  public static KafkaBroker create() {
    return new KafkaBroker();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (running != null) {
      return; // a @Nested class shares its enclosing class's broker
    }
    Instant start = Instant.now();
    running = startBroker();
    startedByContextId = context.getUniqueId();
    System.out.printf("kafka broker (%s) at %s started in %d ms%n",
        running.kind(), running.bootstrapServers(), Duration.between(start, Instant.now()).toMillis());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (running == null) {
      throw new IllegalStateException(
          "KafkaBroker must be registered in a static field: @RegisterExtension static final KafkaBroker broker = KafkaBroker.create()");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (running != null && context.getUniqueId().equals(startedByContextId)) {
      try {
        running.close();
      } finally {
        running = null;
        transactionMaxTimeout = null;
      }
    }
  }

  /** Where the broker runs. */
  public BrokerKind kind() {
    return broker().kind();
  }

  /** The {@code bootstrap.servers} value for clients. */
  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /**
   * The broker's {@code transaction.max.timeout.ms}, read from the broker itself (so it is right for an external
   * cluster too). A transactional producer, e.g. Flink's exactly-once KafkaSink, must set
   * {@code transaction.timeout.ms} below it.
   */
  public synchronized Duration transactionMaxTimeout() {
    if (transactionMaxTimeout == null) {
      transactionMaxTimeout = Duration.ofMillis(Long.parseLong(brokerConfig(TRANSACTION_MAX_TIMEOUT_CONFIG)));
    }
    return transactionMaxTimeout;
  }

  /** Client settings with the bootstrap address, to add producer/consumer settings to. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return config;
  }

  /** Settings of an idempotent producer of byte arrays that waits for all in-sync replicas. */
  public Map<String, Object> producerConfig() {
    Map<String, Object> config = clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  /** A new producer with {@link #producerConfig()}; the caller closes it. */
  public KafkaProducer<byte[], byte[]> newProducer() {
    return new KafkaProducer<>(producerConfig());
  }

  /** A new Admin client; the caller closes it. */
  public Admin newAdmin() {
    return Admin.create(clientConfig());
  }

  /**
   * {@code base} with a random suffix, for topics of a broker that may outlive the test class (an
   * {@link BrokerKind#EXTERNAL} cluster keeps topics, and their records, between runs).
   */
  public static String uniqueTopicName(String base) {
    return base + "-" + UUID.randomUUID();
  }

  /** Creates a topic with the broker's default replication and waits until every partition has a leader. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /** Creates a log-compacted topic ({@code cleanup.policy=compact}), as for latest-value-per-key topics. */
  public void createCompactedTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  /** Creates a topic with the given topic-level configs and waits until every partition has a leader. */
  public void createTopic(String name, int partitions, Map<String, String> topicConfig) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, got " + partitions);
    }
    NewTopic topic = new NewTopic(name, java.util.Optional.of(partitions), java.util.Optional.empty()).configs(topicConfig);
    try (Admin admin = newAdmin()) {
      Topics.createAndAwaitLeaders(admin, List.of(topic), ADMIN_TIMEOUT);
    }
  }

  /**
   * Reads a topic from the beginning to its current end, seeing only committed records; see {@link TopicReader}.
   *
   * @throws TimeoutException when the end is not reached within {@code timeout}, naming the positions reached
   * @throws IllegalArgumentException when the topic does not exist
   */
  public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, Duration timeout) {
    return TopicReader.readCommitted(clientConfig(), topic, timeout);
  }



  private String brokerConfig(String name) {
    try (Admin admin = newAdmin()) {
      String nodeId = admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .iterator().next().idString();
      ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
      Config config = admin.describeConfigs(List.of(resource)).all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
      return Objects.requireNonNull(config.get(name), name + " not reported by broker " + nodeId).value();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot read broker config " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading broker config " + name, e);
    }
  }

  private RunningBroker broker() {
    if (running == null) {
      throw new IllegalStateException("no broker: KafkaBroker is used outside a test class that registers it "
          + "statically, or after its tests ended");
    }
    return running;
  }

  private static RunningBroker startBroker() throws Exception {
    String external = System.getenv(BOOTSTRAP_ENVIRONMENT_VARIABLE);
    if (external != null && !external.isBlank()) {
      return new ExternalBroker(external.trim());
    }
    boolean inProcessOnly = IN_PROCESS_PROPERTY_VALUE.equals(System.getProperty(BROKER_PROPERTY));
    if (!inProcessOnly && ContainerBroker.dockerAnswers()) {
      return ContainerBroker.start();
    }
    return InProcessBroker.start();
  }
}
