package io.latentmap.sim.world;

import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.util.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Schedules the world changes of a generated city: {@link CityConfig#changesPerKind()} of every {@link ChangeKind},
 * spread evenly over the configured time window in a seeded random order. Each change edits the validity of
 * objects and actors, or adds a ground version, and is logged as a {@link WorldChange}.
 */
final class ChangeScheduler {

  private final CityBuilder b;

  ChangeScheduler(CityBuilder builder) {
    this.b = builder;
  }

  /** Applies the change schedule to the builder's objects and actors; adds ground versions to {@code versions}. */
  List<WorldChange> schedule(Map<Double, GroundRaster> versions) {
    SplittableRandom r = Rng.of(b.seed, 6);
    List<ChangeKind> kinds = new ArrayList<>();
    for (int k = 0; k < b.cfg.changesPerKind(); k++) {
      kinds.addAll(List.of(ChangeKind.values()));
    }
    for (int i = kinds.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      ChangeKind tmp = kinds.get(i);
      kinds.set(i, kinds.get(j));
      kinds.set(j, tmp);
    }
    List<WorldChange> log = new ArrayList<>();
    GroundRaster latest = b.ground;
    for (int i = 0; i < kinds.size(); i++) {
      double t = b.cfg.changesFrom() + (b.cfg.changesUntil() - b.cfg.changesFrom()) * (i + 0.5) / kinds.size();
      t = Math.round(t * 10) / 10.0;
      WorldChange change = switch (kinds.get(i)) {
        case SIGN_ADDED -> addSign(r, t, log.size());
        case SIGN_REMOVED -> removeSign(r, t, log.size());
        case POLE_REMOVED -> removePole(r, t, log.size());
        case LANE_CLOSED -> closeLane(r, t, log.size());
        case BUILDING_ADDED -> addBuilding(r, t, log.size());
        case VEGETATION_CUT -> cutVegetation(r, t, log.size());
        case SIDEWALK_WIDENED -> {
          GroundRaster next = latest.mutableCopy();
          WorldChange c = widenSidewalk(r, t, log.size(), next);
          if (c != null) {
            latest = next.freeze();
            versions.put(t, latest);
          }
          yield c;
        }
      };
      if (change != null) {
        log.add(change);
      }
    }
    return log;
  }

  WorldChange addSign(SplittableRandom r, double t, long id) {
    double[] p = new double[2];
    for (int attempt = 0; attempt < 50; attempt++) {
      Road road = b.roads.get(r.nextInt(b.roads.size()));
      double s = r.nextDouble() * road.center().length();
      if (road.junctionNear(s, 6) >= 0) {
        continue;
      }
      road.center().pointAt(s, -(road.halfCarriageway() + Road.KERB_WIDTH + 0.35), p);
      int[] idx = b.signPost(p[0], p[1], road.center().directionAt(s) + Math.PI, t);
      return new WorldChange(id, t, ChangeKind.SIGN_ADDED, p[0], p[1],
          List.of(b.objects.get(idx[0]).id(), b.objects.get(idx[1]).id()), "traffic sign put up on road " + road.id());
    }
    return null;
  }

  WorldChange removeSign(SplittableRandom r, double t, long id) {
    if (b.signPosts.isEmpty()) {
      return null;
    }
    int[] idx = b.signPosts.remove(r.nextInt(b.signPosts.size()));
    StaticObject pole = b.objects.get(idx[0]);
    b.objects.set(idx[0], pole.withValidity(pole.validFrom(), t));
    b.objects.set(idx[1], b.objects.get(idx[1]).withValidity(b.objects.get(idx[1]).validFrom(), t));
    return new WorldChange(id, t, ChangeKind.SIGN_REMOVED, pole.landmarkEast(), pole.landmarkNorth(),
        List.of(pole.id(), b.objects.get(idx[1]).id()), "traffic sign and its post taken down");
  }

  WorldChange removePole(SplittableRandom r, double t, long id) {
    if (b.streetLights.isEmpty()) {
      return null;
    }
    int idx = b.streetLights.remove(r.nextInt(b.streetLights.size()));
    StaticObject pole = b.objects.get(idx);
    b.objects.set(idx, pole.withValidity(pole.validFrom(), t));
    return new WorldChange(id, t, ChangeKind.POLE_REMOVED, pole.landmarkEast(), pole.landmarkNorth(),
        List.of(pole.id()), "street light removed");
  }

  WorldChange closeLane(SplittableRandom r, double t, long id) {
    List<Road> closable = b.roads.stream().filter(RoadNetwork::closable).toList();
    if (closable.isEmpty()) {
      return null;
    }
    for (int attempt = 0; attempt < 50; attempt++) {
      Road road = closable.get(r.nextInt(closable.size()));
      double length = Rng.uniform(r, 12, 24);
      double s = r.nextDouble() * (road.center().length() - length);
      if (road.junctionNear(s, 10) >= 0 || road.junctionNear(s + length, 10) >= 0) {
        continue;
      }
      int lane = road.lanesPerDirection() - 1;
      double lateral = road.laneOffset(lane) * (r.nextBoolean() ? 1 : -1);
      divertTraffic(road, road.laneOffset(lane), t);
      double[] p = new double[2];
      road.center().pointAt(s + length / 2, lateral, p);
      double angle = road.center().directionAt(s + length / 2);
      boolean isWall = r.nextBoolean();
      Box barrier = isWall
          ? new Box(p[0], p[1], 0, 0.9, length / 2, 0.3, angle, Surface.MASONRY, 0xC8C8C0, r.nextInt())
          : new Box(p[0], p[1], 0, 1.2, length / 2, 0.05, angle, Surface.FENCE, 0xD03020, r.nextInt());
      StaticObject o = StaticObject.permanent(b.nextId++, isWall ? CityscapesLabels.WALL : CityscapesLabels.FENCE,
          List.of(barrier), List.of()).withValidity(t, Double.POSITIVE_INFINITY);
      b.add(o);
      return new WorldChange(id, t, ChangeKind.LANE_CLOSED, p[0], p[1], List.of(o.id()),
          "lane closed by a " + (isWall ? "concrete barrier" : "fence") + " on road " + road.id());
    }
    return null;
  }

  /** Background traffic of a closed lane is diverted: it leaves the world when the closure starts. */
  void divertTraffic(Road road, double laneOffset, double t) {
    for (int i = 0; i < b.actors.size(); i++) {
      Actor a = b.actors.get(i);
      if (a.drivesLane(road.center(), laneOffset)) {
        b.actors.set(i, a.withValidity(Double.NEGATIVE_INFINITY, Math.min(t, a.validUntil())));
      }
    }
  }

  WorldChange addBuilding(SplittableRandom r, double t, long id) {
    if (b.vacantLots.isEmpty()) {
      return null;
    }
    double[] lot = b.vacantLots.remove(r.nextInt(b.vacantLots.size()));
    b.building(lot[0], lot[1], lot[2], lot[3], lot[4], t);
    StaticObject added = b.objects.get(b.objects.size() - 1);
    return new WorldChange(id, t, ChangeKind.BUILDING_ADDED, lot[0], lot[1], List.of(added.id()),
        "building on an empty lot");
  }

  WorldChange cutVegetation(SplittableRandom r, double t, long id) {
    while (!b.greenGroups.isEmpty()) {
      List<Integer> group = b.greenGroups.remove(r.nextInt(b.greenGroups.size()));
      List<Long> ids = new ArrayList<>();
      StaticObject first = null;
      for (int idx : group) {
        StaticObject o = b.objects.get(idx);
        if (!(o.validFrom() < t)) {
          continue; // never planted (e.g. beside a roadside camera)
        }
        b.objects.set(idx, o.withValidity(o.validFrom(), t));
        ids.add(o.id());
        first = first == null ? o : first;
      }
      if (first != null) {
        return new WorldChange(id, t, ChangeKind.VEGETATION_CUT, first.centerEast(), first.centerNorth(), ids,
            ids.size() + " trees/hedges cut");
      }
    }
    return null;
  }


  WorldChange widenSidewalk(SplittableRandom r, double t, long id, GroundRaster next) {
    List<Road> withParking = b.roads.stream().filter(Road::hasParking).toList();
    if (withParking.isEmpty()) {
      return null;
    }
    for (int attempt = 0; attempt < 50; attempt++) {
      Road road = withParking.get(r.nextInt(withParking.size()));
      double length = Rng.uniform(r, 25, 45);
      double s0 = r.nextDouble() * (road.center().length() - length);
      if (road.junctionNear(s0, 8) >= 0 || road.junctionNear(s0 + length, 8) >= 0) {
        continue;
      }
      int side = r.nextBoolean() ? 1 : -1;
      double hd = road.halfDriving();
      double hc = road.halfCarriageway();
      double[] p = new double[2];
      double step = next.cellSize() / 3;
      for (double s = s0; s <= s0 + length; s += step) {
        for (double a = hd; a <= hc + Road.KERB_WIDTH; a += step) {
          road.center().pointAt(s, side * a, p);
          next.set(next.column(p[0]), next.row(p[1]),
              a < hd + Road.KERB_WIDTH ? GroundMaterial.KERB : GroundMaterial.SIDEWALK);
        }
      }
      // parked vehicles on the new sidewalk are gone from then on
      double[] pose = new double[3];
      for (int i = 0; i < b.actors.size(); i++) {
        Actor a = b.actors.get(i);
        if (!a.isParked()) {
          continue;
        }
        a.poseAt(0, pose);
        double arc = road.center().project(pose[0], pose[1]);
        double[] c = new double[2];
        road.center().pointAt(arc, 0, c);
        double lateral = Math.hypot(pose[0] - c[0], pose[1] - c[1]);
        if (arc > s0 - 3 && arc < s0 + length + 3 && lateral > hd - 0.5 && lateral < hc + 0.5
            && sideOf(road, arc, pose) == side) {
          b.actors.set(i, a.withValidity(Double.NEGATIVE_INFINITY, t));
        }
      }
      road.center().pointAt(s0 + length / 2, side * (hd + hc) / 2, p);
      return new WorldChange(id, t, ChangeKind.SIDEWALK_WIDENED, p[0], p[1], List.of(),
          String.format(Locale.ROOT, "sidewalk widened over the parking strip for %.0f m on road %d",
              length, road.id()));
    }
    return null;
  }

  static int sideOf(Road road, double arc, double[] pose) {
    double[] c = new double[2];
    road.center().pointAt(arc, 0, c);
    double dir = road.center().directionAt(arc);
    double lateral = -(pose[0] - c[0]) * Math.sin(dir) + (pose[1] - c[1]) * Math.cos(dir);
    return lateral >= 0 ? 1 : -1;
  }
}
