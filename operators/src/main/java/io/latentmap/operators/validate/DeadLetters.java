package io.latentmap.operators.validate;

import io.latentmap.operators.source.RawRecord;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds the dead letter of a raw record: its bytes (whole up to a bound, so a dead letter always fits its topic),
 * where it was read, why it was refused.
 */
public final class DeadLetters {
  /** Room for a dead letter's own fields beside the original bytes, when sizing the dead-letter producer. */
  public static final int ENVELOPE_BYTES = 64 * 1024;

  private DeadLetters() {}

  public static DeadLetter of(RawRecord record, DeadLetterReason reason, String message, long nowMicros,
      int maxOriginalBytes) {
    byte[] value = record.value();
    boolean truncated = value.length > maxOriginalBytes;
    ByteBuffer kept = ByteBuffer.wrap(value, 0, truncated ? maxOriginalBytes : value.length).slice();
    String text = message == null ? reason.name() : message;
    return DeadLetter.newBuilder()
        .setOriginalBytes(kept)
        .setOriginalLength(record.value().length)
        .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
        .setTopic(record.topic())
        .setPartition(record.partition())
        .setOffset(record.offset())
        .setErrorCode(reason)
        .setMessage(truncated ? text + " (original truncated to " + maxOriginalBytes + " of " + value.length
            + " bytes)" : text)
        .setTime(Instant.ofEpochSecond(0, nowMicros * 1000))
        .build();
  }
}
