package io.latentmap.eval.viewer;

import io.latentmap.map.fusion.FusionPolicy;
import io.latentmap.map.fusion.LandmarkObservation;
import io.latentmap.map.fusion.TileDelta;
import io.latentmap.map.fusion.TileFrame;
import io.latentmap.map.fusion.TileObservation;
import io.latentmap.map.fusion.TileState;
import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.operators.sink.AvroRecordSerializer;
import io.latentmap.operators.sink.TileKeys;
import io.latentmap.operators.tile.TileRecords;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.sim.world.City;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A map built the way the job builds it, from observations of the simulated city's truth: each tile's state is the
 * job's own fusion ({@link TileState}), its records are made by the job's record builders ({@link TileRecords}) and
 * written by the job's Kafka serializer, so the viewer reads exactly what the job would publish.
 */
final class MapFromTruth {
  /** Observations of the same class a cell needs before it flips from unknown (evidence decays 0.8 per look). */
  private static final int LOOKS_TO_MAP = 4;
  /** Looks at a new class a mapped cell needs before it flips: its old evidence must fall to half the new. */
  private static final int LOOKS_TO_CHANGE = 6;
  private static final double[] LANDMARK_COVARIANCE = {0.05, 0.05, 0};
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private final City city;
  private final TileScheme scheme;
  private final Instant epoch;
  private final String tilesTopic;
  private final String updatesTopic;
  private final Map<TileId, TileState> states = new HashMap<>();

  MapFromTruth(City city, TileScheme scheme, Instant epoch, String tilesTopic, String updatesTopic) {
    this.city = city;
    this.scheme = scheme;
    this.epoch = epoch;
    this.tilesTopic = tilesTopic;
    this.updatesTopic = updatesTopic;
  }

  /** The tile's first version: every cell and landmark of the truth at simulation time 0, seen at second {@code at}. */
  List<ProducerRecord<byte[], byte[]>> firstVersion(TileId tile, int at) {
    TileState state = new TileState(tile, scheme.cellsPerSide());
    states.put(tile, state);
    TileRaster truth = city.at(0).groundTruthTile(scheme, tile);
    TileFrame frame = new TileFrame(scheme, tile);
    List<LandmarkObservation> landmarks = new ArrayList<>();
    for (Landmark l : city.at(0).landmarks()) {
      if (scheme.tileOf(l.position()).equals(tile)) {
        landmarks.add(new LandmarkObservation(l.type(), frame.eastOf(l.position()), frame.northOf(l.position()),
            LANDMARK_COVARIANCE));
      }
    }
    int n = scheme.cellsPerSide();
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < n * n; i++) {
      if (truth.get(i % n, i / n) != TileRaster.UNKNOWN) {
        cells.add(i);
      }
    }
    byte[] classes = new byte[cells.size()];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = (byte) truth.get(cells.get(i) % n, cells.get(i) / n);
    }
    for (int look = 0; look < LOOKS_TO_MAP; look++) {
      state.apply(observation(tile, at, look, cells, classes, landmarks), FusionPolicy.DEFAULTS);
    }
    return publish(tile);
  }

  /**
   * A change seen at second {@code at}: a square of {@code side} cells at the tile's centre becomes building, and a
   * traffic sign appears {@code signEast} metres east of the centre.
   */
  List<ProducerRecord<byte[], byte[]>> change(TileId tile, int at, int side, double signEast) {
    int n = scheme.cellsPerSide();
    List<Integer> cells = new ArrayList<>();
    for (int row = (n - side) / 2; row < (n + side) / 2; row++) {
      for (int col = (n - side) / 2; col < (n + side) / 2; col++) {
        cells.add(row * n + col);
      }
    }
    byte[] classes = new byte[cells.size()];
    java.util.Arrays.fill(classes, (byte) StaticClass.BUILDING.trainId());
    List<LandmarkObservation> sign = List.of(
        new LandmarkObservation(LandmarkType.TRAFFIC_SIGN, signEast, 0, LANDMARK_COVARIANCE));
    for (int look = 0; look < LOOKS_TO_CHANGE; look++) {
      states.get(tile).apply(observation(tile, at, look, cells, classes, sign), FusionPolicy.DEFAULTS);
    }
    return publish(tile);
  }

  private TileObservation observation(TileId tile, int at, int look, List<Integer> cells, byte[] classes,
      List<LandmarkObservation> landmarks) {
    float[] weights = new float[classes.length];
    java.util.Arrays.fill(weights, 1f);
    long micros = (epoch.getEpochSecond() + at) * MICROS_PER_SECOND + look * 1000L;
    return new TileObservation("frame-" + tile + "-" + at + "-" + look, "camera-" + (look % 2), micros,
        cells.stream().mapToInt(Integer::intValue).toArray(), classes, weights, landmarks, null);
  }

  /** The records the job publishes for the tile's next version: its update and its snapshot. */
  private List<ProducerRecord<byte[], byte[]>> publish(TileId tile) {
    TileState state = states.get(tile);
    TileDelta delta = state.publish().orElseThrow(() -> new AssertionError("observations changed nothing in " + tile));
    TileFrame frame = new TileFrame(scheme, tile);
    AvroRecordSerializer<TileUpdate> updates =
        new AvroRecordSerializer<>(TileUpdate.class, updatesTopic, u -> TileKeys.of(u.getTile()));
    AvroRecordSerializer<MapTile> tiles =
        new AvroRecordSerializer<>(MapTile.class, tilesTopic, t -> TileKeys.of(t.getTile()));
    updates.open(null, null);
    tiles.open(null, null);
    TileUpdate update = TileRecords.update(delta, frame);
    MapTile snapshot = TileRecords.snapshot(state, frame);
    long timestamp = update.getEventTimeEnd().toEpochMilli();
    return List.of(updates.serialize(update, null, timestamp), tiles.serialize(snapshot, null, timestamp));
  }

  TileUpdate lastUpdate(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    return io.latentmap.schemas.wire.AvroWire.tileUpdates().decode(records.get(0).value());
  }
}
