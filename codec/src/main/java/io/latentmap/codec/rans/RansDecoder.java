package io.latentmap.codec.rans;

import io.latentmap.codec.CodecException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads rans64 streams (docs/formats.md section 1). Work is linear in the number of values, which the caller knows
 * before decoding; every word read is bounds-checked, and a stream that does not end exactly where its last value
 * ends, with every lane back at the initial state, is rejected.
 */
public final class RansDecoder {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Values whose tables are looked up ahead of the coding loop, in one pass: 4 KiB of indexes, which stay in L1.
   */
  static final int TABLE_CHUNK = 1024;

  private RansDecoder() {}

  /**
   * Decodes {@code count} values from {@code stream[off .. off+len)} into {@code out[outFrom ..)}.
   *
   * @throws CodecException if the stream is corrupt, truncated or longer than its values
   */
  public static void decode(
      byte[] stream,
      int off,
      int len,
      int[] out,
      int outFrom,
      int count,
      CdfTableSet tables,
      TableAssignment assignment,
      int lanes)
      throws CodecException {
    if (!Rans.isValidLaneCount(lanes)) {
      throw new CodecException("rANS lane count " + lanes + " is not 1, 2 or 4");
    }
    if (off < 0 || len < 0 || off + len > stream.length || outFrom < 0 || count < 0
        || outFrom + count > out.length) {
      throw new IllegalArgumentException("buffer ranges do not fit the arrays");
    }
    assignment.checkCovers(count, tables.size());
    if (len < Rans.flushBytes(lanes) || len % Integer.BYTES != 0) {
      throw new CodecException(
          "rANS stream of " + len + " bytes: must be a multiple of 4 and hold " + lanes + " lane states");
    }
    long[] state = new long[lanes];
    int pos = off;
    for (int lane = 0; lane < lanes; lane++) {
      long x = readWord(stream, pos) | (readWord(stream, pos + 4) << Rans.WORD_BITS);
      if (x < Rans.STATE_LOWER_BOUND) {
        throw new CodecException("rANS lane " + lane + " initial state 0x" + Long.toHexString(x) + " out of range");
      }
      state[lane] = x;
      pos += 8;
    }
    int end = off + len;
    Cursor escapeCursor = new Cursor();
    if (assignment.tableOfValue != null) {
      pos = decodeRun(stream, pos, end, state, escapeCursor, out, outFrom, 0, count, tables,
          assignment.tableOfValue, assignment.tableOfValueFrom);
    } else {
      int[] chunkTables = new int[Math.min(count, TABLE_CHUNK)];
      for (int chunkStart = 0; chunkStart < count; chunkStart += TABLE_CHUNK) {
        int chunkCount = Math.min(TABLE_CHUNK, count - chunkStart);
        assignment.fillTables(chunkStart, chunkCount, chunkTables);
        pos = decodeRun(stream, pos, end, state, escapeCursor, out, outFrom, chunkStart, chunkCount, tables,
            chunkTables, 0);
      }
    }
    if (pos != end) {
      throw new CodecException("rANS stream has " + (end - pos) + " bytes left after its last value");
    }
    for (int lane = 0; lane < lanes; lane++) {
      if (state[lane] != Rans.STATE_LOWER_BOUND) {
        throw new CodecException("rANS lane " + lane + " did not return to its initial state: stream corrupt");
      }
    }
  }

  /**
   * Decodes values {@code [first, first+count)} of the stream, value {@code first + i} with table
   * {@code tableOf[tableFrom + i]}; returns the new read position. The lanes' states live in {@code state}.
   */
  private static int decodeRun(byte[] stream, int pos, int end, long[] state, Cursor escapeCursor, int[] out,
      int outFrom, int first, int count, CdfTableSet tables, int[] tableOf, int tableFrom) throws CodecException {
    int[] cdf = tables.cdf;
    int[] base = tables.base;
    int[] escape = tables.escapeSymbol;
    int[] offset = tables.offset;
    char[] lookup = tables.lookup;
    int laneMask = state.length - 1;
    for (int j = 0; j < count; j++) {
      int i = first + j;
      int t = tableOf[tableFrom + j];
      int lane = i & laneMask;
      long x = state[lane];
      int b = base[t];
      int slot = (int) x & Rans.PROB_MASK;
      int s = lookup[(t << CdfTableSet.LOOKUP_BITS) + (slot >>> CdfTableSet.LOOKUP_SHIFT)];
      while (cdf[b + s + 1] <= slot) {
        s++;
      }
      int start = cdf[b + s];
      x = (cdf[b + s + 1] - start) * (x >>> Rans.PROB_BITS) + slot - start;
      if (x < Rans.STATE_LOWER_BOUND) {
        if (pos >= end) {
          throw truncated(i);
        }
        x = (x << Rans.WORD_BITS) | readWord(stream, pos);
        pos += 4;
      }
      int value;
      if (s == escape[t]) {
        escapeCursor.state = x;
        escapeCursor.pos = pos;
        long raw = readEscapeRaw(stream, end, escapeCursor, i);
        x = escapeCursor.state;
        pos = escapeCursor.pos;
        long symbol = (raw & 1) == 0 ? (raw >>> 1) + escape[t] : -(raw >>> 1) - 1;
        long v = symbol + offset[t];
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw new CodecException("escaped value at " + i + " outside i32");
        }
        value = (int) v;
      } else {
        value = s + offset[t];
      }
      out[outFrom + i] = value;
      state[lane] = x;
    }
    return pos;
  }

  /** State and read position handed to the (rare) escape path. */
  private static final class Cursor {
    long state;
    int pos;
  }

  /** Reads an escape's bypass nibbles: their count, then the raw value least significant nibble first. */
  private static long readEscapeRaw(byte[] stream, int end, Cursor cursor, int valueIndex) throws CodecException {
    int nibbles = getBits(stream, end, cursor, valueIndex);
    // A count of BYPASS_MAX would continue in unary chunks, which only values beyond 2^31 need.
    if (nibbles > Rans.MAX_BYPASS_NIBBLES) {
      throw new CodecException("escape at value " + valueIndex + " claims " + nibbles + " nibbles (max "
          + Rans.MAX_BYPASS_NIBBLES + ")");
    }
    long raw = 0;
    for (int j = 0; j < nibbles; j++) {
      raw |= (long) getBits(stream, end, cursor, valueIndex) << (j * Rans.BYPASS_BITS);
    }
    return raw;
  }

  private static int getBits(byte[] stream, int end, Cursor cursor, int valueIndex) throws CodecException {
    long x = cursor.state;
    int value = (int) x & Rans.BYPASS_MAX;
    x >>>= Rans.BYPASS_BITS;
    if (x < Rans.STATE_LOWER_BOUND) {
      if (cursor.pos >= end) {
        throw truncated(valueIndex);
      }
      x = (x << Rans.WORD_BITS) | readWord(stream, cursor.pos);
      cursor.pos += 4;
    }
    cursor.state = x;
    return value;
  }

  private static CodecException truncated(int valueIndex) {
    return new CodecException("rANS stream ends before value " + valueIndex);
  }

  private static long readWord(byte[] stream, int pos) {
    return (int) INT_LE.get(stream, pos) & Rans.WORD_MASK;
  }
}
