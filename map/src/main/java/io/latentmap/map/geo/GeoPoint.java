package io.latentmap.map.geo;

/** A WGS84 position in degrees, altitude in metres above the ellipsoid. */
public record GeoPoint(double latitude, double longitude, double altitude) {

  public GeoPoint {
    if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180) || !Double.isFinite(altitude)) {
      throw new IllegalArgumentException("not a WGS84 position: " + latitude + ", " + longitude + ", " + altitude);
    }
  }

  public static GeoPoint of(double latitude, double longitude) {
    return new GeoPoint(latitude, longitude, 0);
  }
}
