package io.latentmap.schemas.wire;

import io.latentmap.schemas.DeadLetterReason;

/** The record, or one bytes/string/array/map inside it, is larger than the configured {@link WireLimits}. */
public final class RecordTooLargeException extends WireFormatException {
  private static final long serialVersionUID = 1L;

  private final String limitName;
  private final long actual;
  private final long maximum;

  public RecordTooLargeException(String limitName, String where, long actual, long maximum) {
    super(DeadLetterReason.RECORD_TOO_LARGE,
        where + " is " + actual + " but " + limitName + " allows at most " + maximum, null);
    this.limitName = limitName;
    this.actual = actual;
    this.maximum = maximum;
  }

  /** Which limit was exceeded, e.g. {@code maxRecordBytes}. */
  public String limitName() {
    return limitName;
  }

  /** The size the input declared or had. */
  public long actual() {
    return actual;
  }

  /** The configured maximum. */
  public long maximum() {
    return maximum;
  }
}
