package io.latentmap.eval.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Figures of one run in order, printed as aligned {@code name value unit} lines and written as JSON. */
public final class Figures {
  private final List<Figure> figures = new ArrayList<>();

  public void add(String name, double value, String unit) {
    figures.add(new Figure(name, value, unit));
  }

  public List<Figure> figures() {
    return List.copyOf(figures);
  }

  /** One line per figure; the columns are aligned for people and split on whitespace for scripts. */
  public String table() {
    int width = figures.stream().mapToInt(f -> f.name().length()).max().orElse(0);
    StringBuilder out = new StringBuilder();
    for (Figure f : figures) {
      out.append(String.format(Locale.ROOT, "%-" + width + "s  %14s  %s%n", f.name(), Figure.format(f.value()), f.unit()));
    }
    return out.toString();
  }

  public String json() {
    StringBuilder out = new StringBuilder("{\n");
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      out.append(String.format(Locale.ROOT, "  \"%s\": {\"value\": %s, \"unit\": \"%s\"}%s%n", f.name(),
          Double.isFinite(f.value()) ? Figure.format(f.value()) : "null", f.unit(), i + 1 < figures.size() ? "," : ""));
    }
    return out.append("}\n").toString();
  }
}
