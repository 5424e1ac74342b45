package io.latentmap.map.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TileStateTest {
  private static final TileId TILE = new TileId(19, 278_000, 181_000);
  private static final double NOISE = 0.4;
  private static final double[] COVARIANCE = {NOISE * NOISE, NOISE * NOISE, 0};
  /** Looking north from 10 m south of the tile centre. */
  private static final ViewCone VIEW = new ViewCone(0, -10, 0, Math.toRadians(40), 2, 30);

  private final Random random = new Random(7);
  private final TileState state = new TileState(TILE, 256);
  private long time = 1_800_000_000_000_000L;
  /** Cells in three different 16 x 16 blocks of a 256-cell tile, one on a block's last row and column. */
  private static final int[] FAR_APART_CELLS = {0, 1, 17 * 256 + 31, 255 * 256 + 255};

  @Test
  void repeatedDetectionsBecomeOneMapLandmarkNearTheTruth() {
    for (int i = 0; i < 30; i++) {
      frame(List.of(detect(LandmarkType.POLE, 3, 5), detect(LandmarkType.TRAFFIC_SIGN, -4, 8)));
    }
    TileDelta delta = state.publish().orElseThrow();

    assertThat(delta.added()).hasSize(2);
    assertThat(delta.version()).isEqualTo(1);
    LandmarkSnapshot pole = delta.added().stream().filter(l -> l.type() == LandmarkType.POLE).findFirst().orElseThrow();
    LandmarkSnapshot fused = state.mapLandmarks().stream().filter(l -> l.id().equals(pole.id())).findFirst().orElseThrow();
    assertThat(Math.hypot(fused.east() - 3, fused.north() - 5)).isLessThan(NOISE);
    assertThat(fused.observations()).isEqualTo(30);
  }

  @Test
  void aLandmarkThatDisappearsFromViewIsRemovedButOneOutOfViewIsKept() {
    for (int i = 0; i < 10; i++) {
      frame(List.of(detect(LandmarkType.POLE, 3, 5), detect(LandmarkType.POLE, 0, -25)));
    }
    state.publish();
    time += (long) (FusionPolicy.DEFAULTS.minUnseenSeconds() * 1e6); // a later traversal
    for (int i = 0; i < FusionPolicy.DEFAULTS.removeAfterMisses(); i++) {
      frame(List.of());
    }
    TileDelta delta = state.publish().orElseThrow();

    assertThat(delta.removed()).extracting(LandmarkSnapshot::type).containsExactly(LandmarkType.POLE);
    assertThat(delta.removed().get(0).north()).isCloseTo(5, org.assertj.core.data.Offset.offset(1.0));
    assertThat(state.mapLandmarks()).hasSize(1); // the one behind the camera
  }

  @Test
  void aTentativeDetectionNeverReachesTheMap() {
    frame(List.of(detect(LandmarkType.TRAFFIC_LIGHT, 1, 12)));

    assertThat(state.publish()).isEmpty();
    assertThat(state.mapLandmarks()).isEmpty();
  }

  @Test
  void observationsThatChangeNothingPublishNothing() {
    observeCells(StaticClass.ROAD.trainId(), 5);
    assertThat(state.publish()).isPresent();
    observeCells(StaticClass.ROAD.trainId(), 5);

    assertThat(state.publish()).isEmpty();
    assertThat(state.version()).isEqualTo(1);
  }

  @Test
  void changedCellsArePublishedInAscendingCellOrderWhateverOrderTheyWereSeenIn() {
    observeCells(StaticClass.ROAD.trainId(), 8, new int[] {3000, 40, 1500});
    observeCells(StaticClass.ROAD.trainId(), 8, new int[] {7, 2999});

    assertThat(state.publish().orElseThrow().changedCells()).extracting(CellFlip::cellIndex)
        .containsExactly(7, 40, 1500, 2999, 3000);
  }

  @Test
  void cellsFlippedBackWithinOneVersionAreNotReported() {
    observeCells(StaticClass.ROAD.trainId(), 8);
    state.publish();
    observeCells(StaticClass.FENCE.trainId(), 8);
    observeCells(StaticClass.ROAD.trainId(), 12);

    assertThat(state.publish()).isEmpty();
  }

  @Test
  void aRestoredStatePublishesExactlyWhatTheOriginalWould() throws IOException {
    for (int i = 0; i < 5; i++) {
      frame(List.of(detect(LandmarkType.POLE, 3, 5)));
    }
    observeCells(StaticClass.SIDEWALK.trainId(), 4);
    TileState restored = roundTrip(state);

    TileDelta original = state.publish().orElseThrow();
    TileDelta copy = restored.publish().orElseThrow();
    assertThat(copy.changedCells()).isEqualTo(original.changedCells());
    assertThat(copy.added()).usingRecursiveFieldByFieldElementComparator().isEqualTo(original.added());
    assertThat(copy.contributingFrames()).isEqualTo(original.contributingFrames());
    assertThat(restored.grid().labels()).isEqualTo(state.grid().labels());
  }

  @Test
  void aCopyPublishesWhatTheOriginalWouldHaveWhateverTheOriginalDoesNext() throws IOException {
    for (int i = 0; i < 5; i++) {
      frame(List.of(detect(LandmarkType.POLE, 3, 5)));
    }
    observeCells(StaticClass.SIDEWALK.trainId(), 4, FAR_APART_CELLS);
    TileState copy = state.copy();
    TileState expected = roundTrip(state);

    for (int i = 0; i < 10; i++) {
      frame(List.of(detect(LandmarkType.POLE, 3, 5), detect(LandmarkType.TRAFFIC_SIGN, -4, 8)));
    }
    observeCells(StaticClass.VEGETATION.trainId(), 12, FAR_APART_CELLS);

    TileDelta fromCopy = copy.publish().orElseThrow();
    TileDelta fromExpected = expected.publish().orElseThrow();
    assertThat(fromCopy.changedCells()).isEqualTo(fromExpected.changedCells());
    assertThat(fromCopy.added()).usingRecursiveFieldByFieldElementComparator().isEqualTo(fromExpected.added());
    assertThat(copy.grid().labels()).isEqualTo(expected.grid().labels())
        .isNotEqualTo(state.grid().labels());
    assertThat(copy.grid().confidences()).isEqualTo(expected.grid().confidences());
  }

  @Test
  void aRestoredGridKeepsEvidenceLabelsAndConfidencesOfEveryObservedBlock() throws IOException {
    observeCells(StaticClass.ROAD.trainId(), 6, FAR_APART_CELLS);
    observeCells(StaticClass.TERRAIN.trainId(), 3, FAR_APART_CELLS);
    TileState restored = roundTrip(state);

    assertThat(restored.grid().observedBlockCount()).isEqualTo(state.grid().observedBlockCount()).isEqualTo(3);
    assertThat(restored.grid().labels()).isEqualTo(state.grid().labels());
    assertThat(restored.grid().confidences()).isEqualTo(state.grid().confidences());
    // Evidence survives too: the same further observations flip the same cells at the same moment.
    for (TileState s : List.of(state, restored)) {
      s.publish();
    }
    observeCells(StaticClass.TERRAIN.trainId(), 4, FAR_APART_CELLS, state, restored);
    assertThat(restored.publish().map(TileDelta::changedCells))
        .isEqualTo(state.publish().map(TileDelta::changedCells)).isPresent();
  }

  @Test
  void aTileSeenInOneBlockWritesThatBlockNotTheWholeRaster() throws IOException {
    observeCells(StaticClass.ROAD.trainId(), 2);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    state.write(new DataOutputStream(bytes));

    // One 16 x 16 block: 256 labels, 256 confidences, 256 x 7 float evidence, plus headers.
    assertThat(bytes.size()).isBetween(256 * 2 + 256 * StaticClass.values().length * 4, 10_000);
  }

  private void frame(List<LandmarkObservation> detections) {
    time += 100_000;
    state.apply(new TileObservation("f" + time, "vehicle-1", time, new int[0], new byte[0], new float[0],
        detections, VIEW), FusionPolicy.DEFAULTS);
  }

  private void observeCells(int trainId, int times) {
    observeCells(trainId, times, new int[] {1000, 1001, 1002});
  }

  private void observeCells(int trainId, int times, int[] cells) {
    observeCells(trainId, times, cells, state);
  }

  private void observeCells(int trainId, int times, int[] cells, TileState... states) {
    byte[] classes = new byte[cells.length];
    float[] weights = new float[cells.length];
    java.util.Arrays.fill(classes, (byte) trainId);
    java.util.Arrays.fill(weights, 1f);
    for (int i = 0; i < times; i++) {
      time += 100_000;
      for (TileState s : states) {
        s.apply(new TileObservation("c" + time, "vehicle-2", time, cells, classes, weights, List.of(), null),
            FusionPolicy.DEFAULTS);
      }
    }
  }

  private LandmarkObservation detect(LandmarkType type, double east, double north) {
    return new LandmarkObservation(type, east + random.nextGaussian() * NOISE, north + random.nextGaussian() * NOISE,
        COVARIANCE);
  }

  private static TileState roundTrip(TileState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    state.write(new DataOutputStream(bytes));
    return TileState.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }
}
