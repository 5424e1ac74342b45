package io.latentmap.eval.map;

import io.latentmap.map.landmark.LandmarkType;
import java.util.List;

/**
 * One change the map announced in its tile updates, in the city's metric frame: a landmark that appeared where the
 * fleet had looked before, a landmark that disappeared, or a patch of cells whose published class flipped from one
 * known class to another.
 *
 * @param type the landmark's type; null for an area claim
 * @param time simulation seconds of the latest frame behind the announcing update (its event-time end)
 * @param cells the flipped cells of an area claim, empty otherwise
 */
public record ChangeClaim(Kind kind, LandmarkType type, double east, double north, double time, List<ClaimCell> cells) {

  public ChangeClaim {
    cells = List.copyOf(cells);
  }

  /** What the map claims changed. */
  public enum Kind { APPEARED, DISAPPEARED, AREA }

  /**
   * A flipped cell of an area claim.
   *
   * @param agrees whether its new class is the true class at the claim's time
   */
  public record ClaimCell(double east, double north, int newTrainId, boolean agrees) {}

  public static ChangeClaim landmark(Kind kind, LandmarkType type, double east, double north, double time) {
    return new ChangeClaim(kind, type, east, north, time, List.of());
  }

  public static ChangeClaim area(double time, List<ClaimCell> cells) {
    double e = cells.stream().mapToDouble(ClaimCell::east).average().orElseThrow();
    double n = cells.stream().mapToDouble(ClaimCell::north).average().orElseThrow();
    return new ChangeClaim(Kind.AREA, null, e, n, time, cells);
  }
}
