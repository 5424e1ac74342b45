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
  void aLinesAffineCameraCoordinatesGiveTheProjectedPixel(
      @ForAll @DoubleRange(min = -60, max = 60) double east,
      @ForAll @DoubleRange(min = -60, max = 60) double north,
      @ForAll @DoubleRange(min = -1, max = 3) double up,
      @ForAll @DoubleRange(min = -0.1, max = 0.9) double pitch,
      @ForAll @DoubleRange(min = -3.2, max = 3.2) double heading,
      @ForAll @DoubleRange(min = -0.1, max = 0.1) double roll) {
    PinholeCamera cam = new PinholeCamera(K, new CameraMount(1.7, 0.1, 1.5, 0.02, pitch, roll),
        new VehiclePose(-30, 15, heading));
    double[] px = cam.project(new Enu(east, north, up));
    Assume.that(px != null);
    double[] line = new double[6];
    cam.lineCoefficientsInto(north, up, line);
    double x = line[0] + line[1] * east;
    double y = line[2] + line[3] * east;
    double z = line[4] + line[5] * east;

    assertThat(z).isCloseTo(cam.depthOf(east, north, up), within(1e-9));
    assertThat(K.fx() * x / z + K.u0()).isCloseTo(px[0], within(1e-6));
    assertThat(K.fy() * y / z + K.v0()).isCloseTo(px[1], within(1e-6));
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

  /** Every point of a ground row that projects into the columns lies in the span, and the span's inside does. */
  @Property(tries = 300)
  void eastSpanInColumnsHoldsExactlyTheRowPointsSeenInThoseColumns(
      @ForAll @DoubleRange(min = -3.2, max = 3.2) double heading,
      @ForAll @DoubleRange(min = -0.3, max = 0.3) double pitch,
      @ForAll @DoubleRange(min = -0.1, max = 0.1) double roll,
      @ForAll @DoubleRange(min = -1.0, max = 1.0) double yaw,
      @ForAll @DoubleRange(min = -40, max = 40) double north) {
    PinholeCamera cam = new PinholeCamera(K, new CameraMount(1.7, 0.1, 1.4, yaw, pitch, roll),
        new VehiclePose(3, -2, heading));
    double uMin = -0.5;
    double uMax = K.width() - 0.5;
    double[] span = new double[2];
    boolean any = cam.eastSpanInColumns(north, 0, uMin, uMax, span);
    double[] uv = new double[2];
    int inside = 0;
    for (double east = -60; east <= 60; east += 0.05) {
      boolean seen = cam.projectInto(east, north, 0, uv) && uv[0] >= uMin && uv[0] <= uMax;
      boolean inSpan = any && east >= span[0] && east <= span[1];
      if (seen) {
        inside++;
        assertThat(inSpan).as("east %.2f is seen in the columns but outside %s", east, java.util.Arrays.toString(span))
            .isTrue();
      } else if (inSpan) {
        // only rounding at the span's ends may disagree
        assertThat(Math.min(Math.abs(east - span[0]), Math.abs(east - span[1]))).isLessThan(1e-6);
      }
    }
    Assume.that(inside > 0); // rows behind the camera have nothing to compare
  }
}
