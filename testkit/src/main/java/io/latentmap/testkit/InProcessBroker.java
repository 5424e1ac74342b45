package io.latentmap.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One combined KRaft broker+controller in this JVM, with log directories in a temporary folder deleted on close.
 * Tests get it through {@link KafkaBroker}; the embedded demo starts one directly.
 */
public final class InProcessBroker implements RunningBroker {

  private final KafkaClusterTestKit cluster;

  private InProcessBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static InProcessBroker start() throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        // The kit defaults to the newest testing metadata version; a deployed broker runs the newest production one.
        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
        .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
    TestBrokerConfig.SETTINGS.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new InProcessBroker(cluster);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public BrokerKind kind() {
    return BrokerKind.IN_PROCESS;
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
