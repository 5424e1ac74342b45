package io.latentmap.eval.bench;

import java.io.PrintStream;
import java.util.Locale;

/** One printed figure: {@code name value unit}. */
public record Figure(String name, double value, String unit) {
  public void printTo(PrintStream out) {
    out.println(line());
  }

  public String line() {
    return name + " " + format(value) + " " + unit;
  }

  /** Integers without a decimal point, everything else to four decimals. */
  public static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
