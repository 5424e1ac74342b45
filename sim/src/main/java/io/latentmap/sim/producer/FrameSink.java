package io.latentmap.sim.producer;

import io.latentmap.schemas.CompressedFrame;

/** Where produced frames go, in send order. {@link KafkaFrameSink} is the real one. */
public interface FrameSink extends AutoCloseable {

  /** Sends one frame; may return before it is acknowledged. */
  void send(CompressedFrame frame);

  /** Blocks until every frame sent so far is acknowledged; throws if any was not. */
  void flush();

  @Override
  void close();
}
