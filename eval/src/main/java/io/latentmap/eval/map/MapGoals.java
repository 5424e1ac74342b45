package io.latentmap.eval.map;

import io.latentmap.eval.bench.Figure;
import io.latentmap.eval.bench.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Thresholds the map's figures are judged against. Issues 5 and 7 ask for these figures (static-cell accuracy on
 * observed cells, landmark median error, changes detected of those scheduled) but set no number for them, so every
 * threshold here is given by whoever runs the evaluation; an unset one (NaN) is not judged.
 *
 * @param minStaticAccuracy static-cell accuracy on observed cells, 0..1
 * @param maxLandmarkMedianMeters median landmark position error
 * @param minChangeRecall share of the observable world changes detected, 0..1
 * @param minChangePrecision share of the map's change claims that describe a real change, 0..1
 */
public record MapGoals(double minStaticAccuracy, double maxLandmarkMedianMeters, double minChangeRecall,
    double minChangePrecision) {

  public static final MapGoals NONE = new MapGoals(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /**
   * One judged goal. Printed like every other goal of the launcher ({@link io.latentmap.eval.bench.Goal}):
   * {@code name 1 pass} or {@code name 0 fail}, a {@code name value unit} line; the measured value is the figure it
   * judges, printed beside it, and the rule is in {@code summary.json}.
   */
  public record Verdict(String name, boolean pass, String goal, double value) {
    public String line() {
      return new Figure(name, pass ? 1 : 0, pass ? "pass" : "fail").line();
    }
  }

  public List<Verdict> judge(Figures figures) {
    Map<String, Double> v = figures.figures().stream().collect(Collectors.toMap(Figure::name, Figure::value,
        (a, b) -> a));
    List<Verdict> out = new ArrayList<>();
    atLeast(out, "map.goal.static_accuracy", v.get("map.static_accuracy"), minStaticAccuracy);
    atMost(out, "map.goal.landmark_median", v.get("map.landmark.median_m"), maxLandmarkMedianMeters);
    atLeast(out, "map.goal.changes_recall", v.get("map.changes.recall"), minChangeRecall);
    atLeast(out, "map.goal.changes_precision", v.get("map.changes.precision"), minChangePrecision);
    return out;
  }

  private static void atLeast(List<Verdict> out, String name, Double value, double min) {
    if (!Double.isNaN(min)) {
      out.add(new Verdict(name, value != null && value >= min, ">=" + Figure.format(min), orNaN(value)));
    }
  }

  private static void atMost(List<Verdict> out, String name, Double value, double max) {
    if (!Double.isNaN(max)) {
      out.add(new Verdict(name, value != null && value <= max, "<=" + Figure.format(max) + "m", orNaN(value)));
    }
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "accuracy>=%s landmark<=%s recall>=%s precision>=%s", minStaticAccuracy,
        maxLandmarkMedianMeters, minChangeRecall, minChangePrecision);
  }
}
