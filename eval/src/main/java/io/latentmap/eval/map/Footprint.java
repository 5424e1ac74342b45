package io.latentmap.eval.map;

import io.latentmap.map.landmark.LandmarkType;
import java.util.List;

/**
 * What one scheduled world change did to the map's ground truth, in the city's metric frame (east, north metres):
 * the landmarks that appeared and disappeared, and the map cells whose true class changed.
 *
 * @param time simulation seconds at which the change happened
 * @param kind the change log's kind, e.g. {@code SIGN_ADDED}
 * @param east where the change log places it (metres), likewise {@code north}
 */
public record Footprint(long changeId, String kind, double time, double east, double north, List<Point> appeared,
    List<Point> disappeared, List<Cell> cells) {

  public Footprint {
    appeared = List.copyOf(appeared);
    disappeared = List.copyOf(disappeared);
    cells = List.copyOf(cells);
  }

  /** A landmark position. */
  public record Point(LandmarkType type, double east, double north) {}

  /** A map cell centre whose true class went from {@code oldTrainId} to {@code newTrainId}. */
  public record Cell(double east, double north, int oldTrainId, int newTrainId) {}

  /** True when nothing in the map's truth changed (e.g. a change hidden under another object). */
  public boolean isEmpty() {
    return appeared.isEmpty() && disappeared.isEmpty() && cells.isEmpty();
  }

  /**
   * Points that stand for the whole change when asking whether a camera saw it: every landmark, and cells spaced
   * at least {@code spacing} metres apart.
   */
  public List<double[]> probes(double spacing) {
    java.util.ArrayList<double[]> out = new java.util.ArrayList<>();
    for (Point p : appeared) {
      out.add(new double[] {p.east(), p.north()});
    }
    for (Point p : disappeared) {
      out.add(new double[] {p.east(), p.north()});
    }
    double s2 = spacing * spacing;
    for (Cell c : cells) {
      boolean far = true;
      for (double[] q : out) {
        double de = q[0] - c.east();
        double dn = q[1] - c.north();
        if (de * de + dn * dn < s2) {
          far = false;
          break;
        }
      }
      if (far) {
        out.add(new double[] {c.east(), c.north()});
      }
    }
    return out;
  }
}
