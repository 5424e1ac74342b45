package io.latentmap.schemas.wire;

import io.latentmap.schemas.DeadLetterReason;

/** The header names a writer schema (by its CRC-64-AVRO fingerprint) that this decoder does not know. */
public final class UnknownSchemaException extends WireFormatException {
  private static final long serialVersionUID = 1L;

  private final long fingerprint;

  public UnknownSchemaException(long fingerprint, String message) {
    super(DeadLetterReason.UNKNOWN_SCHEMA, message, null);
    this.fingerprint = fingerprint;
  }

  /** The CRC-64-AVRO fingerprint found in the header. */
  public long fingerprint() {
    return fingerprint;
  }
}
