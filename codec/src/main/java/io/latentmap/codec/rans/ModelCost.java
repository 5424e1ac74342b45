package io.latentmap.codec.rans;

/**
 * The model's cost of a sequence of values in bits (docs/formats.md 1.6): {@code -log2(freq/65536)} for each
 * table symbol plus 4 bits per bypass nibble of an escape (its count nibble included). A stream cannot be shorter
 * than this, so coded size / cost measures the coder's own overhead.
 */
public final class ModelCost {
  private ModelCost() {}

  public static double bits(int[] values, int from, int count, CdfTableSet tables, TableAssignment assignment) {
    double bits = 0;
    for (int i = 0; i < count; i++) {
      int t = assignment.tableOf(i);
      long symbol = (long) values[from + i] - tables.offset(t);
      int escape = tables.escapeSymbol(t);
      if (symbol >= 0 && symbol < escape) {
        bits += symbolBits(tables.frequency(t, (int) symbol));
      } else {
        long raw = symbol < 0 ? -2 * symbol - 1 : 2 * (symbol - escape);
        bits += symbolBits(tables.frequency(t, escape)) + Rans.BYPASS_BITS * (1 + RansEncoder.nibbleCount(raw));
      }
    }
    return bits;
  }

  private static double symbolBits(int frequency) {
    return Rans.PROB_BITS - Math.log(frequency) / Math.log(2);
  }
}
