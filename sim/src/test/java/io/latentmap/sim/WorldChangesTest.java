package io.latentmap.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.sim.world.ChangeKind;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.StaticObject;
import io.latentmap.sim.world.WorldChange;
import io.latentmap.sim.world.WorldState;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorldChangesTest {

  private static final City CITY = TestWorld.CITY;
  private static final double JUST = 0.05;

  private static WorldChange first(ChangeKind kind) {
    return CITY.changes().stream().filter(c -> c.kind() == kind).findFirst().orElseThrow();
  }

  private static Set<Long> landmarkIds(double t) {
    return CITY.at(t).landmarks().stream().map(Landmark::id).collect(Collectors.toSet());
  }

  private static StaticObject object(long id) {
    return CITY.objects().stream().filter(o -> o.id() == id).findFirst().orElseThrow();
  }

  @Test
  void signsAppearAndDisappearAsLandmarksAtTheirTime() {
    WorldChange added = first(ChangeKind.SIGN_ADDED);
    assertThat(landmarkIds(added.time() - JUST)).doesNotContainAnyElementsOf(added.objectIds());
    assertThat(landmarkIds(added.time() + JUST)).containsAll(added.objectIds());
    WorldChange removed = first(ChangeKind.SIGN_REMOVED);
    assertThat(landmarkIds(removed.time() - JUST)).containsAll(removed.objectIds());
    assertThat(landmarkIds(removed.time() + JUST)).doesNotContainAnyElementsOf(removed.objectIds());
    WorldChange pole = first(ChangeKind.POLE_REMOVED);
    assertThat(object(pole.objectIds().get(0)).labelId()).isEqualTo(CityscapesLabels.POLE);
    assertThat(landmarkIds(pole.time() + JUST)).doesNotContain(pole.objectIds().get(0));
  }

  @Test
  void aLaneClosureTurnsRoadCellsIntoABarrier() {
    WorldChange c = first(ChangeKind.LANE_CLOSED);
    assertThat(CITY.at(c.time() - JUST).groundTruthClass(c.east(), c.north())).isEqualTo(StaticClass.ROAD);
    assertThat(CITY.at(c.time() + JUST).groundTruthClass(c.east(), c.north()))
        .isIn(StaticClass.WALL, StaticClass.FENCE);
  }

  @Test
  void trafficAndTheFleetKeepClearOfAClosedLane() {
    WorldChange c = first(ChangeKind.LANE_CLOSED);
    io.latentmap.sim.fleet.Fleet fleet = new io.latentmap.sim.fleet.Fleet(CITY, 8);
    double[] pose = new double[3];
    for (double t = c.time() + JUST; t < c.time() + 300; t += 0.5) {
      for (var actor : CITY.at(t).actors()) {
        actor.poseAt(t, pose);
        assertThat(actor.isParked() || !actor.footprintNear(pose, c.east(), c.north(), 0.0))
            .as("actor %d at %.1f s", actor.id(), t).isTrue();
      }
    }
    for (var source : fleet.sources()) {
      for (long tick = (long) (c.time() * 10); tick < (long) (c.time() * 10) + 3000; tick += 5) {
        var f = fleet.frame(source, tick);
        assertThat(Math.hypot(f.truePose().east() - c.east(), f.truePose().north() - c.north())).isGreaterThan(1.5);
      }
    }
  }

  @Test
  void aNewBuildingFillsAnEmptyLot() {
    WorldChange c = first(ChangeKind.BUILDING_ADDED);
    assertThat(CITY.at(c.time() - JUST).groundTruthClass(c.east(), c.north())).isEqualTo(StaticClass.TERRAIN);
    assertThat(CITY.at(c.time() + JUST).groundTruthClass(c.east(), c.north())).isEqualTo(StaticClass.BUILDING);
  }

  @Test
  void cutVegetationLeavesTheWorld() {
    WorldChange c = first(ChangeKind.VEGETATION_CUT);
    assertThat(c.objectIds()).isNotEmpty();
    WorldState before = CITY.at(c.time() - JUST);
    WorldState after = CITY.at(c.time() + JUST);
    Set<Long> beforeIds = before.objects().stream().map(StaticObject::id).collect(Collectors.toSet());
    Set<Long> afterIds = after.objects().stream().map(StaticObject::id).collect(Collectors.toSet());
    assertThat(beforeIds).containsAll(c.objectIds());
    assertThat(afterIds).doesNotContainAnyElementsOf(c.objectIds());
    for (long id : c.objectIds()) {
      assertThat(object(id).labelId()).isEqualTo(CityscapesLabels.VEGETATION);
    }
  }

  @Test
  void aWidenedSidewalkChangesTheGroundFromThenOn() {
    WorldChange c = first(ChangeKind.SIDEWALK_WIDENED);
    assertThat(CITY.at(c.time() - JUST).groundTruthClass(c.east(), c.north())).isEqualTo(StaticClass.ROAD);
    assertThat(CITY.at(c.time() + JUST).groundTruthClass(c.east(), c.north())).isEqualTo(StaticClass.SIDEWALK);
    assertThat(CITY.at(c.time() + 1000).groundTruthClass(c.east(), c.north())).isEqualTo(StaticClass.SIDEWALK);
    // parked cars that stood there are gone
    double[] pose = new double[3];
    long parkedThereAfter = CITY.at(c.time() + JUST).actors().stream().filter(a -> a.isParked()).filter(a -> {
      a.poseAt(0, pose);
      return Math.hypot(pose[0] - c.east(), pose[1] - c.north()) < 2.0;
    }).count();
    assertThat(parkedThereAfter).isZero();
  }
}
