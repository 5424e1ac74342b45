package io.latentmap.sim.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The city's streets and junctions, and routes along lanes through them. Immutable after construction. */
public final class RoadNetwork {

  /** Spacing of route points along a lane, metres. */
  private static final double ROUTE_STEP = 4.0;
  /** Extra distance kept from the crossing carriageway before a route turns, metres. */
  private static final double TURN_SETBACK = 1.0;
  private static final int STRAIGHT_WEIGHT = 2;

  private final List<Road> roads;
  private final List<Junction> junctions;

  public RoadNetwork(List<Road> roads, List<Junction> junctions) {
    this.roads = List.copyOf(roads);
    this.junctions = List.copyOf(junctions);
  }

  public List<Road> roads() {
    return roads;
  }

  public List<Junction> junctions() {
    return junctions;
  }

  /**
   * A random drive of {@code edges} road sections: straight on or turning at each junction (no U-turns unless
   * there is no other way), keeping to the right-hand lanes.
   */
  public Polyline randomRoute(SplittableRandom r, int edges) {
    Road road = roads.get(r.nextInt(roads.size()));
    int dir = r.nextBoolean() ? 1 : -1;
    int k = dir > 0 ? r.nextInt(road.junctionCount() - 1) : 1 + r.nextInt(road.junctionCount() - 1);
    int lane = fleetLane(road);
    List<double[]> points = new ArrayList<>();
    for (int e = 0; e < edges; e++) {
      int k2 = k + dir;
      if (k2 < 0 || k2 >= road.junctionCount()) {
        dir = -dir;
        k2 = k + dir;
      }
      appendLane(points, road, k, k2, dir, lane);
      Junction j = junctions.get(road.junctionNode(k2));
      List<int[]> options = new ArrayList<>(); // {road, index, dir}
      if (k2 + dir >= 0 && k2 + dir < road.junctionCount()) {
        for (int w = 0; w < STRAIGHT_WEIGHT; w++) {
          options.add(new int[] {road.id(), k2, dir});
        }
      }
      Road other = roads.get(j.otherRoad(road.id()));
      int ko = j.indexOn(other.id());
      if (ko + 1 < other.junctionCount()) {
        options.add(new int[] {other.id(), ko, 1});
      }
      if (ko - 1 >= 0) {
        options.add(new int[] {other.id(), ko, -1});
      }
      if (options.isEmpty()) {
        options.add(new int[] {road.id(), k2, -dir});
      }
      int[] next = options.get(r.nextInt(options.size()));
      road = roads.get(next[0]);
      k = next[1];
      dir = next[2];
      lane = fleetLane(road);
    }
    return Polyline.of(points);
  }

  /**
   * The lane fleet vehicles keep to: the inner lane of a main road (lane closures only ever take the outer one),
   * the outer lane of a tram road (the trams run in the inner lanes), the only lane of a side street.
   */
  public static int fleetLane(Road road) {
    return road.hasTram() ? road.lanesPerDirection() - 1 : 0;
  }

  /** Whether a lane closure may take the outer lane of this road without blocking fleet routes or trams. */
  public static boolean closable(Road road) {
    return road.isMain() && !road.hasTram() && fleetLane(road) != road.lanesPerDirection() - 1;
  }

  private static void appendLane(List<double[]> points, Road road, int from, int to, int dir, int lane) {
    double a = road.junctionArc(from) + dir * (road.junctionClearance(from) + TURN_SETBACK);
    double b = road.junctionArc(to) - dir * (road.junctionClearance(to) + TURN_SETBACK);
    double lateral = road.laneOffset(lane) * dir;
    double length = (b - a) * dir;
    if (length <= 0) {
      return;
    }
    int steps = Math.max(1, (int) Math.ceil(length / ROUTE_STEP));
    for (int i = 0; i <= steps; i++) {
      double s = a + dir * length * i / steps;
      double[] p = new double[2];
      road.center().pointAt(s, lateral, p);
      points.add(p);
    }
  }
}
