package io.latentmap.sim.producer;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.schemas.CameraModel;
import io.latentmap.schemas.Pose;
import io.latentmap.sim.fleet.GnssFix;
import java.time.Instant;

/**
 * Writes the simulator's pose and camera in the wire's conventions (CompressedFrame.avsc): degrees instead of
 * radians, mount yaw clockwise and pitch up-positive where map/ has yaw left-positive and pitch down-positive, and
 * pixel centres at +0.5 where map/ puts them at integers. The exact inverse of the job's
 * {@code io.latentmap.operators.georef.FrameGeometry}.
 */
public final class WireConventions {

  /** map/ puts pixel centres at integer coordinates, the wire at +0.5. */
  public static final double PIXEL_CENTRE_SHIFT = 0.5;
  /** The simulated ground is flat and level, so every carrier's body frame has zero pitch and roll. */
  static final double FLAT_GROUND_TILT_DEGREES = 0.0;
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long NANOS_PER_MICRO = 1_000L;

  private WireConventions() {}

  /** The wire pose of a GNSS fix on flat ground. */
  public static Pose pose(GnssFix fix) {
    return Pose.newBuilder()
        .setLatitude(fix.latitude())
        .setLongitude(fix.longitude())
        .setAltitude(fix.altitude())
        .setHeading(fix.headingDegrees())
        .setPitch(FLAT_GROUND_TILT_DEGREES)
        .setRoll(FLAT_GROUND_TILT_DEGREES)
        .setHorizontalAccuracy(fix.horizontalAccuracy())
        .build();
  }

  /** The wire camera of map/ intrinsics (the image the encoder saw) and mount. */
  public static CameraModel camera(CameraIntrinsics k, CameraMount mount) {
    return CameraModel.newBuilder()
        .setImageWidth(k.width())
        .setImageHeight(k.height())
        .setFocalLengthX(k.fx())
        .setFocalLengthY(k.fy())
        .setPrincipalPointX(k.u0() + PIXEL_CENTRE_SHIFT)
        .setPrincipalPointY(k.v0() + PIXEL_CENTRE_SHIFT)
        .setMountHeight(mount.z())
        .setMountForward(mount.x())
        .setMountLeft(mount.y())
        .setMountYaw(-Math.toDegrees(mount.yaw()))
        .setMountPitch(-Math.toDegrees(mount.pitch()))
        .setMountRoll(Math.toDegrees(mount.roll()))
        .build();
  }

  /** Microseconds since the epoch as an Instant, exactly (timestamp-micros). */
  public static Instant instantOfMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
        Math.floorMod(micros, MICROS_PER_SECOND) * NANOS_PER_MICRO);
  }

  /** Kafka record timestamps are milliseconds. */
  public static long millisOfMicros(long micros) {
    return Math.floorDiv(micros, 1_000L);
  }
}
