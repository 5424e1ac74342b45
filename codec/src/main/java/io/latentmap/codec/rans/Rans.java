package io.latentmap.codec.rans;

/**
 * Constants of the rans64 stream format (docs/formats.md section 1). They are part of the wire format: changing
 * any of them changes every stream.
 */
public final class Rans {
  /** Probability precision: every quantised CDF sums to {@link #PROB_SCALE}. */
  public static final int PROB_BITS = 16;

  public static final int PROB_SCALE = 1 << PROB_BITS;
  static final int PROB_MASK = PROB_SCALE - 1;

  /** Lower bound of the normalised state interval [L, L << 32); the state therefore stays below 2^63. */
  public static final long STATE_LOWER_BOUND = 1L << 31;

  /** Bit width of one renormalisation word. */
  static final int WORD_BITS = 32;

  static final long WORD_MASK = 0xFFFF_FFFFL;

  /** Width of one bypass nibble (CompressAI bypass_precision). */
  public static final int BYPASS_BITS = 4;

  static final int BYPASS_MAX = (1 << BYPASS_BITS) - 1;

  /** Largest number of raw nibbles an escaped value may use: raw < 2^31. */
  public static final int MAX_BYPASS_NIBBLES = 8;

  /** Largest frequency a symbol can have: each table holds at least two symbols of frequency >= 1. */
  public static final int MAX_FREQUENCY = PROB_SCALE - 1;

  /** Lane counts (interleaved states) a stream may use. */
  public static boolean isValidLaneCount(int lanes) {
    return lanes == 1 || lanes == 2 || lanes == 4;
  }

  /** Bytes of the flushed states at the start of every stream. */
  public static int flushBytes(int lanes) {
    return lanes * 2 * Integer.BYTES;
  }

  private Rans() {}
}
