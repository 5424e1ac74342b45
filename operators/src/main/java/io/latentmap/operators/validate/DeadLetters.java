package io.latentmap.operators.validate;

import io.latentmap.operators.source.RawRecord;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds the dead letter of a raw record: its bytes kept whole, where it was read, why it was refused. */
public final class DeadLetters {
  private DeadLetters() {}

  public static DeadLetter of(RawRecord record, DeadLetterReason reason, String message, long nowMicros) {
    return DeadLetter.newBuilder()
        .setOriginalBytes(ByteBuffer.wrap(record.value()))
        .setOriginalLength(record.value().length)
        .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
        .setTopic(record.topic())
        .setPartition(record.partition())
        .setOffset(record.offset())
        .setErrorCode(reason)
        .setMessage(message == null ? reason.name() : message)
        .setTime(Instant.ofEpochSecond(0, nowMicros * 1000))
        .build();
  }
}
