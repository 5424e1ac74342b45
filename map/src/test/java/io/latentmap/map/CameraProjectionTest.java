package io.latentmap.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.Enu;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class CameraProjectionTest {

  private static final CameraIntrinsics K = CameraIntrinsics.cityscapesDefault();

  @Test
  void defaultIntrinsicsAreCityscapesQuarterScale() {
    assertThat(K.width()).isEqualTo(512);
    assertThat(K.height()).isEqualTo(256);
    assertThat(K.fx()).isCloseTo(565.63, within(0.01));
    assertThat(K.u0()).isCloseTo((1096.98 + 0.5) * 0.25 - 0.5, within(1e-9));
  }

  @Test
  void pointStraightAheadProjectsToThePrincipalPointRow() {
    PinholeCamera cam = new PinholeCamera(K, new CameraMount(0, 0, 1.5, 0, 0, 0), new VehiclePose(10, 20, Math.PI / 2));
    double[] px = cam.project(new Enu(60, 20, 1.5)); // 50 m east at camera height, vehicle heading east
    assertThat(px[0]).isCloseTo(K.u0(), within(1e-9));
    assertThat(px[1]).isCloseTo(K.v0(), within(1e-9));
    double[] left = cam.project(new Enu(60, 25, 1.5)); // north is to the left when heading east
    assertThat(left[0]).isLessThan(K.u0());
    assertThat(cam.project(new Enu(0, 20, 1.5))).isNull();
  }

  @Property(tries = 500)
  void pixelToGroundThenBackIsIdentity(
      @ForAll @DoubleRange(min = 0, max = 511) double u,
      @ForAll @DoubleRange(min = 0, max = 255) double v,
      @ForAll @DoubleRange(min = 1.0, max = 8.0) double height,
      @ForAll @DoubleRange(min = -0.1, max = 0.9) double pitch,
      @ForAll @DoubleRange(min = -3.2, max = 3.2) double heading,
      @ForAll @DoubleRange(min = -0.1, max = 0.1) double roll) {
    PinholeCamera cam = new PinholeCamera(K, new CameraMount(1.7, 0.1, height, 0.02, pitch, roll),
        new VehiclePose(-300, 150, heading));
    Enu ground = cam.pixelToGround(u, v);
    Assume.that(ground != null);
    assertThat(ground.up()).isZero();
    double[] back = cam.project(ground);
    assertThat(back[0]).isCloseTo(u, within(1e-6));
    assertThat(back[1]).isCloseTo(v, within(1e-6));
  }

  @Property(tries = 500)
  void groundToPixelThenBackIsIdentity(
      @ForAll @DoubleRange(min = -60, max = 60) double east,
      @ForAll @DoubleRange(min = -60, max = 60) double north,
      @ForAll @DoubleRange(min = 1.0, max = 8.0) double height,
      @ForAll @DoubleRange(min = 0.0, max = 0.9) double pitch,
      @ForAll @DoubleRange(min = -3.2, max = 3.2) double heading) {
    PinholeCamera cam = new PinholeCamera(K, new CameraMount(0, 0, height, 0, pitch, 0), new VehiclePose(0, 0, heading));
    double[] px = cam.project(new Enu(east, north, 0));
    Assume.that(px != null);
    Enu back = cam.pixelToGround(px[0], px[1]);
    assertThat(back).isNotNull();
    assertThat(back.east()).isCloseTo(east, within(1e-6));
    assertThat(back.north()).isCloseTo(north, within(1e-6));
  }

  @Test
  void pitchedCameraSeesTheGroundBelowTheHorizonOnly() {
    PinholeCamera cam = new PinholeCamera(K, CameraMount.CITYSCAPES, new VehiclePose(0, 0, 0));
    assertThat(cam.pixelToGround(256, 10)).isNull();
    Enu near = cam.pixelToGround(256, 250);
    assertThat(near.north()).isBetween(2.0, 15.0);
    assertThat(near.east()).isCloseTo(0.0, within(0.5));
  }
}
