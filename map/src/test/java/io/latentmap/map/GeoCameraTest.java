package io.latentmap.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.map.camera.GeoCamera;
import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.EnuFrame;
import io.latentmap.map.geo.GeoPoint;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class GeoCameraTest {

  private static final CameraIntrinsics K = CameraIntrinsics.cityscapesDefault();

  @Property(tries = 300)
  void pixelToGeoAndBackIsIdentity(
      @ForAll @DoubleRange(min = -60, max = 60) double lat, @ForAll @DoubleRange(min = -170, max = 170) double lon,
      @ForAll @DoubleRange(min = 0, max = 360) double heading,
      @ForAll @DoubleRange(min = 0, max = 511) double u, @ForAll @DoubleRange(min = 120, max = 255) double v) {
    GeoCamera cam = new GeoCamera(K, CameraMount.CITYSCAPES, GeoPoint.of(lat, lon), heading);
    GeoPoint ground = cam.pixelToGeo(u, v);
    Assume.that(ground != null);
    double[] back = cam.geoToPixel(ground);
    assertThat(back[0]).isCloseTo(u, within(1e-3));
    assertThat(back[1]).isCloseTo(v, within(1e-3));
  }

  @Property(tries = 200)
  void agreesWithACameraPosedInACityFrame(
      @ForAll @DoubleRange(min = -400, max = 400) double east, @ForAll @DoubleRange(min = -400, max = 400) double north,
      @ForAll @DoubleRange(min = -3.1, max = 3.1) double heading,
      @ForAll @DoubleRange(min = 0, max = 511) double u, @ForAll @DoubleRange(min = 130, max = 255) double v) {
    EnuFrame city = new EnuFrame(GeoPoint.of(50.7753, 6.0839));
    PinholeCamera local = new PinholeCamera(K, CameraMount.CITYSCAPES, new VehiclePose(east, north, heading));
    GeoCamera geo = new GeoCamera(K, CameraMount.CITYSCAPES, city.toGeo(east, north, 0), Math.toDegrees(heading));
    Enu expected = local.pixelToGround(u, v);
    GeoPoint actual = geo.pixelToGeo(u, v);
    Assume.that(expected != null && expected.horizontalDistanceTo(new Enu(east, north, 0)) < 100);
    Enu got = city.toEnu(actual);
    // the two tangent planes differ by the Earth's curvature over a few hundred metres: millimetres
    assertThat(got.east()).isCloseTo(expected.east(), within(0.02));
    assertThat(got.north()).isCloseTo(expected.north(), within(0.02));
  }
}
