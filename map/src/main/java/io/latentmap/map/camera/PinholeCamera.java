package io.latentmap.map.camera;

import io.latentmap.map.geo.Enu;

/**
 * A posed pinhole camera over a flat ground (ENU up = 0): projection world -> pixel and back-projection
 * pixel -> ground point. Camera axes follow OpenCV (x right, y down, z forward). Immutable and thread-safe.
 *
 * <p>The allocation-free variants ({@link #projectInto}, {@link #pixelToGroundInto}) exist for per-pixel loops.
 */
public final class PinholeCamera {

  /** Points closer than this along the optical axis are treated as behind the camera. */
  public static final double MIN_DEPTH = 1e-3;

  private final CameraIntrinsics intrinsics;
  private final CameraMount mount;
  private final VehiclePose pose;
  private final double cx;
  private final double cy;
  private final double cz;
  /** Rows: camera right, down and forward axes expressed in ENU. */
  private final double[] rot = new double[9];

  public PinholeCamera(CameraIntrinsics intrinsics, CameraMount mount, VehiclePose pose) {
    this.intrinsics = intrinsics;
    this.mount = mount;
    this.pose = pose;
    double sh = Math.sin(pose.heading());
    double ch = Math.cos(pose.heading());
    // vehicle axes in ENU: forward F, left L, up U
    double[] fwd = {sh, ch, 0};
    double[] left = {-ch, sh, 0};
    double[] up = {0, 0, 1};
    double[] m = mountRotation(mount.yaw(), mount.pitch(), mount.roll());
    // camera axes in the vehicle frame: right = R(0,-1,0), down = R(0,0,-1), forward = R(1,0,0)
    double[] rightV = {-m[1], -m[4], -m[7]};
    double[] downV = {-m[2], -m[5], -m[8]};
    double[] fwdV = {m[0], m[3], m[6]};
    setRow(0, vehicleToEnu(rightV, fwd, left, up));
    setRow(1, vehicleToEnu(downV, fwd, left, up));
    setRow(2, vehicleToEnu(fwdV, fwd, left, up));
    double[] c = vehicleToEnu(new double[] {mount.x(), mount.y(), mount.z()}, fwd, left, up);
    this.cx = pose.east() + c[0];
    this.cy = pose.north() + c[1];
    this.cz = c[2];
  }

  public CameraIntrinsics intrinsics() {
    return intrinsics;
  }

  public CameraMount mount() {
    return mount;
  }

  public VehiclePose pose() {
    return pose;
  }

  /** Optical centre in ENU. */
  public Enu center() {
    return new Enu(cx, cy, cz);
  }

  /** Row-major world(ENU)->camera rotation: rows are the camera's right, down and forward axes in ENU. */
  public double[] worldToCameraRotation() {
    return rot.clone();
  }

  /** Pixel of a world point, or null when it is behind the camera (it may still fall outside the image). */
  public double[] project(Enu p) {
    double[] out = new double[2];
    return projectInto(p.east(), p.north(), p.up(), out) ? out : null;
  }

  /**
   * The span of one east-west line of points {@code (east, north, up)} that is in front of the camera and whose
   * pixel column lies in {@code [uMin, uMax]}: {@code [eastMin, eastMax]} in {@code out}; false when no point of the
   * line qualifies (then {@code out} holds an empty span). Along the line the depth and the column's numerator are
   * affine in east, so the points form one interval: loops over a ground grid can visit that span instead of a whole
   * bounding box.
   */
  public boolean eastSpanInColumns(double north, double up, double uMin, double uMax, double[] out) {
    double qy = north - cy;
    double qz = up - cz;
    // camera depth z(e) = depthAt0 + depthSlope * e and lateral x(e) = lateralAt0 + lateralSlope * e
    double depthSlope = rot[6];
    double depthAt0 = rot[7] * qy + rot[8] * qz - rot[6] * cx;
    double lateralSlope = rot[0];
    double lateralAt0 = rot[1] * qy + rot[2] * qz - rot[0] * cx;
    double fx = intrinsics.fx();
    double lowLeft = uMin - intrinsics.u0();
    double highLeft = uMax - intrinsics.u0();
    out[0] = Double.NEGATIVE_INFINITY;
    out[1] = Double.POSITIVE_INFINITY;
    // each condition reads slope * e >= bound: depth >= MIN_DEPTH, then u >= uMin and u <= uMax multiplied by depth
    return atLeast(depthSlope, MIN_DEPTH - depthAt0, out)
        && atLeast(fx * lateralSlope - lowLeft * depthSlope, lowLeft * depthAt0 - fx * lateralAt0, out)
        && atLeast(highLeft * depthSlope - fx * lateralSlope, fx * lateralAt0 - highLeft * depthAt0, out);
  }

  /** Narrows {@code span} to the e with {@code slope * e >= bound}; false when it becomes empty. */
  private static boolean atLeast(double slope, double bound, double[] span) {
    if (slope > 0) {
      span[0] = Math.max(span[0], bound / slope);
    } else if (slope < 0) {
      span[1] = Math.min(span[1], bound / slope);
    } else if (bound > 0) {
      return false;
    }
    return span[0] <= span[1];
  }

  /** Writes (u, v) into {@code out}; false (out untouched) when the point is not in front of the camera. */
  public boolean projectInto(double east, double north, double up, double[] out) {
    double qx = east - cx;
    double qy = north - cy;
    double qz = up - cz;
    double zc = rot[6] * qx + rot[7] * qy + rot[8] * qz;
    if (zc < MIN_DEPTH) {
      return false;
    }
    double xc = rot[0] * qx + rot[1] * qy + rot[2] * qz;
    double yc = rot[3] * qx + rot[4] * qy + rot[5] * qz;
    out[0] = intrinsics.fx() * xc / zc + intrinsics.u0();
    out[1] = intrinsics.fy() * yc / zc + intrinsics.v0();
    return true;
  }

  /**
   * Camera coordinates along one east-west line of points {@code (east, north, up)}: each of x (right), y (down) and
   * z (depth) is affine in east, {@code c = out[2k] + out[2k+1] * east} for k = 0, 1, 2. A loop over a ground row
   * then needs one division per point instead of a full projection ({@link #projectInto}).
   */
  public void lineCoefficientsInto(double north, double up, double[] out) {
    double qy = north - cy;
    double qz = up - cz;
    for (int k = 0; k < 3; k++) {
      out[2 * k] = rot[3 * k + 1] * qy + rot[3 * k + 2] * qz - rot[3 * k] * cx;
      out[2 * k + 1] = rot[3 * k];
    }
  }

  /** Depth along the optical axis of a world point (negative behind the camera). */
  public double depthOf(double east, double north, double up) {
    return rot[6] * (east - cx) + rot[7] * (north - cy) + rot[8] * (up - cz);
  }

  /** Ray direction in ENU through pixel (u,v), scaled so that its depth component is 1. */
  public void rayInto(double u, double v, double[] out) {
    double a = (u - intrinsics.u0()) / intrinsics.fx();
    double b = (v - intrinsics.v0()) / intrinsics.fy();
    out[0] = rot[6] + a * rot[0] + b * rot[3];
    out[1] = rot[7] + a * rot[1] + b * rot[4];
    out[2] = rot[8] + a * rot[2] + b * rot[5];
  }

  /** Ground point (up = 0) seen at pixel (u,v), or null when the ray does not hit the ground ahead. */
  public Enu pixelToGround(double u, double v) {
    double[] out = new double[3];
    return pixelToGroundInto(u, v, out) ? new Enu(out[0], out[1], 0) : null;
  }

  /** Writes (east, north, depth) of the ground point at pixel (u,v); false when the ray misses the ground. */
  public boolean pixelToGroundInto(double u, double v, double[] out) {
    rayInto(u, v, out);
    double dz = out[2];
    if (dz >= -1e-12) {
      return false;
    }
    double t = -cz / dz;
    out[0] = cx + t * out[0];
    out[1] = cy + t * out[1];
    out[2] = t;
    return true;
  }

  private void setRow(int row, double[] v) {
    rot[3 * row] = v[0];
    rot[3 * row + 1] = v[1];
    rot[3 * row + 2] = v[2];
  }

  private static double[] vehicleToEnu(double[] v, double[] fwd, double[] left, double[] up) {
    return new double[] {
      v[0] * fwd[0] + v[1] * left[0] + v[2] * up[0],
      v[0] * fwd[1] + v[1] * left[1] + v[2] * up[1],
      v[0] * fwd[2] + v[1] * left[2] + v[2] * up[2]
    };
  }

  /** Rz(yaw) * Ry(pitch) * Rx(roll), row-major. */
  static double[] mountRotation(double yaw, double pitch, double roll) {
    double cyaw = Math.cos(yaw);
    double syaw = Math.sin(yaw);
    double cp = Math.cos(pitch);
    double sp = Math.sin(pitch);
    double cr = Math.cos(roll);
    double sr = Math.sin(roll);
    return new double[] {
      cyaw * cp, cyaw * sp * sr - syaw * cr, cyaw * sp * cr + syaw * sr,
      syaw * cp, syaw * sp * sr + cyaw * cr, syaw * sp * cr - cyaw * sr,
      -sp, cp * sr, cp * cr
    };
  }
}
