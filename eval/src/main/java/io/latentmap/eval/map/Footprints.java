package io.latentmap.eval.map;

import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.StaticObject;
import io.latentmap.sim.world.WorldChange;
import io.latentmap.sim.world.WorldState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Computes each scheduled change's {@link Footprint} from the world just before and just after it. */
public final class Footprints {
  /** How close to its change time the world is compared: well inside the 0.1 s spacing of the change log. */
  static final double EPSILON_SECONDS = 1e-3;
  /**
   * Metres around a change searched for cells whose truth changed, beyond the extent of the objects it names; a
   * ground-only change (a widened sidewalk, 25-45 m long) has no objects and is found within this of its centre.
   */
  static final double SEARCH_MARGIN_METERS = 30;

  private Footprints() {}

  public static List<Footprint> of(City city, TileScheme scheme, double until) {
    List<Footprint> out = new ArrayList<>();
    for (WorldChange change : city.changes()) {
      if (change.time() <= until) {
        out.add(of(city, scheme, change));
      }
    }
    return out;
  }

  public static Footprint of(City city, TileScheme scheme, WorldChange change) {
    WorldState before = city.at(change.time() - EPSILON_SECONDS);
    WorldState after = city.at(change.time() + EPSILON_SECONDS);
    Map<Long, Landmark> was = byId(before.landmarks());
    Map<Long, Landmark> is = byId(after.landmarks());
    List<Footprint.Point> appeared = new ArrayList<>();
    List<Footprint.Point> disappeared = new ArrayList<>();
    is.forEach((id, l) -> {
      if (!was.containsKey(id)) {
        appeared.add(point(city, l));
      }
    });
    was.forEach((id, l) -> {
      if (!is.containsKey(id)) {
        disappeared.add(point(city, l));
      }
    });
    return new Footprint(change.id(), change.kind().name(), change.time(), change.east(), change.north(), appeared,
        disappeared,
        changedCells(city, scheme, change, before, after));
  }

  private static List<Footprint.Cell> changedCells(City city, TileScheme scheme, WorldChange change,
      WorldState before, WorldState after) {
    double minE = change.east() - SEARCH_MARGIN_METERS;
    double maxE = change.east() + SEARCH_MARGIN_METERS;
    double minN = change.north() - SEARCH_MARGIN_METERS;
    double maxN = change.north() + SEARCH_MARGIN_METERS;
    Set<Long> named = new HashSet<>(change.objectIds());
    for (StaticObject o : city.objects()) {
      if (named.contains(o.id())) {
        minE = Math.min(minE, o.centerEast() - o.radius());
        maxE = Math.max(maxE, o.centerEast() + o.radius());
        minN = Math.min(minN, o.centerNorth() - o.radius());
        maxN = Math.max(maxN, o.centerNorth() + o.radius());
      }
    }
    GeoPoint sw = city.frame().toGeo(minE, minN, 0);
    GeoPoint ne = city.frame().toGeo(maxE, maxN, 0);
    List<Footprint.Cell> cells = new ArrayList<>();
    int n = scheme.cellsPerSide();
    for (TileId tile : scheme.tilesCovering(sw.latitude(), sw.longitude(), ne.latitude(), ne.longitude())) {
      TileRaster was = before.groundTruthTile(scheme, tile);
      TileRaster is = after.groundTruthTile(scheme, tile);
      for (int row = 0; row < n; row++) {
        for (int col = 0; col < n; col++) {
          if (was.get(col, row) == is.get(col, row)) {
            continue;
          }
          Enu p = city.frame().toEnu(scheme.cellCenter(tile, col, row));
          if (p.east() >= minE && p.east() <= maxE && p.north() >= minN && p.north() <= maxN) {
            cells.add(new Footprint.Cell(p.east(), p.north(), was.get(col, row), is.get(col, row)));
          }
        }
      }
    }
    return cells;
  }

  private static Map<Long, Landmark> byId(List<Landmark> landmarks) {
    return landmarks.stream().collect(Collectors.toMap(Landmark::id, Function.identity(), (a, b) -> a));
  }

  private static Footprint.Point point(City city, Landmark l) {
    Enu p = city.frame().toEnu(l.position());
    return new Footprint.Point(l.type(), p.east(), p.north());
  }
}
