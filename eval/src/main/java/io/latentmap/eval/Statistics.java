package io.latentmap.eval;

import java.util.Arrays;

/** Summary statistics the evaluations and benchmarks share. */
public final class Statistics {
  private Statistics() {}

  /** The median; of an even count, the mean of the middle two; NaN of none. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
