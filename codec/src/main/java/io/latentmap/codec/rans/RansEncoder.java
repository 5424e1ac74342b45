package io.latentmap.codec.rans;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes rans64 streams (docs/formats.md section 1): values are coded last to first so that the decoder reads
 * them first to last; value {@code i} uses the state of lane {@code i mod lanes}; out-of-table values are coded as
 * the escape symbol followed by bypass nibbles.
 */
public final class RansEncoder {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** Largest raw bypass value an escape can carry (8 nibbles, raw < 2^31). */
  static final long MAX_RAW_ESCAPE = Integer.MAX_VALUE;

  private RansEncoder() {}

  /**
   * Encodes {@code values[from .. from+count)} into a stream.
   *
   * @throws IllegalArgumentException for a bad lane count, a table index outside {@code tables}, or a value so far
   *     outside its table that its escape would need more than {@link Rans#MAX_BYPASS_NIBBLES} nibbles
   */
  public static byte[] encode(
      int[] values, int from, int count, CdfTableSet tables, TableAssignment assignment, int lanes) {
    if (!Rans.isValidLaneCount(lanes)) {
      throw new IllegalArgumentException("lanes must be 1, 2 or 4, got " + lanes);
    }
    if (from < 0 || count < 0 || from + count > values.length) {
      throw new IllegalArgumentException("range [" + from + ", " + from + "+" + count + ") outside the values");
    }
    assignment.checkCovers(count, tables.size());

    WordStack words = new WordStack(count / 4 + 16);
    long[] state = new long[lanes];
    Arrays.fill(state, Rans.STATE_LOWER_BOUND);
    int laneMask = lanes - 1;
    int[] cdf = tables.cdf;
    int[] base = tables.base;
    int[] escape = tables.escapeSymbol;
    int[] offset = tables.offset;

    for (int i = count - 1; i >= 0; i--) {
      int t = assignment.tableOf(i);
      int lane = i & laneMask;
      long x = state[lane];
      long symbol = (long) values[from + i] - offset[t];
      int escapeSymbol = escape[t];
      int b = base[t];
      if (symbol >= 0 && symbol < escapeSymbol) {
        int s = (int) symbol;
        int start = cdf[b + s];
        x = put(x, start, cdf[b + s + 1] - start, words);
      } else {
        long raw = symbol < 0 ? -2 * symbol - 1 : 2 * (symbol - escapeSymbol);
        if (raw > MAX_RAW_ESCAPE) {
          throw new IllegalArgumentException(
              "value " + values[from + i] + " at " + i + " is too far outside table " + t + " to escape");
        }
        x = putEscape(x, raw, words);
        int start = cdf[b + escapeSymbol];
        x = put(x, start, cdf[b + escapeSymbol + 1] - start, words);
      }
      state[lane] = x;
    }
    return layout(state, words);
  }

  /** Codes the bypass part of an escape in reverse decode order: raw nibbles high to low, then their count. */
  private static long putEscape(long x, long raw, WordStack words) {
    int nibbles = nibbleCount(raw);
    for (int j = nibbles - 1; j >= 0; j--) {
      x = putBits(x, (int) (raw >>> (j * Rans.BYPASS_BITS)) & Rans.BYPASS_MAX, words);
    }
    // nibbles <= 8 < BYPASS_MAX, so the count is always a single nibble (no unary 15-chunks).
    return putBits(x, nibbles, words);
  }

  static int nibbleCount(long raw) {
    int n = 0;
    while ((raw >>> (n * Rans.BYPASS_BITS)) != 0) {
      n++;
    }
    return n;
  }

  private static long put(long x, int start, int freq, WordStack words) {
    long xMax = ((Rans.STATE_LOWER_BOUND >>> Rans.PROB_BITS) << Rans.WORD_BITS) * freq;
    if (x >= xMax) {
      words.push((int) x);
      x >>>= Rans.WORD_BITS;
    }
    return ((x / freq) << Rans.PROB_BITS) + (x % freq) + start;
  }

  private static long putBits(long x, int value, WordStack words) {
    long xMax = (Rans.STATE_LOWER_BOUND >>> Rans.BYPASS_BITS) << Rans.WORD_BITS;
    if (x >= xMax) {
      words.push((int) x);
      x >>>= Rans.WORD_BITS;
    }
    return (x << Rans.BYPASS_BITS) | value;
  }

  /** Flushed states (lane 0 first, low word first), then the emitted words in decoder read order. */
  private static byte[] layout(long[] state, WordStack words) {
    int lanes = state.length;
    byte[] out = new byte[Rans.flushBytes(lanes) + words.size * Integer.BYTES];
    int pos = 0;
    for (long x : state) {
      INT_LE.set(out, pos, (int) x);
      INT_LE.set(out, pos + 4, (int) (x >>> Rans.WORD_BITS));
      pos += 8;
    }
    for (int w = words.size - 1; w >= 0; w--) {
      INT_LE.set(out, pos, words.words[w]);
      pos += 4;
    }
    return out;
  }

  /** Emitted words in emission order; the stream holds them reversed. */
  private static final class WordStack {
    int[] words;
    int size;

    WordStack(int capacity) {
      words = new int[capacity];
    }

    void push(int word) {
      if (size == words.length) {
        words = Arrays.copyOf(words, words.length * 2);
      }
      words[size++] = word;
    }
  }
}
