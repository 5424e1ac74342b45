package io.latentmap.codec.rans;

import java.util.List;

/**
 * A group of quantised CDF tables laid out flat for the coding loops, plus a per-table decode lookup table that
 * maps the top {@link #LOOKUP_BITS} bits of a slot to the symbol that owns the bucket's first slot (the decoder
 * then steps forward a few symbols at most) and, where the bucket lies inside that symbol, its start and frequency.
 */
public final class CdfTableSet {
  /** Bucket bits of the decode lookup: 256 buckets of 256 slots, 512 bytes a table, so tables stay in cache. */
  static final int LOOKUP_BITS = 8;

  static final int LOOKUP_SHIFT = Rans.PROB_BITS - LOOKUP_BITS;

  /** Largest number of tables in one set (channels or scale-table entries). */
  public static final int MAX_TABLES = 4096;

  /** {@link #bucketStartFreq} of a bucket that holds a symbol boundary: its symbol must be searched in the CDF. */
  static final int MIXED_BUCKET = 0xFFFF;

  private final List<QuantizedCdf> tables;
  final int[] cdf;
  final int[] base;
  final int[] escapeSymbol;
  final int[] offset;
  final char[] lookup;
  /**
   * Per lookup bucket that lies inside one symbol: that symbol's {@code start << 16 | (frequency - 1)}, so most
   * values are decoded without touching the CDF; {@link #MIXED_BUCKET} otherwise. A symbol that fills a bucket has a
   * frequency of at least 256, so {@code frequency - 1} never equals the marker.
   */
  final int[] bucketStartFreq;

  private CdfTableSet(List<QuantizedCdf> tables) {
    this.tables = List.copyOf(tables);
    int n = tables.size();
    base = new int[n];
    escapeSymbol = new int[n];
    offset = new int[n];
    int total = 0;
    for (int t = 0; t < n; t++) {
      base[t] = total;
      total += tables.get(t).length();
    }
    cdf = new int[total];
    lookup = new char[n << LOOKUP_BITS];
    bucketStartFreq = new int[n << LOOKUP_BITS];
    for (int t = 0; t < n; t++) {
      QuantizedCdf table = tables.get(t);
      int[] entries = table.cdf();
      System.arraycopy(entries, 0, cdf, base[t], entries.length);
      escapeSymbol[t] = table.escapeSymbol();
      offset[t] = table.offset();
      fillLookup(entries, t);
    }
  }

  public static CdfTableSet of(List<QuantizedCdf> tables) {
    if (tables.isEmpty() || tables.size() > MAX_TABLES) {
      throw new IllegalArgumentException("table count " + tables.size() + " outside [1, " + MAX_TABLES + "]");
    }
    return new CdfTableSet(tables);
  }

  private void fillLookup(int[] entries, int table) {
    int symbol = 0;
    for (int bucket = 0; bucket < (1 << LOOKUP_BITS); bucket++) {
      int firstSlot = bucket << LOOKUP_SHIFT;
      while (entries[symbol + 1] <= firstSlot) {
        symbol++;
      }
      lookup[(table << LOOKUP_BITS) + bucket] = (char) symbol;
      int lastSlot = firstSlot + (1 << LOOKUP_SHIFT) - 1;
      bucketStartFreq[(table << LOOKUP_BITS) + bucket] = entries[symbol + 1] > lastSlot
          ? packStartFreq(entries[symbol], entries[symbol + 1])
          : MIXED_BUCKET;
    }
  }

  /** The lookup bucket of {@code slot} in table {@code t}. */
  static int bucketOf(int t, int slot) {
    return (t << LOOKUP_BITS) + (slot >>> LOOKUP_SHIFT);
  }

  /** Symbol {@code s} of table {@code t} as {@code start << 16 | (frequency - 1)}, the form of bucketStartFreq. */
  int startFreq(int t, int s) {
    int b = base[t];
    return packStartFreq(cdf[b + s], cdf[b + s + 1]);
  }

  /** A symbol's slots {@code [start, next)} as {@code start << 16 | (next - start - 1)}. */
  private static int packStartFreq(int start, int next) {
    return start << 16 | (next - start - 1);
  }

  public int size() {
    return tables.size();
  }

  public QuantizedCdf table(int t) {
    return tables.get(t);
  }

  public List<QuantizedCdf> tables() {
    return tables;
  }

  /** Frequency of table symbol {@code s} of table {@code t}. */
  public int frequency(int t, int s) {
    return cdf[base[t] + s + 1] - cdf[base[t] + s];
  }

  public int escapeSymbol(int t) {
    return escapeSymbol[t];
  }

  public int offset(int t) {
    return offset[t];
  }
}
