package io.latentmap.map.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The world changes under a mapped tile: cells and landmarks observed stable over several traversals, then changed,
 * then observed again. The tile must announce the change once the evidence for it passes the hysteresis, and not
 * before; and a landmark merely hidden for a moment must not be announced as gone.
 */
class ChangeScenarioTest {
  private static final TileId TILE = new TileId(19, 278_000, 181_000);
  private static final FusionPolicy POLICY = FusionPolicy.DEFAULTS;
  private static final int ROAD = StaticClass.ROAD.trainId();
  private static final int FENCE = StaticClass.FENCE.trainId();
  private static final int[] LANE = {5000, 5001, 5002, 5003, 5004, 5005};
  /** A vehicle pass keeps a cell in view for about ten frames at 5 frames/s. */
  private static final int FRAMES_PER_PASS = 10;
  private static final long FRAME_MICROS = 200_000;
  private static final long LAP_MICROS = 60_000_000;
  /** Looking north from 10 m south of the tile centre. */
  private static final ViewCone VIEW = new ViewCone(0, -10, 0, Math.toRadians(25), 5, 25);
  private static final double[] COVARIANCE = {0.25, 0.25, 0};

  private final TileState state = new TileState(TILE, 256);
  private long time = 1_800_000_000_000_000L;

  @Test
  void aLaneClosedAfterThreeStableTraversalsFlipsOnTheNextPassOnlyOnceTheEvidenceOutweighsTheOld() {
    for (int pass = 0; pass < 3; pass++) {
      pass(ROAD);
      time += LAP_MICROS;
    }
    assertThat(state.grid().label(LANE[0])).isEqualTo(ROAD);
    assertThat(state.publish()).isEmpty(); // three stable passes changed nothing after the first

    List<Integer> silent = new ArrayList<>();
    Optional<TileDelta> change = Optional.empty();
    for (int frame = 0; frame < FRAMES_PER_PASS && change.isEmpty(); frame++) {
      observeCells(FENCE);
      change = state.publish();
      if (change.isEmpty()) {
        silent.add(frame);
      }
    }

    assertThat(silent).as("frames of contrary evidence absorbed by the hysteresis").hasSizeGreaterThanOrEqualTo(3);
    TileDelta delta = change.orElseThrow(() -> new AssertionError("the closure was never announced"));
    assertThat(delta.changedCells()).hasSize(LANE.length)
        .allSatisfy(f -> {
          assertThat(f.oldTrainId()).isEqualTo(ROAD);
          assertThat(f.newTrainId()).isEqualTo(FENCE);
        });
  }

  @Test
  void aPoleHiddenFromARoadsideCameraForAFewSecondsStaysWhileARemovedOneGoesOnceUnseenLongEnough() {
    for (int i = 0; i < 50; i++) {
      landmarkFrame(List.of(pole()));
    }
    assertThat(state.publish().orElseThrow().added()).hasSize(1);

    for (int i = 0; i < 3 * POLICY.removeAfterMisses(); i++) { // a bus stops in front of it for ~5 s
      landmarkFrame(List.of());
    }
    for (int i = 0; i < 5; i++) {
      landmarkFrame(List.of(pole()));
    }
    assertThat(state.publish()).as("hidden, not gone").isEmpty();
    assertThat(state.mapLandmarks()).hasSize(1);

    long removedAt = time;
    Optional<TileDelta> gone = Optional.empty();
    while (gone.isEmpty() && time - removedAt < 60_000_000L) {
      landmarkFrame(List.of());
      gone = state.publish();
    }

    assertThat(gone).isPresent();
    assertThat(gone.get().removed()).extracting(LandmarkSnapshot::type).containsExactly(LandmarkType.POLE);
    assertThat((time - removedAt) / 1e6).isBetween(POLICY.minUnseenSeconds(), POLICY.minUnseenSeconds() + 1);
  }

  @Test
  void aPoleTakenDownIsAnnouncedOnlyAfterEnoughMissesOverLaterTraversals() {
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < 6; i++) {
        landmarkFrame(List.of(pole()));
      }
      time += LAP_MICROS;
    }
    assertThat(state.publish().orElseThrow().added()).hasSize(1);

    int missesBeforeRemoval = 0;
    Optional<TileDelta> gone = Optional.empty();
    for (int pass = 0; pass < 3 && gone.isEmpty(); pass++) {
      for (int i = 0; i < 6 && gone.isEmpty(); i++) {
        landmarkFrame(List.of());
        missesBeforeRemoval++;
        gone = state.publish();
      }
      time += LAP_MICROS;
    }

    assertThat(gone).isPresent();
    assertThat(gone.get().removed()).hasSize(1);
    assertThat(missesBeforeRemoval).isEqualTo(POLICY.removeAfterMisses());
  }

  @Test
  void aSignPutUpWhereTheMapHadLookedIsAddedOnceConfirmed() {
    for (int i = 0; i < 6; i++) {
      landmarkFrame(List.of());
    }
    assertThat(state.publish()).isEmpty();
    time += LAP_MICROS;

    List<Optional<TileDelta>> deltas = new ArrayList<>();
    for (int i = 0; i < POLICY.confirmHits(); i++) {
      landmarkFrame(List.of(new LandmarkObservation(LandmarkType.TRAFFIC_SIGN, -3, 6, COVARIANCE)));
      deltas.add(state.publish());
    }

    assertThat(deltas.subList(0, deltas.size() - 1)).allMatch(Optional::isEmpty);
    assertThat(deltas.get(deltas.size() - 1).orElseThrow().added()).extracting(LandmarkSnapshot::type)
        .containsExactly(LandmarkType.TRAFFIC_SIGN);
  }

  private void pass(int trainId) {
    for (int i = 0; i < FRAMES_PER_PASS; i++) {
      observeCells(trainId);
    }
    state.publish();
  }

  private void observeCells(int trainId) {
    time += FRAME_MICROS;
    byte[] classes = new byte[LANE.length];
    float[] weights = new float[LANE.length];
    java.util.Arrays.fill(classes, (byte) trainId);
    java.util.Arrays.fill(weights, 0.9f);
    state.apply(new TileObservation("c" + time, "veh-001", time, LANE, classes, weights, List.of(), null), POLICY);
  }

  private void landmarkFrame(List<LandmarkObservation> detections) {
    time += FRAME_MICROS;
    state.apply(new TileObservation("f" + time, "rsu-001", time, new int[0], new byte[0], new float[0], detections,
        VIEW), POLICY);
  }

  private static LandmarkObservation pole() {
    return new LandmarkObservation(LandmarkType.POLE, 2, 8, COVARIANCE);
  }
}
