package io.latentmap.map.geo;

/** A point in a local East-North-Up frame, metres. */
public record Enu(double east, double north, double up) {

  public double horizontalDistanceTo(Enu other) {
    return Math.hypot(east - other.east, north - other.north);
  }
}
