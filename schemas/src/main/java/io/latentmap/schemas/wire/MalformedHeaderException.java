package io.latentmap.schemas.wire;

import io.latentmap.schemas.DeadLetterReason;

/** The bytes do not start with the Avro single-object header (marker {@code C3 01} and an 8-byte fingerprint). */
public final class MalformedHeaderException extends WireFormatException {
  private static final long serialVersionUID = 1L;

  public MalformedHeaderException(String message) {
    super(DeadLetterReason.BAD_HEADER, message, null);
  }
}
