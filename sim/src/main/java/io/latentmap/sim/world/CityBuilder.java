package io.latentmap.sim.world;

import io.latentmap.map.geo.EnuFrame;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.sim.util.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Mutable state of one city generation run and the steps that fill it, in a fixed order (the order of random draws
 * is part of what makes a seed reproducible). Used only by {@link CityGenerator}.
 */
final class CityBuilder {

  /** Spacing of street centreline points, metres. */
  private static final double POLYLINE_STEP = 8.0;
  /** Largest sideways swing of a curved street, metres. */
  private static final double ROAD_WARP_MAX = 10.0;
  /** Resolution of the grid that records which land is already built on, metres. */
  private static final double OCCUPANCY_CELL = 0.5;
  /** Actor ids start here, far above static object ids, so the two never collide. */
  private static final long ACTOR_ID_BASE = 1L << 40;
  /** Road length a vehicle needs in its lane: the longest vehicle (a bus) plus a gap. */
  private static final double MIN_VEHICLE_SLOT = 16.0;
  /** No tree crown comes closer than this to a roadside camera, metres. */
  private static final double CAMERA_TREE_CLEARANCE = 2.0;

  final long seed;
  final CityConfig cfg;
  final EnuFrame frame;
  final SplittableRandom rng;
  final double half;
  final GroundRaster ground;
  final boolean[] occupied;
  final int occSide;
  final List<Road> roads = new ArrayList<>();
  final List<Junction> junctions = new ArrayList<>();
  final List<StaticObject> objects = new ArrayList<>();
  final List<Actor> actors = new ArrayList<>();
  final List<double[]> vacantLots = new ArrayList<>(); // cx, cy, angle, halfLength, halfWidth
  final List<List<Integer>> greenGroups = new ArrayList<>(); // indices into objects
  final List<Integer> streetLights = new ArrayList<>();
  final List<int[]> signPosts = new ArrayList<>(); // {pole index, sign index}
  long nextId = 1;
  long nextActorId = ACTOR_ID_BASE;

  CityBuilder(long seed, GeoPoint anchor, CityConfig cfg) {
    this.seed = seed;
    this.cfg = cfg;
    this.frame = new EnuFrame(anchor);
    this.rng = Rng.of(seed, 3);
    this.half = cfg.halfExtent();
    int cells = (int) Math.ceil(2 * half / cfg.groundCellSize());
    this.ground = new GroundRaster(-half, -half, cfg.groundCellSize(), cells, cells);
    this.occSide = (int) Math.ceil(2 * half / OCCUPANCY_CELL);
    this.occupied = new boolean[occSide * occSide];
  }

  City run() {
    layOutStreets();
    for (Road road : roads) {
      paintRoad(road);
    }
    for (Road road : roads) {
      streetFurniture(road);
    }
    trafficLights();
    for (Road road : roads) {
      frontage(road, -1);
      frontage(road, 1);
    }
    blockInteriors();
    backdrop();
    skyline();
    for (Road road : roads) {
      parkedVehicles(road);
      traffic(road);
    }
    List<CameraSite> sites = cameraSites();
    Map<Double, GroundRaster> versions = new LinkedHashMap<>();
    versions.put(Double.NEGATIVE_INFINITY, ground.freeze());
    List<WorldChange> changes = new ChangeScheduler(this).schedule(versions);
    return new City(seed, CityGenerator.cityName(seed), frame, cfg, new RoadNetwork(roads, junctions), objects, actors, changes,
        versions, sites);
  }

  // ---------------------------------------------------------------- streets

  void layOutStreets() {
    double ring = cfg.ringHalfSize();
    double[] xs = streetPositions(ring);
    double[] ys = streetPositions(ring);
    int tramRow = 1 + rng.nextInt(Math.max(1, ys.length - 2));
    int tramColumn = 1 + rng.nextInt(Math.max(1, xs.length - 2));
    double[][] warpX = warps(xs.length);
    double[][] warpY = warps(ys.length);
    for (int i = 0; i < xs.length; i++) {
      boolean outer = i == 0 || i == xs.length - 1;
      roads.add(makeRoad(roads.size(), true, xs[i], warpX[i], -ring, ring, outer, i == tramColumn));
    }
    for (int j = 0; j < ys.length; j++) {
      boolean outer = j == 0 || j == ys.length - 1;
      roads.add(makeRoad(roads.size(), false, ys[j], warpY[j], -ring, ring, outer, j == tramRow));
    }
    int nv = xs.length;
    for (int i = 0; i < nv; i++) {
      for (int j = 0; j < ys.length; j++) {
        Road v = roads.get(i);
        Road h = roads.get(nv + j);
        double x = xs[i];
        double y = ys[j];
        for (int it = 0; it < 30; it++) {
          x = xs[i] + warp(warpX[i], y);
          y = ys[j] + warp(warpY[j], x);
        }
        int id = junctions.size();
        v.addJunction(v.center().project(x, y), id, h.halfCarriageway() + Road.KERB_WIDTH);
        h.addJunction(h.center().project(x, y), id, v.halfCarriageway() + Road.KERB_WIDTH);
        junctions.add(new Junction(id, x, y, v.id(), -1, h.id(), -1));
      }
    }
    for (int k = 0; k < junctions.size(); k++) {
      Junction j = junctions.get(k);
      junctions.set(k, new Junction(j.id(), j.east(), j.north(), j.roadA(), indexOf(roads.get(j.roadA()), k),
          j.roadB(), indexOf(roads.get(j.roadB()), k)));
    }
  }

  static int indexOf(Road road, int node) {
    for (int i = 0; i < road.junctionCount(); i++) {
      if (road.junctionNode(i) == node) {
        return i;
      }
    }
    throw new IllegalStateException("junction " + node + " missing on road " + road.id());
  }

  double[] streetPositions(double ring) {
    List<Double> p = new ArrayList<>();
    p.add(-ring);
    double x = -ring;
    while (true) {
      x += Rng.uniform(rng, cfg.minBlock(), cfg.maxBlock());
      if (x > ring - cfg.minBlock()) {
        break;
      }
      p.add(x);
    }
    p.add(ring);
    return p.stream().mapToDouble(Double::doubleValue).toArray();
  }

  double[][] warps(int n) {
    double[][] w = new double[n][];
    for (int i = 0; i < n; i++) {
      boolean outer = i == 0 || i == n - 1;
      double amplitude = outer ? 0 : Rng.uniform(rng, 0, ROAD_WARP_MAX) * (rng.nextDouble() < 0.3 ? 0.1 : 1);
      w[i] = new double[] {amplitude, Rng.uniform(rng, 280, 650), Rng.uniform(rng, 0, 2 * Math.PI)};
    }
    return w;
  }

  static double warp(double[] w, double t) {
    return w[0] * Math.sin(2 * Math.PI * t / w[1] + w[2]);
  }

  Road makeRoad(int id, boolean northSouth, double base, double[] warp, double from, double to, boolean outer,
      boolean tram) {
    int n = (int) Math.ceil((to - from) / POLYLINE_STEP);
    double[] px = new double[n + 1];
    double[] py = new double[n + 1];
    for (int k = 0; k <= n; k++) {
      double t = from + (to - from) * k / n;
      double offset = base + warp(warp, t);
      px[k] = northSouth ? offset : t;
      py[k] = northSouth ? t : offset;
    }
    boolean main = outer || tram || rng.nextDouble() < 0.35;
    boolean parking = !outer && !tram && rng.nextDouble() < (main ? 0.3 : 0.8);
    double verge = rng.nextDouble() < (main ? 0.35 : 0.2) ? Rng.uniform(rng, 1.2, 2.5) : 0;
    double sidewalk = Rng.uniform(rng, 2.4, main ? 5.0 : 4.0);
    return new Road(id, new Polyline(px, py), main ? 2 : 1, parking, tram, verge, sidewalk);
  }

  void paintRoad(Road road) {
    Polyline c = road.center();
    double w = road.halfWidth();
    double cell = ground.cellSize();
    double overlap = w * 0.12 + cell;
    for (int i = 0; i + 1 < c.size(); i++) {
      double x0 = c.x(i);
      double y0 = c.y(i);
      double len = c.arcAt(i + 1) - c.arcAt(i);
      double ux = (c.x(i + 1) - x0) / len;
      double uy = (c.y(i + 1) - y0) / len;
      int colMin = ground.column(Math.min(x0, c.x(i + 1)) - w - overlap);
      int colMax = ground.column(Math.max(x0, c.x(i + 1)) + w + overlap);
      int rowMin = ground.row(Math.min(y0, c.y(i + 1)) - w - overlap);
      int rowMax = ground.row(Math.max(y0, c.y(i + 1)) + w + overlap);
      double aMin = i == 0 ? 0 : -overlap;
      double aMax = i + 2 == c.size() ? len : len + overlap;
      for (int row = rowMin; row <= rowMax; row++) {
        double py = ground.cellCenterNorth(row) - y0;
        for (int col = colMin; col <= colMax; col++) {
          double px = ground.cellCenterEast(col) - x0;
          double along = px * ux + py * uy;
          if (along < aMin || along > aMax) {
            continue;
          }
          double lateral = -px * uy + py * ux;
          if (Math.abs(lateral) > w) {
            continue;
          }
          ground.paint(col, row, StreetMarkings.material(road, c.arcAt(i) + along, lateral));
        }
      }
    }
  }


  // ---------------------------------------------------------------- street furniture

  void streetFurniture(Road road) {
    double hc = road.halfCarriageway();
    double kerbEdge = hc + Road.KERB_WIDTH;
    boolean trees = road.vergeWidth() > 0 || (road.sidewalkWidth() > 3.0 && rng.nextDouble() < 0.8);
    double lightSpacing = Rng.uniform(rng, 30, 45);
    double[] p = new double[2];
    for (int side = -1; side <= 1; side += 2) {
      double lightOffset = rng.nextDouble() * lightSpacing;
      for (double s = lightOffset; s < road.center().length(); s += lightSpacing) {
        if (road.junctionNear(s, 3) >= 0 || (side > 0 && rng.nextDouble() < 0.5)) {
          continue;
        }
        road.center().pointAt(s, side * (kerbEdge + 0.45), p);
        streetLight(p[0], p[1], road.center().directionAt(s) - side * Math.PI / 2, hc);
      }
      if (trees) {
        double spacing = Rng.uniform(rng, 7, 12);
        double inset = road.vergeWidth() > 0 ? kerbEdge + road.vergeWidth() / 2 : kerbEdge + 1.0;
        List<Integer> group = new ArrayList<>();
        for (double s = rng.nextDouble() * spacing; s < road.center().length(); s += spacing) {
          if (road.junctionNear(s, 8) >= 0 || rng.nextDouble() < 0.15) {
            continue;
          }
          road.center().pointAt(s, side * inset, p);
          if (road.vergeWidth() == 0) {
            treePit(p[0], p[1], road.center().directionAt(s));
          }
          group.add(tree(p[0], p[1], 1.0));
          if (group.size() >= 6) {
            greenGroups.add(group);
            group = new ArrayList<>();
          }
        }
        if (!group.isEmpty()) {
          greenGroups.add(group);
        }
      }
      double signSpacing = Rng.uniform(rng, 35, 80);
      for (double s = rng.nextDouble() * signSpacing; s < road.center().length(); s += signSpacing) {
        if (road.junctionNear(s, 2) >= 0) {
          continue;
        }
        road.center().pointAt(s, side * (kerbEdge + 0.35), p);
        // the plate faces traffic coming towards it on its side of the road
        double facing = road.center().directionAt(s) + (side < 0 ? Math.PI : 0);
        signPost(p[0], p[1], facing, Double.NEGATIVE_INFINITY);
      }
    }
  }

  void treePit(double x, double y, double angle) {
    double hs = 0.7;
    for (double a = -hs; a <= hs; a += ground.cellSize() / 2) {
      for (double b = -hs; b <= hs; b += ground.cellSize() / 2) {
        double e = x + a * Math.cos(angle) - b * Math.sin(angle);
        double n = y + a * Math.sin(angle) + b * Math.cos(angle);
        ground.paint(ground.column(e), ground.row(n), GroundMaterial.TREE_PIT);
      }
    }
  }

  int add(StaticObject o) {
    objects.add(o);
    return objects.size() - 1;
  }

  int tree(double x, double y, double scale) {
    double trunk = Rng.uniform(rng, 1.8, 3.4) * scale;
    double crown = Rng.uniform(rng, 1.6, 3.4) * scale;
    int leaf = Rng.jitter(rng, Rng.pick(rng, Palette.FOLIAGE), 18);
    List<Blob> blobs = new ArrayList<>();
    blobs.add(new Blob(x, y, trunk + crown * 0.8, crown, crown * Rng.uniform(rng, 0.8, 1.3), Surface.FOLIAGE, leaf,
        rng.nextInt()));
    if (rng.nextDouble() < 0.5) {
      double a = rng.nextDouble() * 2 * Math.PI;
      blobs.add(new Blob(x + Math.cos(a) * crown * 0.5, y + Math.sin(a) * crown * 0.5, trunk + crown * 1.2,
          crown * 0.7, crown * 0.7, Surface.FOLIAGE, Rng.jitter(rng, leaf, 10), rng.nextInt()));
    }
    Box stem = new Box(x, y, 0, trunk + crown * 0.6, 0.14 * scale, 0.14 * scale, rng.nextDouble(), Surface.PLAIN,
        Rng.jitter(rng, Rng.pick(rng, Palette.BARK), 10), 0);
    return add(StaticObject.permanent(nextId++, CityscapesLabels.VEGETATION, List.of(stem), blobs));
  }

  void streetLight(double x, double y, double towardsRoad, double reach) {
    double height = Rng.uniform(rng, 6.5, 9.5);
    int color = Rng.jitter(rng, Rng.pick(rng, Palette.METAL), 10);
    double radius = Rng.uniform(rng, 0.07, 0.12);
    List<Box> parts = new ArrayList<>();
    parts.add(new Box(x, y, 0, height, radius, radius, towardsRoad, Surface.PLAIN, color, 0));
    double arm = Math.min(reach * 0.5, Rng.uniform(rng, 1.0, 2.5));
    double ax = x + Math.cos(towardsRoad) * arm / 2;
    double ay = y + Math.sin(towardsRoad) * arm / 2;
    parts.add(new Box(ax, ay, height - 0.12, height, arm / 2 + radius, 0.05, towardsRoad, Surface.PLAIN, color, 0));
    double hx = x + Math.cos(towardsRoad) * arm;
    double hy = y + Math.sin(towardsRoad) * arm;
    parts.add(new Box(hx, hy, height - 0.3, height, 0.35, 0.15, towardsRoad, Surface.PLAIN, color, 0));
    StaticObject pole = StaticObject.permanent(nextId++, CityscapesLabels.POLE, parts, List.of())
        .asLandmark(LandmarkType.POLE, x, y, height);
    streetLights.add(add(pole));
  }

  /** A sign post: a pole (landmark) with a plate (landmark) facing {@code facing}; returns both indices. */
  int[] signPost(double x, double y, double facing, double validFrom) {
    double height = Rng.uniform(rng, 2.3, 3.2);
    double plate = Rng.uniform(rng, 0.55, 0.8);
    int shape = rng.nextInt(5);
    double plateWidth = shape == 3 ? plate * 1.8 : plate;
    int color = Rng.pick(rng, Palette.METAL);
    Box post = new Box(x, y, 0, height, 0.04, 0.04, facing, Surface.PLAIN, color, 0);
    double px = x + Math.cos(facing) * 0.06;
    double py = y + Math.sin(facing) * 0.06;
    Box face = new Box(px, py, height - plate * 0.1 - plate, height - plate * 0.1, 0.02, plateWidth / 2, facing,
        Surface.SIGN, Rng.pick(rng, Palette.SIGN), shape | (rng.nextInt(64) << 4));
    List<Box> faces = new ArrayList<>(List.of(face));
    if (rng.nextDouble() < 0.3) {
      double second = plate * 0.7;
      faces.add(new Box(px, py, height - plate * 1.25 - second, height - plate * 1.25, 0.02, plateWidth / 2, facing,
          Surface.SIGN, Rng.pick(rng, Palette.SIGN), 2 | (rng.nextInt(64) << 4)));
    }
    StaticObject pole = StaticObject.permanent(nextId++, CityscapesLabels.POLE, List.of(post), List.of())
        .withValidity(validFrom, Double.POSITIVE_INFINITY).asLandmark(LandmarkType.POLE, x, y, height);
    StaticObject sign = StaticObject.permanent(nextId++, CityscapesLabels.TRAFFIC_SIGN, faces, List.of())
        .withValidity(validFrom, Double.POSITIVE_INFINITY)
        .asLandmark(LandmarkType.TRAFFIC_SIGN, px, py, height - plate * 0.6);
    int[] idx = {add(pole), add(sign)};
    if (validFrom == Double.NEGATIVE_INFINITY) {
      signPosts.add(idx);
    }
    return idx;
  }

  void trafficLights() {
    double[] p = new double[2];
    for (Junction j : junctions) {
      Road a = roads.get(j.roadA());
      Road b = roads.get(j.roadB());
      boolean signalled = a.isMain() || b.isMain() || rng.nextDouble() < 0.4;
      for (Road road : new Road[] {a, b}) {
        int k = j.indexOn(road.id());
        for (int dir = -1; dir <= 1; dir += 2) {
          // traffic approaching the junction in direction dir stops before it; the signal stands on its right
          double s = road.junctionArc(k) - dir * (road.junctionClearance(k) + 0.8);
          if (s < 0 || s > road.center().length()) {
            continue;
          }
          double lateral = -dir * (road.halfCarriageway() + Road.KERB_WIDTH + 0.5);
          road.center().pointAt(s, lateral, p);
          double facing = road.center().directionAt(s) + (dir > 0 ? Math.PI : 0);
          if (signalled) {
            signal(p[0], p[1], facing, road.isMain() ? road.halfDriving() : 0);
          } else if (rng.nextDouble() < 0.7) {
            signPost(p[0], p[1], facing, Double.NEGATIVE_INFINITY);
          }
        }
      }
    }
  }

  void signal(double x, double y, double facing, double mastReach) {
    int color = Rng.pick(rng, Palette.METAL);
    double height = Rng.uniform(rng, 3.2, 4.2);
    List<Box> poleParts = new ArrayList<>();
    poleParts.add(new Box(x, y, 0, mastReach > 0 ? 6.0 : height, 0.08, 0.08, facing, Surface.PLAIN, color, 0));
    List<Box> heads = new ArrayList<>();
    double hx = x + Math.cos(facing) * 0.2;
    double hy = y + Math.sin(facing) * 0.2;
    int housing = rng.nextDouble() < 0.7 ? 0x1A1A1A : 0x3A4A3A;
    heads.add(new Box(hx, hy, height - 1.0, height, 0.12, 0.16, facing, Surface.SIGNAL, housing, rng.nextInt(3)));
    double lx = hx;
    double ly = hy;
    if (mastReach > 0) {
      // mast arm over the carriageway, towards the left of the facing direction as seen by approaching traffic
      double across = facing - Math.PI / 2;
      double reach = mastReach * 0.9;
      double mx = x + Math.cos(across) * reach / 2;
      double my = y + Math.sin(across) * reach / 2;
      poleParts.add(new Box(mx, my, 5.85, 6.0, reach / 2, 0.06, across, Surface.PLAIN, color, 0));
      lx = x + Math.cos(across) * reach * 0.8 + Math.cos(facing) * 0.15;
      ly = y + Math.sin(across) * reach * 0.8 + Math.sin(facing) * 0.15;
      heads.add(new Box(lx, ly, 4.9, 5.85, 0.12, 0.16, facing, Surface.SIGNAL, housing, rng.nextInt(3)));
    }
    add(StaticObject.permanent(nextId++, CityscapesLabels.POLE, poleParts, List.of())
        .asLandmark(LandmarkType.POLE, x, y, poleParts.get(0).z1()));
    add(StaticObject.permanent(nextId++, CityscapesLabels.TRAFFIC_LIGHT, heads, List.of())
        .asLandmark(LandmarkType.TRAFFIC_LIGHT, hx, hy, height - 0.5));
  }

  // ---------------------------------------------------------------- lots and buildings

  void frontage(Road road, int side) {
    double w = road.halfWidth();
    double[] p = new double[2];
    double s = rng.nextDouble() * 4;
    double len = road.center().length();
    while (s < len) {
      double lot = Rng.uniform(rng, 8, 26);
      double setback = rng.nextDouble() < 0.55 ? Rng.uniform(rng, 0.05, 0.4) : Rng.uniform(rng, 1.5, 6);
      double depth = Rng.uniform(rng, 10, 22);
      double mid = s + lot / 2;
      double angle = road.center().directionAt(mid);
      double lotDepth = setback + depth;
      road.center().pointAt(mid, side * (w + 0.1 + lotDepth / 2), p);
      if (mid + lot / 2 > len) {
        break;
      }
      if (!isFree(p[0], p[1], angle, lot / 2, lotDepth / 2, 0)) {
        // near junctions and curves a shallower, narrower lot often still fits
        lot = Math.min(lot, 10);
        setback = 0.2;
        depth = 9;
        lotDepth = setback + depth;
        mid = s + lot / 2;
        angle = road.center().directionAt(mid);
        road.center().pointAt(mid, side * (w + 0.1 + lotDepth / 2), p);
        if (!isFree(p[0], p[1], angle, lot / 2, lotDepth / 2, 0)) {
          s += 1.5;
          continue;
        }
      }
      occupy(p[0], p[1], angle, lot / 2, lotDepth / 2);
      double[] front = new double[2];
      road.center().pointAt(mid, side * (w + 0.1 + setback / 2), front);
      double[] body = new double[2];
      road.center().pointAt(mid, side * (w + 0.1 + setback + depth / 2), body);
      double roll = rng.nextDouble();
      if (roll < 0.62) {
        building(body[0], body[1], angle, lot / 2 - 0.05, depth / 2, Double.NEGATIVE_INFINITY);
        if (setback > 1.2) {
          frontYard(front[0], front[1], angle, lot / 2, setback, side);
        }
      } else if (roll < 0.72) {
        vacantLots.add(new double[] {body[0], body[1], angle, lot / 2 - 0.05, depth / 2});
        if (rng.nextDouble() < 0.7) {
          road.center().pointAt(mid, side * (w + 0.3), front);
          fence(front[0], front[1], angle, lot / 2, Rng.uniform(rng, 1.4, 2.0));
        }
      } else if (roll < 0.9) {
        park(p[0], p[1], angle, lot / 2, lotDepth / 2);
        if (rng.nextDouble() < 0.5) {
          road.center().pointAt(mid, side * (w + 0.3), front);
          fence(front[0], front[1], angle, lot / 2 - 0.2, Rng.uniform(rng, 0.9, 1.6));
        }
      } else {
        road.center().pointAt(mid, side * (w + 0.3), front);
        wall(front[0], front[1], angle, lot / 2, Rng.uniform(rng, 1.6, 3.0), 0.15);
        double inner = depth * 0.7;
        road.center().pointAt(mid, side * (w + 0.1 + setback + depth - inner / 2), body);
        building(body[0], body[1], angle, lot / 2 - 1.0, inner / 2, Double.NEGATIVE_INFINITY);
      }
      double gap = rng.nextDouble() < 0.6 ? 0 : Rng.uniform(rng, 1.0, 4.0);
      if (gap > 1.5 && rng.nextDouble() < 0.7) {
        road.center().pointAt(s + lot + gap / 2, side * (w + 0.3), front);
        double gapAngle = road.center().directionAt(s + lot + gap / 2);
        if (isFree(front[0], front[1], gapAngle, gap / 2, 0.2, 0)) {
          if (rng.nextDouble() < 0.3) {
            wall(front[0], front[1], gapAngle, gap / 2, Rng.uniform(rng, 1.5, 2.5), 0.12);
          } else {
            fence(front[0], front[1], gapAngle, gap / 2, Rng.uniform(rng, 1.2, 2.0));
          }
        }
      }
      s += lot + gap;
    }
  }

  void frontYard(double x, double y, double angle, double halfLength, double setback, int side) {
    // the yard boundary runs along the sidewalk edge, i.e. at the road-side end of the setback
    double edge = -side * (setback / 2 - 0.35);
    double ex = x - Math.sin(angle) * edge;
    double ey = y + Math.cos(angle) * edge;
    double roll = rng.nextDouble();
    if (roll < 0.4) {
      hedge(ex, ey, angle, halfLength - 0.3, Rng.uniform(rng, 0.8, 1.7));
    } else if (roll < 0.8) {
      fence(ex, ey, angle, halfLength - 0.1, Rng.uniform(rng, 1.0, 1.8));
    } else if (roll < 0.9) {
      wall(ex, ey, angle, halfLength - 0.1, Rng.uniform(rng, 0.6, 1.8), 0.15);
    }
  }

  void building(double x, double y, double angle, double halfLength, double halfDepth, double validFrom) {
    double height = rng.nextDouble() < 0.15 ? Rng.uniform(rng, 20, 36) : Rng.uniform(rng, 7, 20);
    int color = Rng.jitter(rng, Rng.pick(rng, Palette.FACADE), 14);
    int style = rng.nextInt();
    List<Box> parts = new ArrayList<>();
    parts.add(new Box(x, y, 0, height, halfLength, halfDepth, angle, Surface.FACADE, color, style));
    if (rng.nextDouble() < 0.3 && halfLength > 5 && halfDepth > 5) {
      double top = Rng.uniform(rng, 3, 7);
      parts.add(new Box(x, y, height, height + top, halfLength * 0.7, halfDepth * 0.7, angle, Surface.FACADE,
          Rng.jitter(rng, color, 10), style ^ 0x5A5A));
    } else if (rng.nextDouble() < 0.4) {
      parts.add(new Box(x, y, height, height + 1.2, halfLength * 0.25, halfDepth * 0.3, angle, Surface.MASONRY,
          0x707070, 0));
    }
    add(StaticObject.permanent(nextId++, CityscapesLabels.BUILDING, parts, List.of())
        .withValidity(validFrom, Double.POSITIVE_INFINITY));
  }

  int wall(double x, double y, double angle, double halfLength, double height, double halfThickness) {
    Box b = new Box(x, y, 0, height, halfLength, halfThickness, angle, Surface.MASONRY,
        Rng.jitter(rng, Rng.pick(rng, Palette.MASONRY), 12), rng.nextInt());
    return add(StaticObject.permanent(nextId++, CityscapesLabels.WALL, List.of(b), List.of()));
  }

  int fence(double x, double y, double angle, double halfLength, double height) {
    Box b = new Box(x, y, 0, height, halfLength, 0.04, angle, Surface.FENCE,
        Rng.jitter(rng, Rng.pick(rng, Palette.FENCE), 10), rng.nextInt());
    return add(StaticObject.permanent(nextId++, CityscapesLabels.FENCE, List.of(b), List.of()));
  }

  int hedge(double x, double y, double angle, double halfLength, double height) {
    Box b = new Box(x, y, 0, height, halfLength, Rng.uniform(rng, 0.3, 0.6), angle, Surface.FOLIAGE,
        Rng.jitter(rng, Rng.pick(rng, Palette.FOLIAGE), 14), rng.nextInt());
    return add(StaticObject.permanent(nextId++, CityscapesLabels.VEGETATION, List.of(b), List.of()));
  }

  void park(double x, double y, double angle, double halfLength, double halfDepth) {
    List<Integer> group = new ArrayList<>();
    int trees = 1 + rng.nextInt(4);
    for (int i = 0; i < trees; i++) {
      double a = Rng.uniform(rng, -halfLength + 2, halfLength - 2);
      double b = Rng.uniform(rng, -halfDepth + 2, halfDepth - 2);
      group.add(tree(x + a * Math.cos(angle) - b * Math.sin(angle), y + a * Math.sin(angle) + b * Math.cos(angle),
          Rng.uniform(rng, 0.9, 1.5)));
    }
    if (rng.nextDouble() < 0.5) {
      double b = Rng.uniform(rng, -halfDepth + 1, halfDepth - 1);
      group.add(hedge(x - b * Math.sin(angle), y + b * Math.cos(angle), angle, halfLength * Rng.uniform(rng, 0.4, 0.9),
          Rng.uniform(rng, 0.7, 1.6)));
    }
    greenGroups.add(group);
  }

  void blockInteriors() {
    double ring = cfg.ringHalfSize();
    int attempts = (int) (ring * ring / 200);
    for (int i = 0; i < attempts; i++) {
      double x = Rng.uniform(rng, -ring, ring);
      double y = Rng.uniform(rng, -ring, ring);
      double angle = rng.nextDouble() < 0.8 ? 0 : Rng.uniform(rng, -0.3, 0.3);
      double hl = Rng.uniform(rng, 6, 18);
      double hw = Rng.uniform(rng, 6, 16);
      if (isFree(x, y, angle, hl, hw, 1.5)) {
        occupy(x, y, angle, hl, hw);
        if (rng.nextDouble() < 0.8) {
          building(x, y, angle, hl, hw, Double.NEGATIVE_INFINITY);
        } else {
          park(x, y, angle, hl, hw);
        }
      }
    }
  }

  void backdrop() {
    double ring = cfg.ringHalfSize();
    int attempts = (int) (half * cfg.margin() / 6);
    for (int i = 0; i < attempts; i++) {
      double x = Rng.uniform(rng, -half, half);
      double y = Rng.uniform(rng, -half, half);
      if (Math.max(Math.abs(x), Math.abs(y)) < ring + 12) {
        continue;
      }
      if (rng.nextDouble() < 0.55) {
        if (isFree(x, y, 0, 1.5, 1.5, 0)) {
          occupy(x, y, 0, 1.5, 1.5);
          tree(x, y, Rng.uniform(rng, 1.0, 1.8));
        }
      } else {
        double hl = Rng.uniform(rng, 6, 16);
        double hw = Rng.uniform(rng, 6, 14);
        if (isFree(x, y, 0, hl, hw, 1)) {
          occupy(x, y, 0, hl, hw);
          building(x, y, 0, hl, hw, Double.NEGATIVE_INFINITY);
        }
      }
    }
  }

  /**
   * A band of buildings and tree clumps just outside the mapped area, so that views out of the city end in a
   * skyline rather than an empty plain.
   */
  void skyline() {
    for (int side = 0; side < 4; side++) {
      double t = -half - 30;
      while (t < half + 30) {
        double length = Rng.uniform(rng, 12, 40);
        double depth = Rng.uniform(rng, 10, 25);
        double offset = half + 4 + depth / 2 + Rng.uniform(rng, 0, 15);
        double along = t + length / 2;
        double x = side == 0 ? along : side == 1 ? along : side == 2 ? offset : -offset;
        double y = side == 0 ? offset : side == 1 ? -offset : along;
        double angle = side < 2 ? 0 : Math.PI / 2;
        if (rng.nextDouble() < 0.7) {
          building(x, y, angle, length / 2, depth / 2, Double.NEGATIVE_INFINITY);
        } else {
          int trees = 2 + rng.nextInt(4);
          for (int k = 0; k < trees; k++) {
            tree(x + Rng.uniform(rng, -length / 2, length / 2), y + Rng.uniform(rng, -depth / 2, depth / 2),
                Rng.uniform(rng, 1.2, 2.0));
          }
        }
        t += length + Rng.uniform(rng, 0, 6);
      }
    }
  }

  /** Whether a rectangle (plus margin) lies on unclaimed terrain. */
  boolean isFree(double x, double y, double angle, double hl, double hw, double margin) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double step = 0.7;
    for (double a = -hl - margin; a <= hl + margin + 1e-9; a += Math.min(step, hl + margin)) {
      for (double b = -hw - margin; b <= hw + margin + 1e-9; b += Math.min(step, hw + margin)) {
        double e = x + a * c - b * s;
        double n = y + a * s + b * c;
        if (Math.abs(e) > half - 1 || Math.abs(n) > half - 1 || ground.materialAt(e, n) != GroundMaterial.TERRAIN
            || occupied[occIndex(e, n)]) {
          return false;
        }
      }
    }
    return true;
  }

  void occupy(double x, double y, double angle, double hl, double hw) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    for (double a = -hl; a <= hl; a += OCCUPANCY_CELL / 2) {
      for (double b = -hw; b <= hw; b += OCCUPANCY_CELL / 2) {
        double e = x + a * c - b * s;
        double n = y + a * s + b * c;
        if (Math.abs(e) < half && Math.abs(n) < half) {
          occupied[occIndex(e, n)] = true;
        }
      }
    }
  }

  int occIndex(double e, double n) {
    int col = Math.min(occSide - 1, Math.max(0, (int) ((e + half) / OCCUPANCY_CELL)));
    int row = Math.min(occSide - 1, Math.max(0, (int) ((n + half) / OCCUPANCY_CELL)));
    return row * occSide + col;
  }

  // ---------------------------------------------------------------- actors

  int[] colors(int[] main) {
    return new int[] {
      Rng.jitter(rng, Rng.pick(rng, main), 16), Rng.jitter(rng, Rng.pick(rng, Palette.CLOTHES), 16),
      Rng.jitter(rng, Rng.pick(rng, Palette.CAR), 16), Rng.jitter(rng, Rng.pick(rng, Palette.SKIN), 10)
    };
  }

  void parkedVehicles(Road road) {
    double[] p = new double[2];
    for (int side = -1; side <= 1; side += 2) {
      if (road.hasParking()) {
        double s = rng.nextDouble() * 5;
        while (s < road.center().length()) {
          double length = Rng.uniform(rng, 4.0, 5.0);
          if (road.junctionNear(s, 6) < 0 && rng.nextDouble() < 0.72) {
            road.center().pointAt(s, side * (road.halfDriving() + Road.PARKING_WIDTH / 2), p);
            double dir = road.center().directionAt(s) + (side > 0 ? Math.PI : 0);
            double roll = rng.nextDouble();
            Actor.Kind kind = roll < 0.08 ? Actor.Kind.PARKED_MOTORCYCLE : roll < 0.25 ? Actor.Kind.VAN
                : Actor.Kind.CAR;
            actors.add(Actor.parked(nextActor(), kind, p[0], p[1], dir, colors(Palette.CAR),
                Rng.uniform(rng, 0.92, 1.1)));
          }
          s += length + Rng.uniform(rng, 0.6, 3.0);
        }
      }
      int racks = rng.nextInt(5);
      for (int k = 0; k < racks; k++) {
        double s = rng.nextDouble() * road.center().length();
        if (road.junctionNear(s, 4) >= 0) {
          continue;
        }
        int bikes = 1 + rng.nextInt(4);
        for (int b = 0; b < bikes; b++) {
          road.center().pointAt(s + b * 0.8, side * (road.halfWidth() - 0.7), p);
          actors.add(Actor.parked(nextActor(), Actor.Kind.PARKED_BICYCLE, p[0], p[1],
              road.center().directionAt(s) + Math.PI / 2, colors(Palette.CAR), 1));
        }
      }
    }
  }

  void traffic(Road road) {
    double length = road.center().length();
    int vehicles = (int) (length / (road.isMain() ? 28 : 55));
    // Vehicles sharing a lane share its speed and are spaced along the back-and-forth cycle, so they never
    // drive through one another. On tram roads the inner lanes belong to the trams.
    int firstLane = road.hasTram() ? road.lanesPerDirection() - 1 : 0;
    int lanes = road.lanesPerDirection() - firstLane;
    for (int lane = firstLane; lane < road.lanesPerDirection(); lane++) {
      int inLane = Math.max(1, vehicles / lanes);
      double speed = Rng.uniform(rng, 6, 13);
      double slot = 2 * length / inLane;
      double phase = rng.nextDouble() * slot;
      for (int i = 0; i < inLane; i++) {
        double roll = rng.nextDouble();
        Actor.Kind kind;
        if (roll < 0.68) {
          kind = Actor.Kind.CAR;
        } else if (roll < 0.82) {
          kind = Actor.Kind.VAN;
        } else if (roll < 0.86) {
          kind = Actor.Kind.TRUCK;
        } else if (roll < 0.91) {
          kind = road.isMain() ? Actor.Kind.BUS : Actor.Kind.CAR;
        } else {
          kind = Actor.Kind.MOTORCYCLIST;
        }
        int[] palette = kind == Actor.Kind.BUS ? Palette.BUS : kind == Actor.Kind.TRUCK ? Palette.TRUCK_BOX : Palette.CAR;
        int[] colors = colors(palette);
        if (kind == Actor.Kind.TRUCK) {
          colors[1] = Rng.jitter(rng, Rng.pick(rng, Palette.TRUCK_BOX), 12);
        }
        double start = phase + i * slot + rng.nextDouble() * Math.max(0, slot - MIN_VEHICLE_SLOT);
        actors.add(Actor.moving(nextActor(), kind, road.center(), speed, start, road.laneOffset(lane), true, colors,
            Rng.uniform(rng, 0.92, 1.1)));
      }
    }
    int cyclists = (int) (length / 60) + rng.nextInt(2);
    for (int i = 0; i < cyclists; i++) {
      double edge = road.halfDriving() - 0.5;
      actors.add(Actor.moving(nextActor(), Actor.Kind.CYCLIST, road.center(), Rng.uniform(rng, 3.5, 6.5),
          rng.nextDouble() * 2 * length, -edge, true, colors(Palette.CLOTHES), Rng.uniform(rng, 0.9, 1.08)));
    }
    double inner = road.halfCarriageway() + Road.KERB_WIDTH + road.vergeWidth();
    int pedestrians = (int) (length / 14);
    for (int i = 0; i < pedestrians; i++) {
      int side = rng.nextBoolean() ? 1 : -1;
      double lateral = side * (inner + Rng.uniform(rng, 0.4, Math.max(0.5, road.sidewalkWidth() - 0.4)));
      double speed = rng.nextDouble() < 0.25 ? 0 : Rng.uniform(rng, 0.9, 1.7);
      actors.add(Actor.moving(nextActor(), Actor.Kind.PEDESTRIAN, road.center(), speed, rng.nextDouble() * 2 * length,
          lateral, true, colors(Palette.CLOTHES), Rng.uniform(rng, 0.88, 1.1)));
    }
    if (road.hasTram()) {
      int trams = 3;
      for (int i = 0; i < trams; i++) {
        actors.add(Actor.moving(nextActor(), Actor.Kind.TRAM, road.center(), 9, (i + rng.nextDouble() * 0.5) * 2
            * length / trams, -Road.TRAM_TRACK_OFFSET, true, colors(Palette.TRAM), 1));
      }
    }
  }

  long nextActor() {
    long id = nextActorId;
    nextActorId += 2; // riders take id + 1
    return id;
  }

  // ---------------------------------------------------------------- cameras and changes

  /** Trees right beside a roadside camera would fill its view with leaves; they are never planted. */
  void clearTreesAround(double x, double y) {
    for (int i = 0; i < objects.size(); i++) {
      StaticObject o = objects.get(i);
      if (o.labelId() == CityscapesLabels.VEGETATION && !o.blobs().isEmpty()
          && Math.hypot(o.centerEast() - x, o.centerNorth() - y) < CAMERA_TREE_CLEARANCE + o.radius()) {
        objects.set(i, o.withValidity(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
      }
    }
  }

  List<CameraSite> cameraSites() {
    List<CameraSite> sites = new ArrayList<>();
    List<Junction> inner = new ArrayList<>();
    for (Junction j : junctions) {
      if (Math.max(Math.abs(j.east()), Math.abs(j.north())) < cfg.ringHalfSize() - 1) {
        inner.add(j);
      }
    }
    if (inner.isEmpty()) {
      inner.addAll(junctions);
    }
    SplittableRandom r = Rng.of(seed, 5);
    for (int i = 0; i < cfg.infrastructureCameras(); i++) {
      Junction j = inner.get(r.nextInt(inner.size()));
      Road a = roads.get(j.roadA());
      Road b = roads.get(j.roadB());
      double s = a.junctionArc(j.indexOn(a.id()));
      int along = r.nextBoolean() ? 1 : -1;
      int side = r.nextBoolean() ? 1 : -1;
      double[] p = new double[2];
      a.center().pointAt(s + along * (b.halfCarriageway() + 2.5), side * (a.halfCarriageway() + 1.5), p);
      double[] target = new double[2];
      a.center().pointAt(s - along * 18, 0, target);
      double heading = Math.atan2(target[0] - p[0], target[1] - p[1]);
      double height = Rng.uniform(r, 5, 8);
      double distance = Math.hypot(target[0] - p[0], target[1] - p[1]);
      double pitch = Math.atan2(height, distance) + Rng.uniform(r, -0.05, 0.05);
      sites.add(new CameraSite(i, p[0], p[1], heading, height, pitch));
      clearTreesAround(p[0], p[1]);
    }
    return sites;
  }
}
