package io.latentmap.sim.truth;

import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.WorldChange;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ground-truth map tiles of a city at any time, cached: the static map only changes at the times in the change
 * log, so a tile is computed once per change epoch. Thread-safe.
 */
public final class GroundTruthTiles {

  private final City city;
  private final TileScheme scheme;
  private final double[] changeTimes;
  private final Map<String, TileRaster> cache = new ConcurrentHashMap<>();

  public GroundTruthTiles(City city, TileScheme scheme) {
    this.city = city;
    this.scheme = scheme;
    List<WorldChange> changes = city.changes();
    this.changeTimes = changes.stream().mapToDouble(WorldChange::time).sorted().toArray();
  }

  public TileScheme scheme() {
    return scheme;
  }

  /** Number of changes that have happened by time t: the map is the same for equal epochs. */
  public int epochAt(double t) {
    int e = 0;
    while (e < changeTimes.length && changeTimes[e] <= t) {
      e++;
    }
    return e;
  }

  /** The ground-truth class raster of a tile at time t. */
  public TileRaster tile(TileId tile, double t) {
    // every moment of one epoch has the same static world, so the first caller's time stands for all of them
    return cache.computeIfAbsent(tile + "@" + epochAt(t), k -> city.at(t).groundTruthTile(scheme, tile));
  }
}
