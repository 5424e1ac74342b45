package io.latentmap.codec.rans;

import java.util.Arrays;

/**
 * One quantised CDF table (docs/formats.md 2.3): {@code cdf[0] = 0}, {@code cdf[last] = 65536}, strictly
 * increasing, so every symbol including the trailing escape symbol has frequency >= 1. {@code offset} maps table
 * symbol {@code s} to value {@code s + offset}.
 */
public final class QuantizedCdf {
  /** Smallest table: one in-range symbol plus the escape symbol. */
  public static final int MIN_LENGTH = 3;

  /** Largest table accepted from the wire or a tables file. */
  public static final int MAX_LENGTH = 8192;

  /** Bound on |offset|, so that in-range values never approach the i32 limits. */
  public static final int MAX_ABS_OFFSET = 1 << 20;

  private final int[] cdf;
  private final int offset;

  private QuantizedCdf(int[] cdf, int offset) {
    this.cdf = cdf;
    this.offset = offset;
  }

  /**
   * Validates and wraps a table.
   *
   * @throws IllegalArgumentException naming the first violated rule
   */
  public static QuantizedCdf of(int[] cdf, int offset) {
    String problem = validate(cdf, offset);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new QuantizedCdf(cdf.clone(), offset);
  }

  /** The first rule of docs/formats.md 2.3 that the table breaks, or null when it is valid. */
  public static String validate(int[] cdf, int offset) {
    if (cdf.length < MIN_LENGTH || cdf.length > MAX_LENGTH) {
      return "cdf length " + cdf.length + " outside [" + MIN_LENGTH + ", " + MAX_LENGTH + "]";
    }
    if (cdf[0] != 0) {
      return "cdf[0] is " + cdf[0] + ", must be 0";
    }
    if (cdf[cdf.length - 1] != Rans.PROB_SCALE) {
      return "last cdf entry is " + cdf[cdf.length - 1] + ", must be " + Rans.PROB_SCALE;
    }
    for (int i = 1; i < cdf.length; i++) {
      if (cdf[i] <= cdf[i - 1]) {
        return "cdf not strictly increasing at entry " + i + " (symbol " + (i - 1) + " has frequency <= 0)";
      }
    }
    if (offset < -MAX_ABS_OFFSET || offset > MAX_ABS_OFFSET) {
      return "offset " + offset + " outside [-" + MAX_ABS_OFFSET + ", " + MAX_ABS_OFFSET + "]";
    }
    return null;
  }

  /**
   * Builds a table from the probabilities of the in-range values {@code offset, offset+1, ...} and the tail mass
   * (the escape symbol's probability), following CompressAI's {@code pmf_to_quantized_cdf}: round to the
   * precision, renormalise, force the total, then steal frequency from the cheapest symbols for any symbol left at
   * zero.
   */
  public static QuantizedCdf fromPmf(double[] inRangePmf, double tailMass, int offset) {
    int symbols = inRangePmf.length + 1;
    long[] freq = new long[symbols];
    long total = 0;
    for (int i = 0; i < symbols; i++) {
      double p = i < inRangePmf.length ? inRangePmf[i] : tailMass;
      if (!(p >= 0) || Double.isInfinite(p)) {
        throw new IllegalArgumentException("pmf entry " + i + " is " + p);
      }
      freq[i] = Math.round(p * Rans.PROB_SCALE);
      total += freq[i];
    }
    if (total == 0) {
      throw new IllegalArgumentException("pmf has no mass at the table precision");
    }
    int[] cdf = new int[symbols + 1];
    for (int i = 0; i < symbols; i++) {
      cdf[i + 1] = cdf[i] + (int) (Rans.PROB_SCALE * freq[i] / total);
    }
    cdf[symbols] = Rans.PROB_SCALE;
    for (int i = 0; i < symbols; i++) {
      if (cdf[i] == cdf[i + 1]) {
        stealOneFrequency(cdf, i);
      }
    }
    return of(cdf, offset);
  }

  /** Gives symbol {@code starved} one unit taken from the symbol with the smallest frequency above one. */
  private static void stealOneFrequency(int[] cdf, int starved) {
    int bestFreq = Integer.MAX_VALUE;
    int bestSteal = -1;
    for (int j = 0; j + 1 < cdf.length; j++) {
      int freq = cdf[j + 1] - cdf[j];
      if (freq > 1 && freq < bestFreq) {
        bestFreq = freq;
        bestSteal = j;
      }
    }
    if (bestSteal < 0) {
      throw new IllegalArgumentException("too many symbols for the table precision");
    }
    if (bestSteal < starved) {
      for (int j = bestSteal + 1; j <= starved; j++) {
        cdf[j]--;
      }
    } else {
      for (int j = starved + 1; j <= bestSteal; j++) {
        cdf[j]++;
      }
    }
  }

  public int[] cdf() {
    return cdf.clone();
  }

  public int length() {
    return cdf.length;
  }

  public int offset() {
    return offset;
  }

  /** The escape symbol, {@code length - 2}: the last table entry. */
  public int escapeSymbol() {
    return cdf.length - 2;
  }

  int cdfAt(int i) {
    return cdf[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuantizedCdf other && offset == other.offset && Arrays.equals(cdf, other.cdf);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(cdf) + offset;
  }
}
