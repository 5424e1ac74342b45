package io.latentmap.operators.georef;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.schemas.CameraModel;
import io.latentmap.schemas.Pose;

/**
 * Reads the wire's pose and camera (degrees, yaw clockwise, pitch up-positive, pixel centres at +0.5; see the
 * CompressedFrame schema docs) into map/'s camera model (radians, Cityscapes extrinsic convention, pixel centres at
 * integers). The one place the two conventions meet on the job side.
 */
public final class FrameGeometry {
  /** map/ puts pixel centres at integer coordinates, the wire at +0.5. */
  static final double PIXEL_CENTRE_SHIFT = 0.5;

  private FrameGeometry() {}

  public static GeoPoint position(Pose pose) {
    return GeoPoint.of(pose.getLatitude(), pose.getLongitude());
  }

  /** Compass heading in radians, clockwise from north. */
  public static double heading(Pose pose) {
    return Math.toRadians(pose.getHeading());
  }

  public static CameraIntrinsics intrinsics(CameraModel camera) {
    return new CameraIntrinsics(camera.getFocalLengthX(), camera.getFocalLengthY(),
        camera.getPrincipalPointX() - PIXEL_CENTRE_SHIFT, camera.getPrincipalPointY() - PIXEL_CENTRE_SHIFT,
        camera.getImageWidth(), camera.getImageHeight());
  }

  public static CameraMount mount(CameraModel camera) {
    return new CameraMount(camera.getMountForward(), camera.getMountLeft(), camera.getMountHeight(),
        -Math.toRadians(camera.getMountYaw()), -Math.toRadians(camera.getMountPitch()),
        Math.toRadians(camera.getMountRoll()));
  }

  /** An image coordinate of the wire's convention (pixel centres at +0.5) in map/'s (centres at integers). */
  public static double toMapPixel(double wirePixel) {
    return wirePixel - PIXEL_CENTRE_SHIFT;
  }
}
