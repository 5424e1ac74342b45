package io.latentmap.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.world.Box;
import io.latentmap.sim.world.ChangeKind;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import io.latentmap.sim.world.GroundMaterial;
import io.latentmap.sim.world.GroundRaster;
import io.latentmap.sim.world.Road;
import io.latentmap.sim.world.StaticObject;
import io.latentmap.sim.world.WorldChange;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CityGeneratorTest {

  @Test
  void sameSeedGivesTheSameCity() {
    City a = TestWorld.small(11);
    City b = TestWorld.small(11);
    assertThat(a.objects()).hasSameSizeAs(b.objects());
    for (int i = 0; i < a.objects().size(); i++) {
      StaticObject x = a.objects().get(i);
      StaticObject y = b.objects().get(i);
      assertThat(y.id()).isEqualTo(x.id());
      assertThat(y.boxes()).isEqualTo(x.boxes());
      assertThat(y.blobs()).isEqualTo(x.blobs());
      assertThat(y.validFrom()).isEqualTo(x.validFrom());
      assertThat(y.validUntil()).isEqualTo(x.validUntil());
    }
    assertThat(b.changes()).isEqualTo(a.changes());
    assertThat(b.actors()).hasSameSizeAs(a.actors());
    GroundRaster ga = a.groundAt(0);
    GroundRaster gb = b.groundAt(0);
    for (int row = 0; row < ga.height(); row += 7) {
      for (int col = 0; col < ga.width(); col += 7) {
        assertThat(gb.get(col, row)).isEqualTo(ga.get(col, row));
      }
    }
  }

  @Test
  void differentSeedsGiveDifferentCities() {
    City a = TestWorld.small(11);
    City b = TestWorld.small(12);
    assertThat(a.name()).isNotEqualTo(b.name());
    assertThat(a.objects().get(0).boxes()).isNotEqualTo(b.objects().get(0).boxes());
  }

  @Test
  void cityNamesAreCityscapesSafe() {
    for (long seed : new long[] {0, 1, 17, 123456789, -5}) {
      assertThat(CityGenerator.cityName(seed)).matches("[a-z]+[0-9]+|[a-z]+m[0-9]+").doesNotContain("_");
    }
  }

  @Test
  void roadsAreAsphaltAlongTheirCentreAndBuildingsStandOffThem() {
    City city = TestWorld.CITY;
    GroundRaster ground = city.groundAt(0);
    double[] p = new double[2];
    for (Road road : city.network().roads()) {
      for (double s = 5; s < road.center().length() - 5; s += 20) {
        road.center().pointAt(s, road.laneOffset(0), p);
        assertThat(GroundMaterial.labelOf(ground.materialAt(p[0], p[1]))).isEqualTo(CityscapesLabels.ROAD);
        road.center().pointAt(s, road.halfWidth() - 0.3, p);
        int side = GroundMaterial.labelOf(ground.materialAt(p[0], p[1]));
        assertThat(side).isIn(CityscapesLabels.SIDEWALK, CityscapesLabels.ROAD);
      }
    }
    long buildings = 0;
    for (StaticObject o : city.objects()) {
      if (o.labelId() != CityscapesLabels.BUILDING) {
        continue;
      }
      buildings++;
      Box b = o.boxes().get(0);
      assertThat(GroundMaterial.labelOf(ground.materialAt(b.cx(), b.cy()))).isEqualTo(CityscapesLabels.TERRAIN);
    }
    assertThat(buildings).isGreaterThan(150);
  }

  @Test
  void everyKindOfChangeIsScheduledInTimeOrder() {
    List<WorldChange> log = TestWorld.CITY.changes();
    Set<ChangeKind> kinds = log.stream().map(WorldChange::kind).collect(Collectors.toCollection(
        () -> EnumSet.noneOf(ChangeKind.class)));
    assertThat(kinds).containsExactlyInAnyOrder(ChangeKind.values());
    for (int i = 1; i < log.size(); i++) {
      assertThat(log.get(i).time()).isGreaterThan(log.get(i - 1).time());
    }
  }

  @Test
  void junctionsConnectTheGrid() {
    City city = TestWorld.CITY;
    for (Road road : city.network().roads()) {
      assertThat(road.junctionCount()).isGreaterThanOrEqualTo(3);
    }
    assertThat(city.network().roads().stream().filter(Road::hasTram)).isNotEmpty();
    assertThat(city.cameraSites()).hasSize(city.config().infrastructureCameras());
  }
}
