package io.latentmap.sim.producer;

/** Producing frames failed: a frame could not be rendered, read, encoded or sent. */
public final class ProducerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProducerException(String message, Throwable cause) {
    super(message, cause);
  }

  public ProducerException(String message) {
    super(message);
  }
}
