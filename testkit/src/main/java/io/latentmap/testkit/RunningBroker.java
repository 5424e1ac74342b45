package io.latentmap.testkit;

/** A started broker of some {@link BrokerKind}; closing it stops what the test kit started. */
public interface RunningBroker extends AutoCloseable {

  BrokerKind kind();

  String bootstrapServers();

  @Override
  void close() throws Exception;
}
