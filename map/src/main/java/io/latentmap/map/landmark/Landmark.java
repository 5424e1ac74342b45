package io.latentmap.map.landmark;

import io.latentmap.map.geo.GeoPoint;

/**
 * A landmark with its exact position: for a pole its foot, for a sign or light the point on the ground below it
 * (the position a map stores), with the height of its centre above the ground.
 */
public record Landmark(long id, LandmarkType type, GeoPoint position, double heightMeters) {

  public Landmark {
    if (type == null || position == null) {
      throw new IllegalArgumentException("landmark needs a type and a position");
    }
    if (!(heightMeters >= 0)) {
      throw new IllegalArgumentException("landmark height must be >= 0: " + heightMeters);
    }
  }
}
