package io.latentmap.operators.tile;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.fusion.FusionPolicy;
import io.latentmap.map.fusion.LandmarkObservation;
import io.latentmap.map.fusion.TileObservation;
import io.latentmap.map.fusion.ViewCone;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AggregateTilesTest {
  private static final TileId TILE_A = new TileId(19, 278_000, 181_000);
  private static final TileId TILE_B = new TileId(19, 278_001, 181_000);
  private static final long SECOND = 1000;
  private static final long START = 1_800_000_000_000L;

  private KeyedOneInputStreamOperatorTestHarness<TileId, TiledObservation, TileUpdate> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void observationsWithinOneIntervalBecomeOneVersionPerTile() throws Exception {
    for (int i = 0; i < 5; i++) {
      observeRoad(TILE_A, START + i * 100);
      observeRoad(TILE_B, START + i * 100);
    }
    assertThat(harness.extractOutputValues()).isEmpty(); // nothing before the watermark passes the interval

    harness.processWatermark(START + SECOND);

    List<TileUpdate> updates = harness.extractOutputValues();
    assertThat(updates).extracting(u -> u.getTile().getX()).containsExactlyInAnyOrder(TILE_A.x(), TILE_B.x());
    assertThat(updates).allSatisfy(u -> {
      assertThat(u.getVersion()).isEqualTo(1);
      assertThat(u.getChangedCells()).hasSize(3);
      assertThat(u.getContributingFrames()).isEqualTo(5);
    });
    assertThat(snapshots()).hasSize(2).allSatisfy(t -> assertThat(t.getClassRaster().get(2000))
        .isEqualTo((byte) StaticClass.ROAD.trainId()));
  }

  @Test
  void anUnchangedTilePublishesNoNewVersion() throws Exception {
    for (int i = 0; i < 3; i++) {
      observeRoad(TILE_A, START + i * 100);
    }
    harness.processWatermark(START + SECOND);
    assertThat(harness.extractOutputValues()).hasSize(1);
    observeRoad(TILE_A, START + SECOND + 100);
    harness.processWatermark(START + 3 * SECOND);

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void landmarksAreAddedOnceConfirmedWithWgs84Positions() throws Exception {
    for (int i = 0; i < 4; i++) {
      observe(TILE_A, START + i * 100, new int[0], StaticClass.ROAD,
          List.of(new LandmarkObservation(LandmarkType.TRAFFIC_SIGN, 5, 5, new double[] {0.1, 0.1, 0})));
    }
    harness.processWatermark(START + SECOND);

    TileUpdate update = harness.extractOutputValues().get(0);
    assertThat(update.getLandmarksAdded()).hasSize(1);
    assertThat(update.getLandmarksAdded().get(0).getLatitude()).isBetween(40.0, 60.0);
    assertThat(snapshots().get(0).getLandmarks()).hasSize(1);
  }

  @Test
  void stateSurvivesASnapshotAndRestoreWithVersionsContinuing() throws Exception {
    for (int i = 0; i < 3; i++) {
      observeRoad(TILE_A, START + i * 100);
    }
    harness.processWatermark(START + SECOND);
    assertThat(harness.extractOutputValues()).hasSize(1);
    for (int i = 1; i <= 3; i++) {
      observe(TILE_A, START + SECOND + i * 10, new int[] {7, 8}, StaticClass.ROAD, List.of());
    }
    OperatorSubtaskState checkpoint = harness.snapshot(1, START + SECOND + 30);
    harness.close();

    harness = newHarness();
    harness.initializeState(checkpoint);
    harness.open();
    harness.processWatermark(START + 2 * SECOND);

    List<TileUpdate> updates = harness.extractOutputValues(); // the restored harness has only its own output
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).getVersion()).isEqualTo(2);
    assertThat(updates.get(0).getChangedCells()).extracting(c -> c.getCellIndex()).containsExactly(7, 8);
  }

  private KeyedOneInputStreamOperatorTestHarness<TileId, TiledObservation, TileUpdate> newHarness() throws Exception {
    AggregateTiles function = new AggregateTiles(19, 256, FusionPolicy.DEFAULTS, Duration.ofSeconds(1));
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(function), TiledObservation::tile, org.apache.flink.api.common.typeinfo.TypeInformation.of(TileId.class));
  }

  private void observeRoad(TileId tile, long timestamp) throws Exception {
    observe(tile, timestamp, new int[] {2000, 2001, 2002}, StaticClass.ROAD, List.of());
  }

  private void observe(TileId tile, long timestamp, int[] cells, StaticClass cls, List<LandmarkObservation> landmarks)
      throws Exception {
    byte[] classes = new byte[cells.length];
    float[] weights = new float[cells.length];
    java.util.Arrays.fill(classes, (byte) cls.trainId());
    java.util.Arrays.fill(weights, 1f);
    TileObservation observation = new TileObservation("frame-" + timestamp, "vehicle-1", timestamp * 1000, cells,
        classes, weights, landmarks, new ViewCone(0, -10, 0, 0.7, 2, 30));
    harness.processElement(new StreamRecord<>(new TiledObservation(tile, observation), timestamp));
  }

  private List<MapTile> snapshots() {
    List<MapTile> out = new ArrayList<>();
    var queue = harness.getSideOutput(AggregateTiles.SNAPSHOTS);
    if (queue != null) {
      queue.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }
}
