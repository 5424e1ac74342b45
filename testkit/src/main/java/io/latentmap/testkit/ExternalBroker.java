package io.latentmap.testkit;

/** A broker the environment provides; the test kit neither starts nor stops it. */
record ExternalBroker(String bootstrapServers) implements RunningBroker {

  @Override
  public BrokerKind kind() {
    return BrokerKind.EXTERNAL;
  }

  @Override
  public void close() {
    // not ours to stop
  }
}
