package io.latentmap.schemas.wire;

import io.latentmap.schemas.DeadLetterReason;

/** The header is fine but the body is not a valid Avro binary encoding of the writer schema it names. */
public final class MalformedRecordException extends WireFormatException {
  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String message) {
    this(message, null);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(DeadLetterReason.MALFORMED_RECORD, message, cause);
  }
}
