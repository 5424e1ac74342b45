package io.latentmap.schemas.wire;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema without materialising anything, checking every declared
 * length and count against the remaining input and the {@link WireLimits}. Avro's own decoder allocates a
 * {@code bytes} value or an array's backing store from the length the input declares, before it knows whether
 * that many bytes follow; running this scan first means it never sees a length that is not both present and
 * within bounds. It also rejects bytes left over after the record, which Avro silently ignores.
 */
final class BoundedBodyScanner {

  /** Deeper nesting than any record in this project; guards recursive schemas against stack exhaustion. */
  private static final int MAX_NESTING_DEPTH = 64;
  private static final int MAX_VARINT_INT_BYTES = 5;
  private static final int MAX_VARINT_LONG_BYTES = 10;

  private final byte[] input;
  private final int end;
  private final WireLimits limits;
  private int position;

  private BoundedBodyScanner(byte[] input, int offset, int end, WireLimits limits) {
    this.input = input;
    this.position = offset;
    this.end = end;
    this.limits = limits;
  }

  /** Scans {@code input[offset, input.length)} as one datum of {@code writerSchema}, consuming it exactly. */
  static void scan(byte[] input, int offset, Schema writerSchema, WireLimits limits) throws WireFormatException {
    BoundedBodyScanner scanner = new BoundedBodyScanner(input, offset, input.length, limits);
    scanner.datum(writerSchema, writerSchema.getFullName(), 0);
    if (scanner.position != scanner.end) {
      throw new MalformedRecordException(
          (scanner.end - scanner.position) + " bytes left over after the " + writerSchema.getFullName() + " record");
    }
  }

  private void datum(Schema schema, String where, int depth) throws WireFormatException {
    if (depth > MAX_NESTING_DEPTH) {
      throw new MalformedRecordException(where + ": nested deeper than " + MAX_NESTING_DEPTH);
    }
    switch (schema.getType()) {
      case NULL -> { }
      case BOOLEAN -> booleanByte(where);
      case INT -> varint(where, MAX_VARINT_INT_BYTES);
      case LONG -> varint(where, MAX_VARINT_LONG_BYTES);
      case FLOAT -> skip(Float.BYTES, where);
      case DOUBLE -> skip(Double.BYTES, where);
      case FIXED -> skip(schema.getFixedSize(), where);
      case STRING -> skip(length(where, "maxStringLength", limits.maxStringLength()), where);
      case BYTES -> skip(length(where, "maxBytesLength", limits.maxBytesLength()), where);
      case ENUM -> branch(where, schema.getEnumSymbols().size(), "enum symbol");
      case UNION -> {
        List<Schema> branches = schema.getTypes();
        int index = branch(where, branches.size(), "union branch");
        datum(branches.get(index), where, depth + 1);
      }
      case RECORD -> {
        for (Schema.Field field : schema.getFields()) {
          datum(field.schema(), where + "." + field.name(), depth + 1);
        }
      }
      case ARRAY -> blocks(where, depth, schema.getElementType(), null);
      case MAP -> blocks(where, depth, schema.getValueType(), Schema.create(Schema.Type.STRING));
      default -> throw new IllegalStateException("unhandled Avro type " + schema.getType());
    }
  }

  /** Arrays and maps: blocks of (count, [byte size if count < 0], items), ended by a zero count. */
  private void blocks(String where, int depth, Schema itemSchema, Schema keySchemaOrNull) throws WireFormatException {
    long total = 0;
    while (true) {
      long count = varint(where, MAX_VARINT_LONG_BYTES);
      if (count == 0) {
        return;
      }
      if (count < 0) {
        count = -count;
        long blockBytes = varint(where, MAX_VARINT_LONG_BYTES);
        if (blockBytes < 0 || blockBytes > remaining()) {
          throw new MalformedRecordException(where + ": block declares " + blockBytes + " bytes but "
              + remaining() + " remain");
        }
      }
      total += count;
      if (total > limits.maxCollectionItems()) {
        throw new RecordTooLargeException("maxCollectionItems", where + " item count", total,
            limits.maxCollectionItems());
      }
      for (long i = 0; i < count; i++) {
        String item = where + "[" + i + "]";
        if (keySchemaOrNull != null) {
          datum(keySchemaOrNull, item + ".key", depth + 1);
        }
        datum(itemSchema, item, depth + 1);
      }
    }
  }

  private int branch(String where, int branchCount, String what) throws WireFormatException {
    long index = varint(where, MAX_VARINT_INT_BYTES);
    if (index < 0 || index >= branchCount) {
      throw new MalformedRecordException(where + ": " + what + " index " + index + " outside 0.." + (branchCount - 1));
    }
    return (int) index;
  }

  private int length(String where, String limitName, int limit) throws WireFormatException {
    long length = varint(where, MAX_VARINT_LONG_BYTES);
    if (length < 0) {
      throw new MalformedRecordException(where + ": negative length " + length);
    }
    if (length > limit) {
      throw new RecordTooLargeException(limitName, where + " length", length, limit);
    }
    return (int) length;
  }

  private void booleanByte(String where) throws WireFormatException {
    requireAvailable(1, where);
    byte value = input[position++];
    if (value != 0 && value != 1) {
      throw new MalformedRecordException(where + ": boolean byte " + value + " is neither 0 nor 1");
    }
  }

  /** Reads a zig-zag varint of at most {@code maxBytes} bytes. */
  private long varint(String where, int maxBytes) throws WireFormatException {
    long raw = 0;
    for (int i = 0; i < maxBytes; i++) {
      requireAvailable(1, where);
      int b = input[position++] & 0xff;
      raw |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        long value = (raw >>> 1) ^ -(raw & 1);
        if (maxBytes == MAX_VARINT_INT_BYTES && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
          throw new MalformedRecordException(where + ": int varint out of range");
        }
        return value;
      }
    }
    throw new MalformedRecordException(where + ": varint longer than " + maxBytes + " bytes");
  }

  private void skip(int count, String where) throws WireFormatException {
    requireAvailable(count, where);
    position += count;
  }

  private void requireAvailable(long count, String where) throws WireFormatException {
    if (count > remaining()) {
      throw new MalformedRecordException(where + ": needs " + count + " bytes but " + remaining() + " remain");
    }
  }

  private long remaining() {
    return end - position;
  }
}
