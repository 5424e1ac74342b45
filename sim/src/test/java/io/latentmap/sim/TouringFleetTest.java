package io.latentmap.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.fleet.SourceKind;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.GroundMaterial;
import io.latentmap.sim.world.Polyline;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fleet that repeats one lap through chosen sites: every site keeps coming back into its cameras' view. */
class TouringFleetTest {
  private static final City CITY = TestWorld.CITY;
  /** The sign and pole changes of the city: roadside points a forward camera should see on each lap. */
  private static final List<double[]> SITES = CITY.changes().stream()
      .filter(c -> c.kind().name().startsWith("SIGN") || c.kind().name().startsWith("POLE"))
      .map(c -> new double[] {c.east(), c.north()}).toList();

  @Test
  void theLapIsClosedOnTheRoadAndPassesEverySiteOnTheDriversSide() {
    Polyline lap = CITY.network().tour(SITES);

    assertThat(Math.hypot(lap.x(0) - lap.x(lap.size() - 1), lap.y(0) - lap.y(lap.size() - 1))).isLessThan(30);
    double[] p = new double[2];
    for (double s = 0; s < lap.length(); s += 5) {
      lap.pointAt(s, 0, p);
      int material = CITY.groundAt(0).materialAt(p[0], p[1]);
      assertThat(GroundMaterial.labelOf(material)).isEqualTo(CityscapesLabels.ROAD);
    }
    for (double[] site : SITES) {
      double arc = lap.project(site[0], site[1]);
      lap.pointAt(arc, 0, p);
      double dirEast = Math.cos(lap.directionAt(arc));
      double dirNorth = Math.sin(lap.directionAt(arc));
      double left = dirEast * (site[1] - p[1]) - dirNorth * (site[0] - p[0]);
      assertThat(Math.hypot(site[0] - p[0], site[1] - p[1])).isLessThan(8);
      assertThat(left).as("site on the right of the lane").isNegative();
    }
  }

  @Test
  void everySiteIsSeenByTheFleetOnSeveralLaps() {
    Fleet fleet = Fleet.touring(CITY, 4, Instant.parse("2026-11-25T08:00:00Z"), SITES);
    FleetSource first = fleet.sources().get(0);
    FleetSource second = fleet.sources().get(1);
    assertThat(first.kind()).isEqualTo(SourceKind.VEHICLE);
    assertThat(Math.hypot(first.poseAt(0).east() - second.poseAt(0).east(),
        first.poseAt(0).north() - second.poseAt(0).north())).as("vehicles spread along the lap").isGreaterThan(50);

    double[] uv = new double[2];
    for (double[] site : SITES) {
      int sightings = 0;
      double firstSeen = Double.NaN;
      double lastSeen = Double.NaN;
      for (FleetSource s : fleet.sources().subList(0, 4)) {
        for (long tick = 0; tick < 3000; tick += 5) {
          SourceFrame f = fleet.frame(s, tick);
          PinholeCamera c = f.camera();
          if (Math.hypot(c.center().east() - site[0], c.center().north() - site[1]) <= 25
              && c.projectInto(site[0], site[1], 0, uv) && uv[0] >= 0 && uv[0] < c.intrinsics().width()
              && uv[1] < c.intrinsics().height()) {
            sightings++;
            firstSeen = Double.isNaN(firstSeen) ? f.simTime() : Math.min(firstSeen, f.simTime());
            lastSeen = Double.isNaN(lastSeen) ? f.simTime() : Math.max(lastSeen, f.simTime());
          }
        }
      }
      assertThat(sightings).as("frames seeing site %s", java.util.Arrays.toString(site)).isGreaterThanOrEqualTo(4);
      assertThat(lastSeen - firstSeen).as("seen across the drive, not once").isGreaterThan(60);
    }
  }
}
