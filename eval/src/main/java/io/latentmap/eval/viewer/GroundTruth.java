package io.latentmap.eval.viewer;

import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TilePngRenderer;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.WorldChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated city as the referee: its ground-truth tile pictures and landmarks at the moment a tile of our map
 * describes. The static world only changes at the times of the change log, so everything is cached per change
 * epoch (the number of changes that have happened): the truth of one tile is computed once per epoch. Thread-safe.
 */
final class GroundTruth {
  /** Truth pictures kept (a 256 x 256 tile is a few kB of PNG). */
  private static final int PICTURES_KEPT = 2048;

  private final City city;
  private final TileScheme scheme;
  private final Instant epoch;
  private final double truthTime;
  private final double[] changeTimes;
  private final Map<String, byte[]> pictures = new Lru<>(PICTURES_KEPT);
  private final Map<Integer, Map<TileId, List<Landmark>>> landmarksByEpoch = new HashMap<>();

  /**
   * @param epoch capture time of simulation time 0, or null: then every tile's truth is the world at
   *     {@code truthTime}
   */
  GroundTruth(City city, TileScheme scheme, Instant epoch, double truthTime) {
    this.city = city;
    this.scheme = scheme;
    this.epoch = epoch;
    this.truthTime = truthTime;
    this.changeTimes = city.changes().stream().mapToDouble(WorldChange::time).sorted().toArray();
  }

  City city() {
    return city;
  }

  /** Simulation time of the truth for a tile whose newest evidence was captured at {@code eventTime}. */
  double timeOf(Instant eventTime) {
    if (epoch == null || eventTime == null) {
      return truthTime;
    }
    return Math.max(0, Duration.between(epoch, eventTime).toMillis() / 1000.0);
  }

  /** Number of world changes that have happened by simulation time {@code t}: equal epochs, equal truth. */
  int epochAt(double t) {
    int e = 0;
    while (e < changeTimes.length && changeTimes[e] <= t) {
      e++;
    }
    return e;
  }

  /** The ground-truth class raster of a tile at simulation time {@code t}, as a PNG in Cityscapes colours. */
  byte[] picture(TileId tile, double t) {
    String key = tile + "@" + epochAt(t);
    synchronized (pictures) {
      byte[] cached = pictures.get(key);
      if (cached != null) {
        return cached;
      }
    }
    byte[] png = TilePngRenderer.render(city.at(t).groundTruthTile(scheme, tile));
    synchronized (pictures) {
      pictures.put(key, png);
    }
    return png;
  }

  /** The true landmarks standing in a tile at simulation time {@code t}. */
  List<Landmark> landmarks(TileId tile, double t) {
    int e = epochAt(t);
    Map<TileId, List<Landmark>> byTile;
    synchronized (landmarksByEpoch) {
      byTile = landmarksByEpoch.get(e);
      if (byTile == null) {
        byTile = new HashMap<>();
        for (Landmark l : city.at(t).landmarks()) {
          byTile.computeIfAbsent(scheme.tileOf(l.position()), k -> new ArrayList<>()).add(l);
        }
        landmarksByEpoch.put(e, byTile);
      }
    }
    return byTile.getOrDefault(tile, List.of());
  }

  /** A map that forgets its least recently used entry beyond a size. Not thread-safe. */
  static final class Lru<K, V> extends java.util.LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int max;

    Lru(int max) {
      super(16, 0.75f, true);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > max;
    }
  }
}
