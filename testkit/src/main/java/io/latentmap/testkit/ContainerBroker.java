package io.latentmap.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** An {@code apache/kafka} container started by Testcontainers, of the same Kafka version as the clients. */
final class ContainerBroker implements RunningBroker {

  /** Overrides the image, e.g. {@code -Dlatentmap.testkit.kafkaImage=apache/kafka:4.1.1}. */
  static final String IMAGE_PROPERTY = "latentmap.testkit.kafkaImage";

  private static final Path DEFAULT_DOCKER_SOCKET = Path.of("/var/run/docker.sock");
  private static final Path TESTCONTAINERS_USER_CONFIG = Path.of(System.getProperty("user.home"), ".testcontainers.properties");

  private final KafkaContainer container;

  private ContainerBroker(KafkaContainer container) {
    this.container = container;
  }

  /**
   * Whether a Docker engine answers. Testcontainers is asked only when something says Docker may be there (a
   * DOCKER_HOST, the default socket, or a Testcontainers user config), so machines without Docker skip its
   * discovery entirely instead of paying for its strategies.
   */
  static boolean dockerAnswers() {
    boolean hinted = System.getenv("DOCKER_HOST") != null
        || Files.exists(DEFAULT_DOCKER_SOCKET)
        || Files.exists(TESTCONTAINERS_USER_CONFIG);
    return hinted && DockerClientFactory.instance().isDockerAvailable();
  }

  @SuppressWarnings("resource") // closed in close()
  static ContainerBroker start() {
    String image = System.getProperty(IMAGE_PROPERTY, "apache/kafka:" + AppInfoParser.getVersion());
    KafkaContainer container = new KafkaContainer(image).withEnv(TestBrokerConfig.asContainerEnvironment());
    container.start();
    return new ContainerBroker(container);
  }

  @Override
  public BrokerKind kind() {
    return BrokerKind.CONTAINER;
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
