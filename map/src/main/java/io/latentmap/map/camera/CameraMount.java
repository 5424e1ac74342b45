package io.latentmap.map.camera;

/**
 * Where a camera sits on its carrier, in the Cityscapes extrinsic convention: x forward, y left, z up (metres,
 * from the vehicle reference point on the ground), and yaw (about z, left positive), pitch (about y, positive tilts
 * the view down), roll (about x), radians, applied as Rz(yaw) Ry(pitch) Rx(roll).
 */
public record CameraMount(double x, double y, double z, double yaw, double pitch, double roll) {

  /** Largest magnitude accepted for pitch and roll: beyond it the camera no longer looks at the road. */
  public static final double MAX_TILT = Math.toRadians(80);
  /** The Cityscapes car's camera: 1.22 m high, pitched ~0.05 rad down, 1.7 m ahead of the reference point. */
  public static final CameraMount CITYSCAPES = new CameraMount(1.7, 0.1, 1.22, 0.0, 0.05, 0.0);

  public CameraMount {
    if (!Double.isFinite(x) || !Double.isFinite(y) || !(z > 0) || !Double.isFinite(yaw)) {
      throw new IllegalArgumentException("bad camera mount: x=" + x + " y=" + y + " z=" + z + " yaw=" + yaw);
    }
    if (!(Math.abs(pitch) <= MAX_TILT) || !(Math.abs(roll) <= MAX_TILT)) {
      throw new IllegalArgumentException("camera pitch/roll out of range: " + pitch + ", " + roll);
    }
  }
}
