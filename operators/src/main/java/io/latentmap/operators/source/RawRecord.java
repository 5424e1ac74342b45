package io.latentmap.operators.source;

/**
 * A Kafka record exactly as read, with where it came from: nothing is parsed yet, so a record that later turns out
 * to be bad can still be dead-lettered whole.
 *
 * @param key the record key, or null
 * @param value the record value, never null (a null value is turned into an empty array)
 * @param kafkaTimestampMillis the record's Kafka timestamp, milliseconds since the epoch
 */
public record RawRecord(
    String topic, int partition, long offset, byte[] key, byte[] value, long kafkaTimestampMillis) {}
