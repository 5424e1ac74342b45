package io.latentmap.map.camera;

import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.EnuFrame;
import io.latentmap.map.geo.GeoPoint;

/**
 * A camera posed in WGS84, as a GNSS fix reports it: ground projection straight between pixels and latitude/
 * longitude. It works in a local ENU frame anchored at the carrier's own position, so it is exact anywhere on Earth
 * without a city-wide frame. Immutable and thread-safe.
 */
public final class GeoCamera {

  private final EnuFrame local;
  private final PinholeCamera camera;

  /**
   * @param position the carrier's reference point (its ground position; altitude is ignored, the ground is the
   *     local horizontal plane through it)
   * @param headingDegrees compass heading, degrees clockwise from north
   */
  public GeoCamera(CameraIntrinsics intrinsics, CameraMount mount, GeoPoint position, double headingDegrees) {
    if (!Double.isFinite(headingDegrees)) {
      throw new IllegalArgumentException("heading must be finite: " + headingDegrees);
    }
    this.local = new EnuFrame(GeoPoint.of(position.latitude(), position.longitude()));
    this.camera = new PinholeCamera(intrinsics, mount, new VehiclePose(0, 0, Math.toRadians(headingDegrees)));
  }

  public PinholeCamera camera() {
    return camera;
  }

  /** The ground point seen at pixel (u, v), or null when the pixel looks at or above the horizon. */
  public GeoPoint pixelToGeo(double u, double v) {
    Enu ground = camera.pixelToGround(u, v);
    return ground == null ? null : local.toGeo(ground.east(), ground.north(), 0);
  }

  /** The pixel (u, v) of a ground point, or null when it is behind the camera. */
  public double[] geoToPixel(GeoPoint p) {
    Enu e = local.toEnu(GeoPoint.of(p.latitude(), p.longitude()));
    // points on the ellipsoid lie slightly below the local tangent plane far away; project them onto it
    return camera.project(new Enu(e.east(), e.north(), 0));
  }
}
