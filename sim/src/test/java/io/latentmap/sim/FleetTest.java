package io.latentmap.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.fleet.LinkModel;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.fleet.SourceKind;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.GroundMaterial;
import io.latentmap.map.labels.CityscapesLabels;
import org.junit.jupiter.api.Test;

class FleetTest {

  private static final City CITY = TestWorld.CITY;
  private static final Fleet FLEET = new Fleet(CITY, 6);

  @Test
  void vehiclesDriveOnTheRoadAtFiveToFifteenMetresPerSecond() {
    int vehicles = 0;
    for (FleetSource s : FLEET.sources()) {
      if (s.kind() != SourceKind.VEHICLE) {
        continue;
      }
      vehicles++;
      SourceFrame prev = FLEET.frame(s, 0);
      int jumps = 0;
      for (long tick = 1; tick <= 600; tick++) {
        SourceFrame f = FLEET.frame(s, tick);
        assertThat(f.speed()).isBetween(5.0, 15.0);
        assertThat(f.simTime() - prev.simTime()).isCloseTo(0.1, within(1e-9));
        assertThat(f.captureTimeMicros() - prev.captureTimeMicros()).isBetween(99_999L, 100_001L);
        double step = Math.hypot(f.truePose().east() - prev.truePose().east(),
            f.truePose().north() - prev.truePose().north());
        if (step > 3) {
          jumps++; // a route wraps around to its start
        } else {
          assertThat(step).isBetween(0.3, 1.6);
        }
        int material = CITY.groundAt(f.simTime()).materialAt(f.truePose().east(), f.truePose().north());
        assertThat(GroundMaterial.labelOf(material)).isEqualTo(CityscapesLabels.ROAD);
        prev = f;
      }
      assertThat(jumps).isLessThanOrEqualTo(1);
    }
    assertThat(vehicles).isEqualTo(6);
  }

  @Test
  void gnssNoiseHasAStableBiasPlusJitter() {
    FleetSource s = FLEET.sources().get(0);
    double sumSq = 0;
    double jitterSq = 0;
    int n = 0;
    SourceFrame prev = null;
    for (long tick = 0; tick < 3000; tick++) {
      SourceFrame f = FLEET.frame(s, tick);
      double de = f.measuredPose().east() - f.truePose().east();
      double dn = f.measuredPose().north() - f.truePose().north();
      sumSq += de * de + dn * dn;
      if (prev != null && (long) (f.simTime() / 60) == (long) (prev.simTime() / 60)) {
        double pe = prev.measuredPose().east() - prev.truePose().east();
        double pn = prev.measuredPose().north() - prev.truePose().north();
        jitterSq += (de - pe) * (de - pe) + (dn - pn) * (dn - pn);
        n++;
      }
      prev = f;
    }
    double rms = Math.sqrt(sumSq / 3000);
    double frameToFrame = Math.sqrt(jitterSq / n);
    assertThat(rms).isBetween(0.25, 0.9);
    // successive errors within one traversal differ by jitter only: sqrt(2) * 0.2 m
    assertThat(frameToFrame).isBetween(0.2, 0.4);
    assertThat(FLEET.frame(s, 10).gnss().horizontalAccuracy()).isCloseTo(0.54, within(0.01));
  }

  @Test
  void roadsideCamerasAreFixedHighAndPitchedDown() {
    long fixed = FLEET.sources().stream().filter(s -> s.kind() == SourceKind.INFRASTRUCTURE).count();
    assertThat(fixed).isEqualTo(CITY.cameraSites().size()).isPositive();
    for (FleetSource s : FLEET.sources()) {
      if (s.kind() == SourceKind.INFRASTRUCTURE) {
        assertThat(s.mount().z()).isBetween(5.0, 8.0);
        assertThat(s.mount().pitch()).isBetween(0.1, 0.8);
        assertThat(FLEET.frame(s, 0).truePose()).isEqualTo(FLEET.frame(s, 500).truePose());
        assertThat(FLEET.frame(s, 7).speed()).isZero();
      }
    }
  }

  @Test
  void linkBandwidthStaysInRangeWithDropouts() {
    LinkModel link = LinkModel.cellular(99);
    int dropouts = 0;
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int i = 0; i < 36_000; i++) {
      double t = i * 0.1;
      double bps = link.bitsPerSecondAt(t);
      assertThat(bps).isEqualTo(LinkModel.cellular(99).bitsPerSecondAt(t));
      if (bps == 0) {
        dropouts++;
        continue;
      }
      assertThat(bps).isBetween(0.2e6 * (1 - 1e-9), 20e6 * (1 + 1e-9));
      min = Math.min(min, bps);
      max = Math.max(max, bps);
    }
    assertThat(dropouts).isBetween(100, 6000);
    assertThat(min).isLessThan(1e6);
    assertThat(max).isGreaterThan(8e6);
  }
}
