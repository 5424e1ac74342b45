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
    if (state.length == 2 && (first & 1) == 0) {
      return decodeTwoLanes(stream, pos, end, state, escapeCursor, out, outFrom, first, count, tables, tableOf,
          tableFrom);
    }
    return decodeEachValue(stream, pos, end, state, escapeCursor, out, outFrom, first, count, tables, tableOf,
        tableFrom);
  }

  /** {@link #decodeRun} one value an iteration, any lane count: value {@code i} is lane {@code i mod lanes}. */
  private static int decodeEachValue(byte[] stream, int pos, int end, long[] state, Cursor escapeCursor, int[] out,
      int outFrom, int first, int count, CdfTableSet tables, int[] tableOf, int tableFrom) throws CodecException {
    int laneMask = state.length - 1;
    for (int j = 0; j < count; j++) {
      int i = first + j;
      int t = tableOf[tableFrom + j];
      int lane = i & laneMask;
      long x = state[lane];
      int slot = (int) x & Rans.PROB_MASK;
      int bucket = CdfTableSet.bucketOf(t, slot);
      int s = tables.lookup[bucket];
      int startFreq = tables.bucketStartFreq[bucket];
      if ((startFreq & 0xFFFF) == CdfTableSet.MIXED_BUCKET) {
        s = searchSymbol(tables, t, s, slot);
        startFreq = tables.startFreq(t, s);
      }
      x = advance(x, slot, startFreq);
      if (x < Rans.STATE_LOWER_BOUND) {
        if (pos >= end) {
          throw truncated(i);
        }
        x = (x << Rans.WORD_BITS) | readWord(stream, pos);
        pos += 4;
      }
      if (s == tables.escapeSymbol[t]) {
        escapeCursor.state = x;
        escapeCursor.pos = pos;
        out[outFrom + i] = escapedValue(stream, end, escapeCursor, i, tables, t);
        x = escapeCursor.state;
        pos = escapeCursor.pos;
      } else {
        out[outFrom + i] = s + tables.offset[t];
      }
      state[lane] = x;
    }
    return pos;
  }

  /**
   * {@link #decodeRun} for two lanes from an even value on, a pair of values an iteration with the states in
   * locals: the two lanes' symbol lookups and state updates are independent and overlap. Stream words are still
   * read in value order: the first value's renormalisation and escape before the second's.
   */
  private static int decodeTwoLanes(byte[] stream, int pos, int end, long[] state, Cursor escapeCursor, int[] out,
      int outFrom, int first, int count, CdfTableSet tables, int[] tableOf, int tableFrom) throws CodecException {
    int[] escape = tables.escapeSymbol;
    int[] offset = tables.offset;
    char[] lookup = tables.lookup;
    int[] bucketStartFreq = tables.bucketStartFreq;
    long x0 = state[0];
    long x1 = state[1];
    int j = 0;
    for (; j + 1 < count; j += 2) {
      int i = first + j;
      int t0 = tableOf[tableFrom + j];
      int t1 = tableOf[tableFrom + j + 1];
      int slot0 = (int) x0 & Rans.PROB_MASK;
      int slot1 = (int) x1 & Rans.PROB_MASK;
      int bucket0 = CdfTableSet.bucketOf(t0, slot0);
      int bucket1 = CdfTableSet.bucketOf(t1, slot1);
      int s0 = lookup[bucket0];
      int s1 = lookup[bucket1];
      int startFreq0 = bucketStartFreq[bucket0];
      int startFreq1 = bucketStartFreq[bucket1];
      if ((startFreq0 & 0xFFFF) == CdfTableSet.MIXED_BUCKET) {
        s0 = searchSymbol(tables, t0, s0, slot0);
        startFreq0 = tables.startFreq(t0, s0);
      }
      if ((startFreq1 & 0xFFFF) == CdfTableSet.MIXED_BUCKET) {
        s1 = searchSymbol(tables, t1, s1, slot1);
        startFreq1 = tables.startFreq(t1, s1);
      }
      x0 = advance(x0, slot0, startFreq0);
      x1 = advance(x1, slot1, startFreq1);
      if (x0 < Rans.STATE_LOWER_BOUND) {
        if (pos >= end) {
          throw truncated(i);
        }
        x0 = (x0 << Rans.WORD_BITS) | readWord(stream, pos);
        pos += 4;
      }
      if (s0 == escape[t0]) {
        escapeCursor.state = x0;
        escapeCursor.pos = pos;
        out[outFrom + i] = escapedValue(stream, end, escapeCursor, i, tables, t0);
        x0 = escapeCursor.state;
        pos = escapeCursor.pos;
      } else {
        out[outFrom + i] = s0 + offset[t0];
      }
      if (x1 < Rans.STATE_LOWER_BOUND) {
        if (pos >= end) {
          throw truncated(i + 1);
        }
        x1 = (x1 << Rans.WORD_BITS) | readWord(stream, pos);
        pos += 4;
      }
      if (s1 == escape[t1]) {
        escapeCursor.state = x1;
        escapeCursor.pos = pos;
        out[outFrom + i + 1] = escapedValue(stream, end, escapeCursor, i + 1, tables, t1);
        x1 = escapeCursor.state;
        pos = escapeCursor.pos;
      } else {
        out[outFrom + i + 1] = s1 + offset[t1];
      }
    }
    state[0] = x0;
    state[1] = x1;
    if (j == count) {
      return pos;
    }
    // The odd last value, of lane 0 again.
    return decodeEachValue(stream, pos, end, state, escapeCursor, out, outFrom, first + j, count - j, tables,
        tableOf, tableFrom + j);
  }

  /** In a bucket that holds a symbol boundary: the symbol of {@code slot}, stepping on from the bucket's first. */
  private static int searchSymbol(CdfTableSet tables, int t, int bucketSymbol, int slot) {
    int[] cdf = tables.cdf;
    int b = tables.base[t];
    int s = bucketSymbol;
    while (cdf[b + s + 1] <= slot) {
      s++;
    }
    return s;
  }

  /** The state after decoding the symbol of {@code startFreq} ({@code start << 16 | (frequency - 1)}). */
  private static long advance(long x, int slot, int startFreq) {
    int start = startFreq >>> 16;
    int frequency = (startFreq & 0xFFFF) + 1;
    return frequency * (x >>> Rans.PROB_BITS) + slot - start;
  }

  /** An escaped value: its bypass nibbles read from the cursor, mapped back through table {@code t}. */
  private static int escapedValue(byte[] stream, int end, Cursor cursor, int valueIndex, CdfTableSet tables, int t)
      throws CodecException {
    long raw = readEscapeRaw(stream, end, cursor, valueIndex);
    int escape = tables.escapeSymbol[t];
    long symbol = (raw & 1) == 0 ? (raw >>> 1) + escape : -(raw >>> 1) - 1;
    long v = symbol + tables.offset[t];
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new CodecException("escaped value at " + valueIndex + " outside i32");
    }
    return (int) v;
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
