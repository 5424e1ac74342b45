package io.latentmap.sim.world;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
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
   * A closed drive that passes every site once per lap: each site is taken on the junction-to-junction section of
   * the road nearest to it, in the direction that puts the site on the driver's side (where a forward camera keeps it
   * in view longest), entered straight from the section before it on the same road where there is one (a site just
   * past a junction is otherwise out of a turning camera's view), and the stops are joined by shortest paths in
   * nearest-first order. A fleet that repeats
   * such a lap re-traverses the same places at a steady rate, like a bus line, which is what measuring how a map
   * notices changes at those places needs.
   *
   * @param sites (east, north) points, at least one
   */
  public Polyline tour(List<double[]> sites) {
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("a tour needs at least one site");
    }
    List<Section> stops = new ArrayList<>();
    for (double[] site : sites) {
      stops.add(nearestSection(site[0], site[1]).withLeadIn());
    }
    List<List<Section>> graph = outgoing();
    List<Section> order = new ArrayList<>();
    boolean[] taken = new boolean[stops.size()];
    Section current = stops.get(0);
    taken[0] = true;
    order.add(current);
    for (int n = 1; n < stops.size(); n++) {
      double[] distance = shortestPaths(graph, current.endNode()).distance;
      int next = -1;
      for (int i = 0; i < stops.size(); i++) {
        if (!taken[i] && (next < 0 || distance[stops.get(i).startNode()] < distance[stops.get(next).startNode()])) {
          next = i;
        }
      }
      taken[next] = true;
      current = stops.get(next);
      order.add(current);
    }
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      Section stop = order.get(i);
      stop.append(points);
      for (Section hop : path(graph, stop.endNode(), order.get((i + 1) % order.size()).startNode())) {
        hop.append(points);
      }
    }
    return Polyline.of(points);
  }

  /** Consecutive junction-to-junction stretches of a road driven in one direction (dir +1 = increasing arc). */
  private record Section(Road road, int from, int dir, int spans) {
    Section(Road road, int from, int dir) {
      this(road, from, dir, 1);
    }

    int to() {
      return from + dir * spans;
    }

    /** This stretch entered from the one before it on the same road, if the road goes on behind it. */
    Section withLeadIn() {
      int before = from - dir;
      return before >= 0 && before < road.junctionCount() ? new Section(road, before, dir, spans + 1) : this;
    }

    int startNode() {
      return road.junctionNode(from);
    }

    int endNode() {
      return road.junctionNode(to());
    }

    double length() {
      return Math.abs(road.junctionArc(to()) - road.junctionArc(from));
    }

    void append(List<double[]> points) {
      for (int k = from; k != to(); k += dir) {
        appendLane(points, road, k, k + dir, dir, fleetLane(road));
      }
    }
  }

  private Section nearestSection(double east, double north) {
    Section best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    double[] p = new double[2];
    for (Road road : roads) {
      if (road.junctionCount() < 2) {
        continue;
      }
      double arc = road.center().project(east, north);
      arc = Math.max(road.junctionArc(0), Math.min(road.junctionArc(road.junctionCount() - 1), arc));
      road.center().pointAt(arc, 0, p);
      double distance = Math.hypot(east - p[0], north - p[1]);
      if (distance >= bestDistance) {
        continue;
      }
      int k = 0;
      while (k + 2 < road.junctionCount() && road.junctionArc(k + 1) <= arc) {
        k++;
      }
      double dirEast = Math.cos(road.center().directionAt(arc));
      double dirNorth = Math.sin(road.center().directionAt(arc));
      boolean siteOnLeft = dirEast * (north - p[1]) - dirNorth * (east - p[0]) > 0;
      // lanes lie right of the direction of travel: a site left of increasing arc is passed driving backwards
      best = siteOnLeft ? new Section(road, k + 1, -1) : new Section(road, k, 1);
      bestDistance = distance;
    }
    if (best == null) {
      throw new IllegalStateException("the network has no road between two junctions");
    }
    return best;
  }

  private record Paths(double[] distance, Section[] via) {}

  /** Dijkstra over junctions; {@code graph} lists the sections leaving each junction. */
  private Paths shortestPaths(List<List<Section>> graph, int source) {
    double[] distance = new double[junctions.size()];
    Section[] via = new Section[junctions.size()];
    Arrays.fill(distance, Double.POSITIVE_INFINITY);
    distance[source] = 0;
    PriorityQueue<double[]> queue = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
    queue.add(new double[] {0, source});
    while (!queue.isEmpty()) {
      double[] head = queue.poll();
      int node = (int) head[1];
      if (head[0] > distance[node]) {
        continue;
      }
      for (Section s : graph.get(node)) {
        double d = head[0] + s.length();
        if (d < distance[s.endNode()]) {
          distance[s.endNode()] = d;
          via[s.endNode()] = s;
          queue.add(new double[] {d, s.endNode()});
        }
      }
    }
    return new Paths(distance, via);
  }

  private List<Section> path(List<List<Section>> graph, int from, int to) {
    Section[] via = shortestPaths(graph, from).via;
    Deque<Section> hops = new ArrayDeque<>();
    for (int node = to; node != from; node = via[node].startNode()) {
      if (via[node] == null) {
        throw new IllegalStateException("junction " + to + " cannot be reached from junction " + from);
      }
      hops.addFirst(via[node]);
    }
    return List.copyOf(hops);
  }

  private List<List<Section>> outgoing() {
    List<List<Section>> out = new ArrayList<>();
    for (int i = 0; i < junctions.size(); i++) {
      out.add(new ArrayList<>());
    }
    for (Road road : roads) {
      for (int k = 0; k + 1 < road.junctionCount(); k++) {
        out.get(road.junctionNode(k)).add(new Section(road, k, 1));
        out.get(road.junctionNode(k + 1)).add(new Section(road, k + 1, -1));
      }
    }
    return out;
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
