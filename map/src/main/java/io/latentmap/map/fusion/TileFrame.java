package io.latentmap.map.fusion;

import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;

/**
 * The metric frame in which a tile's landmarks are fused: east/north metres from the tile centre on the WGS84
 * ellipsoid's local tangent plane (meridian and prime-vertical radii at the centre). Over one tile (~50 m) the
 * linearisation is exact to well under a millimetre, and it agrees with {@link io.latentmap.map.geo.EnuFrame}.
 */
public final class TileFrame {
  private static final double WGS84_A = 6_378_137.0;
  private static final double WGS84_E2 = 6.694_379_990_141_316e-3;

  private final TileScheme scheme;
  private final TileId tile;
  private final double centerLatitude;
  private final double centerLongitude;
  private final double metersPerDegreeEast;
  private final double metersPerDegreeNorth;

  public TileFrame(TileScheme scheme, TileId tile) {
    this.scheme = scheme;
    this.tile = tile;
    this.centerLatitude = scheme.latitudeOf((tile.y() + 0.5) * scheme.cellsPerSide());
    this.centerLongitude = scheme.longitudeOf((tile.x() + 0.5) * scheme.cellsPerSide());
    double[] scale = metersPerDegree(centerLatitude);
    this.metersPerDegreeEast = scale[0];
    this.metersPerDegreeNorth = scale[1];
  }

  /** Ground metres per degree of longitude and of latitude at a latitude, on the WGS84 ellipsoid. */
  public static double[] metersPerDegree(double latitude) {
    double sinLat = Math.sin(Math.toRadians(latitude));
    double w = 1 - WGS84_E2 * sinLat * sinLat;
    double primeVertical = WGS84_A / Math.sqrt(w);
    double meridian = WGS84_A * (1 - WGS84_E2) / (w * Math.sqrt(w));
    return new double[] {
      Math.toRadians(1) * primeVertical * Math.cos(Math.toRadians(latitude)), Math.toRadians(1) * meridian
    };
  }

  public TileId tile() {
    return tile;
  }

  public GeoPoint center() {
    return GeoPoint.of(centerLatitude, centerLongitude);
  }

  public double eastOf(GeoPoint p) {
    return (p.longitude() - centerLongitude) * metersPerDegreeEast;
  }

  public double northOf(GeoPoint p) {
    return (p.latitude() - centerLatitude) * metersPerDegreeNorth;
  }

  /** Tile-local east metres of a global Web Mercator cell x coordinate. */
  public double eastOfCellX(double globalCellX) {
    return (scheme.longitudeOf(globalCellX) - centerLongitude) * metersPerDegreeEast;
  }

  /** Tile-local north metres of a global Web Mercator cell y coordinate (rows grow southwards). */
  public double northOfCellY(double globalCellY) {
    return (scheme.latitudeOf(globalCellY) - centerLatitude) * metersPerDegreeNorth;
  }

  public GeoPoint toGeo(double east, double north) {
    return GeoPoint.of(centerLatitude + north / metersPerDegreeNorth, centerLongitude + east / metersPerDegreeEast);
  }
}
