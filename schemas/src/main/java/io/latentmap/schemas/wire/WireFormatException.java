package io.latentmap.schemas.wire;

import io.latentmap.schemas.DeadLetterReason;
import java.io.IOException;

/**
 * A record read from the wire was refused. Each subclass names one way input can be bad and carries the
 * {@link DeadLetterReason} a consumer should write to the dead-letter topic, so the reason code is decided here,
 * next to the check, and not re-derived from messages downstream.
 *
 * <p>It is an {@link IOException} so that it fits deserializer signatures (Kafka, Flink) without wrapping.
 */
public abstract class WireFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  protected WireFormatException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The dead-letter reason code for this rejection. */
  public DeadLetterReason reason() {
    return reason;
  }
}
