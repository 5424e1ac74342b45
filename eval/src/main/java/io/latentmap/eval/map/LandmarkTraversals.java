package io.latentmap.eval.map;

import io.latentmap.map.landmark.LandmarkType;
import java.util.ArrayList;
import java.util.List;

/**
 * Landmark position error against how often the fleet passed the landmark: each map landmark is paired with the
 * nearest true landmark of its type (within {@link ChangeScoring#LANDMARK_MATCH_METERS}), and the pairs are binned by
 * that true landmark's traversals. Also how many of the true landmarks passed that often made it into the map.
 */
public final class LandmarkTraversals {
  /** Lower edges of the traversal bins; the last bin is open. */
  static final int[] BIN_STARTS = {1, 2, 3, 4, 6, 10};

  private LandmarkTraversals() {}

  /** A true landmark and how often the fleet passed it. */
  public record Truth(long id, LandmarkType type, double east, double north, long passes) {}

  /** A map landmark (last published state) and its observation count. */
  public record Mapped(String id, LandmarkType type, double east, double north, int observations) {}

  /** A map landmark with its true counterpart, if one is close enough. */
  public record Pair(Mapped mapped, Truth truth, double errorMeters) {
    public boolean matched() {
      return truth != null;
    }
  }

  /**
   * One bin of traversals {@code [min, max]}.
   *
   * @param trueLandmarks true landmarks passed that often
   * @param trueMapped of those, how many have a map landmark paired with them
   * @param errors the errors of the map landmarks paired with a true landmark in this bin
   */
  public record Bin(int min, int max, long trueLandmarks, long trueMapped, List<Double> errors) {
    public String label() {
      return max == Integer.MAX_VALUE ? min + "+" : min == max ? Integer.toString(min) : min + "-" + max;
    }

    public double median() {
      return quantile(errors, 0.5);
    }

    public double p90() {
      return quantile(errors, 0.9);
    }
  }

  public static List<Pair> pair(List<Mapped> mapped, List<Truth> truth) {
    List<Pair> out = new ArrayList<>();
    for (Mapped m : mapped) {
      Truth best = null;
      double bestDistance = ChangeScoring.LANDMARK_MATCH_METERS;
      for (Truth t : truth) {
        double d = Math.hypot(t.east() - m.east(), t.north() - m.north());
        if (t.type() == m.type() && d <= bestDistance) {
          best = t;
          bestDistance = d;
        }
      }
      out.add(new Pair(m, best, best == null ? Double.NaN : bestDistance));
    }
    return out;
  }

  public static List<Bin> bins(List<Pair> pairs, List<Truth> truth) {
    List<Bin> out = new ArrayList<>();
    for (int b = 0; b < BIN_STARTS.length; b++) {
      int min = BIN_STARTS[b];
      int max = b + 1 < BIN_STARTS.length ? BIN_STARTS[b + 1] - 1 : Integer.MAX_VALUE;
      List<Double> errors = new ArrayList<>();
      java.util.Set<Long> mappedIds = new java.util.HashSet<>();
      for (Pair p : pairs) {
        if (p.matched() && p.truth().passes() >= min && p.truth().passes() <= max) {
          errors.add(p.errorMeters());
          mappedIds.add(p.truth().id());
        }
      }
      long inBin = truth.stream().filter(t -> t.passes() >= min && t.passes() <= max).count();
      out.add(new Bin(min, max, inBin, mappedIds.size(), errors));
    }
    return out;
  }

  /** Nearest-rank quantile (the smallest value with at least a share q of the values at or below it). */
  public static double quantile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
