package io.latentmap.eval.mapquality;

import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.MapTile;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.WorldState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores the map the job built against the simulator's ground truth: static-cell accuracy and per-class IoU on the
 * cells the map has published, and landmark position error. Pure: the job's output records in, figures out. (Change
 * detection is scored by {@link io.latentmap.eval.map.ChangeScoring}.)
 */
public final class MapQuality {
  /** A map landmark farther than this from every true landmark of its type counts as a false one. */
  public static final double LANDMARK_MATCH_METERS = 3.0;

  private final City city;
  private final TileScheme scheme;

  public MapQuality(City city, TileScheme scheme) {
    this.city = city;
    this.scheme = scheme;
  }

  /**
   * Per-class and overall agreement of published cells with the truth at simulation time {@code t}.
   *
   * @param truthCells per trainId, observed cells whose true class it is
   * @param mapCells per trainId, observed cells the map published with it
   */
  public record CellScore(long observedCells, long correctCells, Map<Integer, Double> iouByTrainId,
      Map<Integer, Long> truthCells, Map<Integer, Long> mapCells) {
    public double accuracy() {
      return observedCells == 0 ? Double.NaN : (double) correctCells / observedCells;
    }

    public double meanIou() {
      return iouByTrainId.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
  }

  /** Distances of map landmarks to their true counterparts. */
  public record LandmarkScore(int mapLandmarks, int matched, List<Double> errorsMeters, int trueInMappedArea) {
    public double median() {
      return quantile(0.5);
    }

    public double p90() {
      return quantile(0.9);
    }

    private double quantile(double q) {
      if (errorsMeters.isEmpty()) {
        return Double.NaN;
      }
      List<Double> sorted = errorsMeters.stream().sorted().toList();
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }
  }

  public CellScore cells(List<MapTile> snapshots, double simTime) {
    WorldState truth = city.at(simTime);
    long observed = 0;
    long correct = 0;
    Map<Integer, long[]> counts = new java.util.TreeMap<>(); // trainId -> {intersection, union}
    Map<Integer, Long> truthCells = new java.util.TreeMap<>();
    Map<Integer, Long> mapCells = new java.util.TreeMap<>();
    for (MapTile tile : lastSnapshots(snapshots)) {
      TileId id = new TileId(tile.getTile().getZoom(), tile.getTile().getX(), tile.getTile().getY());
      TileRaster gt = truth.groundTruthTile(scheme, id);
      byte[] ours = bytes(tile.getClassRaster());
      int n = tile.getRasterSize();
      for (int i = 0; i < ours.length; i++) {
        int predicted = Byte.toUnsignedInt(ours[i]);
        if (predicted == CityscapesLabels.IGNORE_TRAIN_ID) {
          continue;
        }
        int actual = gt.get(i % n, i / n);
        observed++;
        truthCells.merge(actual, 1L, Long::sum);
        mapCells.merge(predicted, 1L, Long::sum);
        if (predicted == actual) {
          correct++;
          counts.computeIfAbsent(actual, k -> new long[2])[0]++;
          counts.get(actual)[1]++;
        } else {
          counts.computeIfAbsent(actual, k -> new long[2])[1]++;
          counts.computeIfAbsent(predicted, k -> new long[2])[1]++;
        }
      }
    }
    Map<Integer, Double> iou = new java.util.TreeMap<>();
    counts.forEach((id, c) -> iou.put(id, c[1] == 0 ? 0 : (double) c[0] / c[1]));
    return new CellScore(observed, correct, iou, truthCells, mapCells);
  }

  public LandmarkScore landmarks(List<MapTile> snapshots, double simTime) {
    List<Landmark> truth = city.at(simTime).landmarks();
    List<MapTile> tiles = lastSnapshots(snapshots);
    List<Double> errors = new ArrayList<>();
    int total = 0;
    for (MapTile tile : tiles) {
      for (io.latentmap.schemas.Landmark l : tile.getLandmarks()) {
        total++;
        LandmarkType type = LandmarkType.valueOf(l.getType().name());
        nearest(truth, type, GeoPoint.of(l.getLatitude(), l.getLongitude()))
            .filter(d -> d <= LANDMARK_MATCH_METERS).ifPresent(errors::add);
      }
    }
    int trueInArea = 0;
    for (Landmark l : truth) {
      TileId tile = scheme.tileOf(l.position());
      if (tiles.stream().anyMatch(t -> t.getTile().getX() == tile.x() && t.getTile().getY() == tile.y())) {
        trueInArea++;
      }
    }
    return new LandmarkScore(total, errors.size(), errors, trueInArea);
  }

  private Optional<Double> nearest(List<Landmark> truth, LandmarkType type, GeoPoint p) {
    return truth.stream().filter(l -> l.type() == type).map(l -> meters(l.position(), p)).min(Double::compare);
  }

  private double meters(GeoPoint a, GeoPoint b) {
    Enu ea = city.frame().toEnu(a);
    Enu eb = city.frame().toEnu(b);
    return Math.hypot(ea.east() - eb.east(), ea.north() - eb.north());
  }

  /** The newest snapshot of every tile. */
  public static List<MapTile> lastSnapshots(List<MapTile> snapshots) {
    Map<String, MapTile> last = new java.util.LinkedHashMap<>();
    for (MapTile t : snapshots) {
      String key = t.getTile().getZoom() + "/" + t.getTile().getX() + "/" + t.getTile().getY();
      last.merge(key, t, (a, b) -> b.getVersion() > a.getVersion() ? b : a);
    }
    return List.copyOf(last.values());
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
