package io.latentmap.sim.world;

import java.util.ArrayList;
import java.util.List;

/**
 * One street: its centreline and cross-section (lanes, optional parking strips, kerb, grass verge, sidewalk),
 * plus the junctions along it in arc order. Lateral offsets are measured to the left of the centreline direction.
 */
public final class Road {

  public static final double LANE_WIDTH = 3.5;
  public static final double KERB_WIDTH = 0.25;
  public static final double PARKING_WIDTH = 2.2;
  /** Lateral offset of each tram track's centre from the road centreline. */
  public static final double TRAM_TRACK_OFFSET = 1.75;
  /** Half the standard rail gauge (1.435 m). */
  public static final double HALF_GAUGE = 0.7175;

  private final int id;
  private final Polyline center;
  private final int lanesPerDirection;
  private final boolean parking;
  private final boolean tram;
  private final double vergeWidth;
  private final double sidewalkWidth;
  private final List<Double> junctionArcs = new ArrayList<>();
  private final List<Integer> junctionNodes = new ArrayList<>();
  private final List<Double> junctionClearances = new ArrayList<>();

  public Road(int id, Polyline center, int lanesPerDirection, boolean parking, boolean tram, double vergeWidth,
      double sidewalkWidth) {
    this.id = id;
    this.center = center;
    this.lanesPerDirection = lanesPerDirection;
    this.parking = parking;
    this.tram = tram;
    this.vergeWidth = vergeWidth;
    this.sidewalkWidth = sidewalkWidth;
  }

  public int id() {
    return id;
  }

  public Polyline center() {
    return center;
  }

  public int lanesPerDirection() {
    return lanesPerDirection;
  }

  public boolean hasParking() {
    return parking;
  }

  public boolean hasTram() {
    return tram;
  }

  public boolean isMain() {
    return lanesPerDirection > 1;
  }

  /** Half-width of the driving lanes (without parking strips). */
  public double halfDriving() {
    return lanesPerDirection * LANE_WIDTH;
  }

  /** Half-width of the whole asphalt surface, kerb to kerb. */
  public double halfCarriageway() {
    return halfDriving() + (parking ? PARKING_WIDTH : 0);
  }

  public double vergeWidth() {
    return vergeWidth;
  }

  public double sidewalkWidth() {
    return sidewalkWidth;
  }

  /** Lateral offset of the outer edge of the sidewalk, i.e. where private land begins. */
  public double halfWidth() {
    return halfCarriageway() + KERB_WIDTH + vergeWidth + sidewalkWidth;
  }

  /** Lateral offset (to the left of the direction of travel, so negative) of lane {@code lane} (0 = inner). */
  public double laneOffset(int lane) {
    return -(lane + 0.5) * LANE_WIDTH;
  }

  void addJunction(double arc, int node, double clearance) {
    int i = 0;
    while (i < junctionArcs.size() && junctionArcs.get(i) < arc) {
      i++;
    }
    junctionArcs.add(i, arc);
    junctionNodes.add(i, node);
    junctionClearances.add(i, clearance);
  }

  public int junctionCount() {
    return junctionArcs.size();
  }

  public double junctionArc(int i) {
    return junctionArcs.get(i);
  }

  public int junctionNode(int i) {
    return junctionNodes.get(i);
  }

  /** Distance along this road from a junction's centre to the edge of the crossing road's carriageway. */
  public double junctionClearance(int i) {
    return junctionClearances.get(i);
  }

  /** Index of the junction whose clearance zone (plus {@code margin}) contains arc s, or -1. */
  public int junctionNear(double s, double margin) {
    for (int i = 0; i < junctionArcs.size(); i++) {
      if (Math.abs(s - junctionArcs.get(i)) < junctionClearances.get(i) + margin) {
        return i;
      }
    }
    return -1;
  }

  /** Signed distance from arc s to the nearest junction centre (s - junctionArc), for crossings and stop zones. */
  public double distanceToNearestJunction(double s) {
    double best = Double.POSITIVE_INFINITY;
    for (double a : junctionArcs) {
      if (Math.abs(s - a) < Math.abs(best)) {
        best = s - a;
      }
    }
    return best;
  }
}
