package io.latentmap.map.camera;

/**
 * A carrier's pose on the flat local ground: ENU position of its reference point (metres) and compass heading
 * (radians, 0 = north, pi/2 = east, clockwise as GNSS reports it).
 */
public record VehiclePose(double east, double north, double heading) {

  public VehiclePose {
    if (!Double.isFinite(east) || !Double.isFinite(north) || !Double.isFinite(heading)) {
      throw new IllegalArgumentException("non-finite pose: " + east + ", " + north + ", " + heading);
    }
  }

  public double headingDegrees() {
    double d = Math.toDegrees(heading) % 360;
    return d < 0 ? d + 360 : d;
  }
}
