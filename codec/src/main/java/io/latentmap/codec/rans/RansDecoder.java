package io.latentmap.codec.rans;

import io.latentmap.codec.CodecException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

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
    Progress progress = new Progress(new Job(stream, off, len, out, outFrom, count, tables, assignment, lanes));
    while (progress.remaining() > 0) {
      progress.decodeAlone(progress.available());
    }
    progress.finish();
  }

  /** The arguments of {@link #decode} for one stream. */
  public record Job(byte[] stream, int off, int len, int[] out, int outFrom, int count, CdfTableSet tables,
      TableAssignment assignment, int lanes) {}

  /**
   * Decodes independent streams (a frame's layers) to the same values, with the same checks, as {@link #decode} on
   * each; every stream is checked to start well before any is decoded. Two-lane streams are decoded two at a time
   * in lockstep: a lane's state is one long dependency chain (table lookup, multiply, renormalisation), and four
   * chains in flight hide what two leave exposed. Which of several corrupt streams is reported is not defined.
   *
   * @throws CodecException if any stream is corrupt, truncated or longer than its values
   */
  public static void decodeTogether(List<Job> jobs) throws CodecException {
    List<Progress> streams = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      streams.add(new Progress(job));
    }
    // Two sides of about equal length, each decoding its streams one after another (longest first, to the shorter).
    streams.sort(Comparator.comparingInt((Progress p) -> p.count).reversed());
    List<Progress> left = new ArrayList<>();
    List<Progress> right = new ArrayList<>();
    long leftValues = 0;
    long rightValues = 0;
    for (Progress p : streams) {
      if (leftValues <= rightValues) {
        left.add(p);
        leftValues += p.count;
      } else {
        right.add(p);
        rightValues += p.count;
      }
    }
    Side a = new Side(left);
    Side b = new Side(right);
    while (a.current != null && b.current != null) {
      int n = Math.min(a.current.available(), b.current.available());
      if (n >= 2 && a.current.pairable(b.current)) {
        decodeTwoStreams(a.current, b.current, n & ~1);
      } else {
        a.current.decodeAlone(n);
        b.current.decodeAlone(n);
      }
      a.moveOn();
      b.moveOn();
    }
    for (Side side : List.of(a, b)) {
      while (side.current != null) {
        side.current.decodeAlone(side.current.available());
        side.moveOn();
      }
    }
  }

  /** One stream being decoded: its lanes' states, read position, and the table indexes of the values at hand. */
  private static final class Progress {
    final byte[] stream;
    final int end;
    final int[] out;
    final int outFrom;
    final int count;
    final CdfTableSet tables;
    final TableAssignment assignment;
    final long[] state;
    final Cursor escapeCursor = new Cursor();
    int pos;
    /** Values decoded so far. */
    int next;
    /** Value {@code v} in {@code [tablesFirst, tablesEnd)} uses table {@code tableOf[tableOfFrom + v - tablesFirst]}. */
    int[] tableOf;
    int tableOfFrom;
    int tablesFirst;
    int tablesEnd;

    Progress(Job job) throws CodecException {
      if (!Rans.isValidLaneCount(job.lanes)) {
        throw new CodecException("rANS lane count " + job.lanes + " is not 1, 2 or 4");
      }
      if (job.off < 0 || job.len < 0 || job.off + job.len > job.stream.length || job.outFrom < 0 || job.count < 0
          || job.outFrom + job.count > job.out.length) {
        throw new IllegalArgumentException("buffer ranges do not fit the arrays");
      }
      job.assignment.checkCovers(job.count, job.tables.size());
      if (job.len < Rans.flushBytes(job.lanes) || job.len % Integer.BYTES != 0) {
        throw new CodecException(
            "rANS stream of " + job.len + " bytes: must be a multiple of 4 and hold " + job.lanes + " lane states");
      }
      stream = job.stream;
      end = job.off + job.len;
      out = job.out;
      outFrom = job.outFrom;
      count = job.count;
      tables = job.tables;
      assignment = job.assignment;
      state = new long[job.lanes];
      pos = job.off;
      for (int lane = 0; lane < job.lanes; lane++) {
        long x = readWord(stream, pos) | (readWord(stream, pos + 4) << Rans.WORD_BITS);
        if (x < Rans.STATE_LOWER_BOUND) {
          throw new CodecException("rANS lane " + lane + " initial state 0x" + Long.toHexString(x) + " out of range");
        }
        state[lane] = x;
        pos += 8;
      }
      if (assignment.tableOfValue != null) {
        tableOf = assignment.tableOfValue;
        tableOfFrom = assignment.tableOfValueFrom;
        tablesEnd = count;
      } else {
        tableOf = new int[Math.min(count, TABLE_CHUNK)];
      }
    }

    int remaining() {
      return count - next;
    }

    /** Values that can be decoded now (at least one while any remain): the next chunk's tables are made if needed. */
    int available() {
      if (next == tablesEnd && next < count) {
        tablesFirst = next;
        tablesEnd = Math.min(count, next + TABLE_CHUNK);
        tableOfFrom = 0;
        assignment.fillTables(tablesFirst, tablesEnd - tablesFirst, tableOf);
      }
      return tablesEnd - next;
    }

    int tableAt() {
      return tableOfFrom + next - tablesFirst;
    }

    /** True when this stream and {@code other} can go through {@link #decodeTwoStreams} from where they are. */
    boolean pairable(Progress other) {
      return state.length == 2 && other.state.length == 2 && (next & 1) == 0 && (other.next & 1) == 0
          && tables == other.tables && out == other.out;
    }

    void decodeAlone(int values) throws CodecException {
      pos = decodeRun(stream, pos, end, state, escapeCursor, out, outFrom, next, values, tables, tableOf, tableAt());
      next += values;
    }

    void finish() throws CodecException {
      if (pos != end) {
        throw new CodecException("rANS stream has " + (end - pos) + " bytes left after its last value");
      }
      for (int lane = 0; lane < state.length; lane++) {
        if (state[lane] != Rans.STATE_LOWER_BOUND) {
          throw new CodecException("rANS lane " + lane + " did not return to its initial state: stream corrupt");
        }
      }
    }
  }

  /** Streams decoded one after another; {@code current} is null once all are decoded and finished. */
  private static final class Side {
    private final Iterator<Progress> streams;
    Progress current;

    Side(List<Progress> streams) throws CodecException {
      this.streams = streams.iterator();
      moveOn();
    }

    /** Once the current stream has no values left: checks its end and moves to the next stream with values. */
    void moveOn() throws CodecException {
      while (current == null || current.remaining() == 0) {
        if (current != null) {
          current.finish();
        }
        if (!streams.hasNext()) {
          current = null;
          return;
        }
        current = streams.next();
      }
    }
  }

  /**
   * {@code values} (even) values of two two-lane streams with the same tables and output array (a frame's layers),
   * each from an even value on, in lockstep: the four lanes' lookups and state updates are independent and overlap.
   * Each stream's words are still read in its value order. Sharing the tables and output keeps the loop's live
   * values within the registers.
   */
  private static void decodeTwoStreams(Progress a, Progress b, int values) throws CodecException {
    byte[] aStream = a.stream;
    byte[] bStream = b.stream;
    int aEnd = a.end;
    int bEnd = b.end;
    int[] out = a.out;
    int aOutAt = a.outFrom + a.next;
    int bOutAt = b.outFrom + b.next;
    int[] aTableOf = a.tableOf;
    int[] bTableOf = b.tableOf;
    int aTableAt = a.tableAt();
    int bTableAt = b.tableAt();
    CdfTableSet tables = a.tables;
    char[] lookup = tables.lookup;
    int[] startFreqs = tables.bucketStartFreq;
    int[] escape = tables.escapeSymbol;
    int[] offset = tables.offset;
    long a0 = a.state[0];
    long a1 = a.state[1];
    long b0 = b.state[0];
    long b1 = b.state[1];
    int aPos = a.pos;
    int bPos = b.pos;
    for (int j = 0; j < values; j += 2) {
      int ta0 = aTableOf[aTableAt + j];
      int ta1 = aTableOf[aTableAt + j + 1];
      int tb0 = bTableOf[bTableAt + j];
      int tb1 = bTableOf[bTableAt + j + 1];
      int slotA0 = (int) a0 & Rans.PROB_MASK;
      int slotA1 = (int) a1 & Rans.PROB_MASK;
      int slotB0 = (int) b0 & Rans.PROB_MASK;
      int slotB1 = (int) b1 & Rans.PROB_MASK;
      int bucketA0 = CdfTableSet.bucketOf(ta0, slotA0);
      int bucketA1 = CdfTableSet.bucketOf(ta1, slotA1);
      int bucketB0 = CdfTableSet.bucketOf(tb0, slotB0);
      int bucketB1 = CdfTableSet.bucketOf(tb1, slotB1);
      int sA0 = lookup[bucketA0];
      int sA1 = lookup[bucketA1];
      int sB0 = lookup[bucketB0];
      int sB1 = lookup[bucketB1];
      int sfA0 = startFreqs[bucketA0];
      int sfA1 = startFreqs[bucketA1];
      int sfB0 = startFreqs[bucketB0];
      int sfB1 = startFreqs[bucketB1];
      if ((sfA0 & 0xFFFF) == CdfTableSet.MIXED_BUCKET) {
        sA0 = searchSymbol(tables, ta0, sA0, slotA0);
        sfA0 = tables.startFreq(ta0, sA0);
      }
      if ((sfA1 & 0xFFFF) == CdfTableSet.MIXED_BUCKET) {
        sA1 = searchSymbol(tables, ta1, sA1, slotA1);
        sfA1 = tables.startFreq(ta1, sA1);
      }
      if ((sfB0 & 0xFFFF) == CdfTableSet.MIXED_BUCKET) {
        sB0 = searchSymbol(tables, tb0, sB0, slotB0);
        sfB0 = tables.startFreq(tb0, sB0);
      }
      if ((sfB1 & 0xFFFF) == CdfTableSet.MIXED_BUCKET) {
        sB1 = searchSymbol(tables, tb1, sB1, slotB1);
        sfB1 = tables.startFreq(tb1, sB1);
      }
      a0 = advance(a0, slotA0, sfA0);
      a1 = advance(a1, slotA1, sfA1);
      b0 = advance(b0, slotB0, sfB0);
      b1 = advance(b1, slotB1, sfB1);
      int ia = a.next + j;
      if (a0 < Rans.STATE_LOWER_BOUND) {
        a0 = refilled(a0, aStream, aPos, aEnd, ia);
        aPos += 4;
      }
      if (sA0 == escape[ta0]) {
        out[aOutAt + j] = escapedValue(aStream, aEnd, a.escapeCursor.at(a0, aPos), ia, tables, ta0);
        a0 = a.escapeCursor.state;
        aPos = a.escapeCursor.pos;
      } else {
        out[aOutAt + j] = sA0 + offset[ta0];
      }
      if (a1 < Rans.STATE_LOWER_BOUND) {
        a1 = refilled(a1, aStream, aPos, aEnd, ia + 1);
        aPos += 4;
      }
      if (sA1 == escape[ta1]) {
        out[aOutAt + j + 1] = escapedValue(aStream, aEnd, a.escapeCursor.at(a1, aPos), ia + 1, tables, ta1);
        a1 = a.escapeCursor.state;
        aPos = a.escapeCursor.pos;
      } else {
        out[aOutAt + j + 1] = sA1 + offset[ta1];
      }
      int ib = b.next + j;
      if (b0 < Rans.STATE_LOWER_BOUND) {
        b0 = refilled(b0, bStream, bPos, bEnd, ib);
        bPos += 4;
      }
      if (sB0 == escape[tb0]) {
        out[bOutAt + j] = escapedValue(bStream, bEnd, b.escapeCursor.at(b0, bPos), ib, tables, tb0);
        b0 = b.escapeCursor.state;
        bPos = b.escapeCursor.pos;
      } else {
        out[bOutAt + j] = sB0 + offset[tb0];
      }
      if (b1 < Rans.STATE_LOWER_BOUND) {
        b1 = refilled(b1, bStream, bPos, bEnd, ib + 1);
        bPos += 4;
      }
      if (sB1 == escape[tb1]) {
        out[bOutAt + j + 1] = escapedValue(bStream, bEnd, b.escapeCursor.at(b1, bPos), ib + 1, tables, tb1);
        b1 = b.escapeCursor.state;
        bPos = b.escapeCursor.pos;
      } else {
        out[bOutAt + j + 1] = sB1 + offset[tb1];
      }
    }
    a.state[0] = a0;
    a.state[1] = a1;
    b.state[0] = b0;
    b.state[1] = b1;
    a.pos = aPos;
    b.pos = bPos;
    a.next += values;
    b.next += values;
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
        x = refilled(x, stream, pos, end, i);
        pos += 4;
      }
      if (s == tables.escapeSymbol[t]) {
        out[outFrom + i] = escapedValue(stream, end, escapeCursor.at(x, pos), i, tables, t);
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
        x0 = refilled(x0, stream, pos, end, i);
        pos += 4;
      }
      if (s0 == escape[t0]) {
        out[outFrom + i] = escapedValue(stream, end, escapeCursor.at(x0, pos), i, tables, t0);
        x0 = escapeCursor.state;
        pos = escapeCursor.pos;
      } else {
        out[outFrom + i] = s0 + offset[t0];
      }
      if (x1 < Rans.STATE_LOWER_BOUND) {
        x1 = refilled(x1, stream, pos, end, i + 1);
        pos += 4;
      }
      if (s1 == escape[t1]) {
        out[outFrom + i + 1] = escapedValue(stream, end, escapeCursor.at(x1, pos), i + 1, tables, t1);
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

    Cursor at(long state, int pos) {
      this.state = state;
      this.pos = pos;
      return this;
    }
  }

  /** The state with the stream's next word shifted in, once it fell below the lower bound; the caller moves on 4. */
  private static long refilled(long x, byte[] stream, int pos, int end, int valueIndex) throws CodecException {
    if (pos >= end) {
      throw truncated(valueIndex);
    }
    return (x << Rans.WORD_BITS) | readWord(stream, pos);
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
      x = refilled(x, stream, cursor.pos, end, valueIndex);
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
