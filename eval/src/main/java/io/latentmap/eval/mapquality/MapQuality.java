package io.latentmap.eval.mapquality;

import io.latentmap.map.fusion.TileFrame;
import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.CellChange;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.WorldChange;
import io.latentmap.sim.world.WorldState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores the map the job built against the simulator's ground truth: static-cell accuracy and per-class IoU on the
 * cells the map has published, landmark position error, and which scheduled world changes the tile updates caught
 * and how late. Pure: the job's output records in, figures out.
 */
public final class MapQuality {
  /** A map landmark farther than this from every true landmark of its type counts as a false one. */
  static final double LANDMARK_MATCH_METERS = 3.0;
  /** Cells of a change footprint searched for evidence of an area change (metres around its centre). */
  static final double CHANGE_RADIUS_METERS = 6.0;
  /** Flipped cells agreeing with the new truth that make an area change count as detected. */
  static final int MIN_CHANGED_CELLS = 5;

  private final City city;
  private final TileScheme scheme;
  private final Instant epoch;

  /**
   * @param epoch the capture time of simulation time 0 (the fleet's epoch)
   */
  public MapQuality(City city, TileScheme scheme, Instant epoch) {
    this.city = city;
    this.scheme = scheme;
    this.epoch = epoch;
  }

  /** Per-class and overall agreement of published cells with the truth at simulation time {@code t}. */
  public record CellScore(long observedCells, long correctCells, Map<Integer, Double> iouByTrainId) {
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

  /** One scheduled change and whether (and how long after it) a tile update reflected it. */
  public record ChangeOutcome(WorldChange change, boolean observable, boolean detected, double delaySeconds) {}

  public CellScore cells(List<MapTile> snapshots, double simTime) {
    WorldState truth = city.at(simTime);
    long observed = 0;
    long correct = 0;
    Map<Integer, long[]> counts = new java.util.TreeMap<>(); // trainId -> {intersection, union}
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
    return new CellScore(observed, correct, iou);
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

  /** Each scheduled change up to {@code simEnd}: was it reflected by a tile update after it happened? */
  public List<ChangeOutcome> changes(List<TileUpdate> updates, List<MapTile> snapshots, double simEnd) {
    List<ChangeOutcome> out = new ArrayList<>();
    List<MapTile> mapped = lastSnapshots(snapshots);
    for (WorldChange change : city.changes()) {
      if (change.time() > simEnd) {
        continue;
      }
      GeoPoint where = city.frame().toGeo(change.east(), change.north(), 0);
      TileId tile = scheme.tileOf(where);
      boolean observable = mapped.stream().anyMatch(t -> t.getTile().getX() == tile.x() && t.getTile().getY() == tile.y());
      Optional<TileUpdate> first = updates.stream()
          .filter(u -> seconds(u.getEventTimeEnd()) >= change.time())
          .filter(u -> reflects(u, change, where))
          .min(Comparator.comparing(TileUpdate::getEventTimeEnd));
      out.add(new ChangeOutcome(change, observable, first.isPresent(),
          first.map(u -> seconds(u.getEventTimeEnd()) - change.time()).orElse(Double.NaN)));
    }
    return out;
  }

  private boolean reflects(TileUpdate update, WorldChange change, GeoPoint where) {
    TileId id = new TileId(update.getTile().getZoom(), update.getTile().getX(), update.getTile().getY());
    TileFrame frame = new TileFrame(scheme, id);
    double e0 = frame.eastOf(where);
    double n0 = frame.northOf(where);
    return switch (change.kind()) {
      case SIGN_ADDED -> near(update.getLandmarksAdded(), io.latentmap.schemas.LandmarkType.TRAFFIC_SIGN, where);
      case SIGN_REMOVED -> near(update.getLandmarksRemoved(), io.latentmap.schemas.LandmarkType.TRAFFIC_SIGN, where);
      case POLE_REMOVED -> near(update.getLandmarksRemoved(), io.latentmap.schemas.LandmarkType.POLE, where);
      case LANE_CLOSED, BUILDING_ADDED, VEGETATION_CUT, SIDEWALK_WIDENED ->
          agreeingFlips(update, change, frame, e0, n0) >= MIN_CHANGED_CELLS;
    };
  }

  private int agreeingFlips(TileUpdate update, WorldChange change, TileFrame frame, double e0, double n0) {
    WorldState after = city.at(change.time() + 1e-3);
    int n = scheme.cellsPerSide();
    TileId tile = frame.tile();
    int agreeing = 0;
    for (CellChange c : update.getChangedCells()) {
      GeoPoint center = scheme.cellCenter(tile, c.getCellIndex() % n, c.getCellIndex() / n);
      if (Math.hypot(frame.eastOf(center) - e0, frame.northOf(center) - n0) > CHANGE_RADIUS_METERS) {
        continue;
      }
      Enu local = city.frame().toEnu(center);
      StaticClass now = after.groundTruthClass(local.east(), local.north());
      if (now != null && now.trainId() == c.getNewClass()) {
        agreeing++;
      }
    }
    return agreeing;
  }

  private boolean near(List<io.latentmap.schemas.Landmark> landmarks, io.latentmap.schemas.LandmarkType type,
      GeoPoint where) {
    return landmarks.stream().anyMatch(l -> l.getType() == type
        && meters(GeoPoint.of(l.getLatitude(), l.getLongitude()), where) <= LANDMARK_MATCH_METERS);
  }

  private Optional<Double> nearest(List<Landmark> truth, LandmarkType type, GeoPoint p) {
    return truth.stream().filter(l -> l.type() == type).map(l -> meters(l.position(), p)).min(Double::compare);
  }

  private double meters(GeoPoint a, GeoPoint b) {
    Enu ea = city.frame().toEnu(a);
    Enu eb = city.frame().toEnu(b);
    return Math.hypot(ea.east() - eb.east(), ea.north() - eb.north());
  }

  private double seconds(Instant captureTime) {
    return (captureTime.toEpochMilli() - epoch.toEpochMilli()) / 1000.0;
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
