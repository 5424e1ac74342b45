package io.latentmap.map.geo;

/**
 * A local East-North-Up tangent frame anchored at a WGS84 point. Conversions go exactly through ECEF on the WGS84
 * ellipsoid (no flat-earth approximation), so a city several kilometres wide stays consistent to well below a
 * map cell.
 */
public final class EnuFrame {

  private static final double WGS84_A = 6_378_137.0;
  private static final double WGS84_F = 1.0 / 298.257_223_563;
  private static final double WGS84_E2 = WGS84_F * (2 - WGS84_F);
  private static final double WGS84_B = WGS84_A * (1 - WGS84_F);
  private static final double WGS84_EP2 = (WGS84_A * WGS84_A - WGS84_B * WGS84_B) / (WGS84_B * WGS84_B);

  private final GeoPoint anchor;
  private final double sinLat;
  private final double cosLat;
  private final double sinLon;
  private final double cosLon;
  private final double[] anchorEcef;

  public EnuFrame(GeoPoint anchor) {
    this.anchor = anchor;
    double lat = Math.toRadians(anchor.latitude());
    double lon = Math.toRadians(anchor.longitude());
    this.sinLat = Math.sin(lat);
    this.cosLat = Math.cos(lat);
    this.sinLon = Math.sin(lon);
    this.cosLon = Math.cos(lon);
    this.anchorEcef = toEcef(anchor);
  }

  public GeoPoint anchor() {
    return anchor;
  }

  public Enu toEnu(GeoPoint p) {
    double[] ecef = toEcef(p);
    double dx = ecef[0] - anchorEcef[0];
    double dy = ecef[1] - anchorEcef[1];
    double dz = ecef[2] - anchorEcef[2];
    double east = -sinLon * dx + cosLon * dy;
    double north = -sinLat * cosLon * dx - sinLat * sinLon * dy + cosLat * dz;
    double up = cosLat * cosLon * dx + cosLat * sinLon * dy + sinLat * dz;
    return new Enu(east, north, up);
  }

  public GeoPoint toGeo(Enu p) {
    return toGeo(p.east(), p.north(), p.up());
  }

  public GeoPoint toGeo(double east, double north, double up) {
    double dx = -sinLon * east - sinLat * cosLon * north + cosLat * cosLon * up;
    double dy = cosLon * east - sinLat * sinLon * north + cosLat * sinLon * up;
    double dz = cosLat * north + sinLat * up;
    return fromEcef(anchorEcef[0] + dx, anchorEcef[1] + dy, anchorEcef[2] + dz);
  }

  static double[] toEcef(GeoPoint p) {
    double lat = Math.toRadians(p.latitude());
    double lon = Math.toRadians(p.longitude());
    double sLat = Math.sin(lat);
    double n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sLat * sLat);
    double r = (n + p.altitude()) * Math.cos(lat);
    return new double[] {r * Math.cos(lon), r * Math.sin(lon), (n * (1 - WGS84_E2) + p.altitude()) * sLat};
  }

  /** Bowring's closed form, accurate to well below a millimetre near the Earth's surface. */
  static GeoPoint fromEcef(double x, double y, double z) {
    double p = Math.hypot(x, y);
    double theta = Math.atan2(z * WGS84_A, p * WGS84_B);
    double st = Math.sin(theta);
    double ct = Math.cos(theta);
    double lat = Math.atan2(z + WGS84_EP2 * WGS84_B * st * st * st, p - WGS84_E2 * WGS84_A * ct * ct * ct);
    double lon = Math.atan2(y, x);
    double sLat = Math.sin(lat);
    double n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sLat * sLat);
    double alt = p / Math.cos(lat) - n;
    return new GeoPoint(Math.toDegrees(lat), Math.toDegrees(lon), alt);
  }
}
