package io.latentmap.eval.bench;

import java.util.List;

/**
 * A goal figure re-measured: the measured value with its unit, the rule it must meet, and whether it does. Prints
 * as two {@code name value unit} lines: {@code <name>.measured <value> <unit>} and {@code <name> 1 pass} or
 * {@code <name> 0 fail}.
 */
public record Goal(String name, double measured, String unit, String rule, boolean pass) {
  public List<Figure> figures() {
    return List.of(new Figure(name + ".measured", measured, unit), new Figure(name, pass ? 1 : 0, pass ? "pass" : "fail"));
  }
}
