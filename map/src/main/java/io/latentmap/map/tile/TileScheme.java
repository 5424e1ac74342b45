package io.latentmap.map.tile;

import io.latentmap.map.geo.GeoPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Web Mercator tiling (EPSG:3857, the slippy-map z/x/y scheme) with a square raster of cells per tile. At the
 * default zoom 19 and 256 cells a side, a cell is about 0.3 m at the equator and 0.2 m at 48 degrees north.
 */
public final class TileScheme {

  public static final int DEFAULT_ZOOM = 19;
  public static final int DEFAULT_CELLS_PER_SIDE = 256;
  /** Web Mercator is defined up to this latitude; beyond it tiles are undefined. */
  public static final double MAX_LATITUDE = 85.051_128_779_806_59;
  private static final double EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6_378_137.0;

  private final int zoom;
  private final int cellsPerSide;
  private final double worldCells;

  public TileScheme(int zoom, int cellsPerSide) {
    if (zoom < 0 || zoom > TileId.MAX_ZOOM) {
      throw new IllegalArgumentException("zoom out of range: " + zoom);
    }
    if (cellsPerSide < 1 || cellsPerSide > 4096) {
      throw new IllegalArgumentException("cells per side out of range 1..4096: " + cellsPerSide);
    }
    this.zoom = zoom;
    this.cellsPerSide = cellsPerSide;
    this.worldCells = (double) (1L << zoom) * cellsPerSide;
  }

  public static TileScheme standard() {
    return new TileScheme(DEFAULT_ZOOM, DEFAULT_CELLS_PER_SIDE);
  }

  public int zoom() {
    return zoom;
  }

  public int cellsPerSide() {
    return cellsPerSide;
  }

  public int cellsPerTile() {
    return cellsPerSide * cellsPerSide;
  }

  /** Global cell coordinate (continuous, west to east) of a longitude. */
  public double globalCellX(double longitude) {
    return (longitude + 180.0) / 360.0 * worldCells;
  }

  /** Global cell coordinate (continuous, north to south) of a latitude. */
  public double globalCellY(double latitude) {
    double lat = Math.toRadians(Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, latitude)));
    return (1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * worldCells;
  }

  public double longitudeOf(double globalCellX) {
    return globalCellX / worldCells * 360.0 - 180.0;
  }

  public double latitudeOf(double globalCellY) {
    double n = Math.PI * (1 - 2 * globalCellY / worldCells);
    return Math.toDegrees(Math.atan(Math.sinh(n)));
  }

  public TileId tileOf(GeoPoint p) {
    return cellOf(p).tile();
  }

  public CellRef cellOf(GeoPoint p) {
    return cellAtGlobal((long) Math.floor(globalCellX(p.longitude())), (long) Math.floor(globalCellY(p.latitude())));
  }

  /** The cell at global integer cell coordinates (clamped to the world). */
  public CellRef cellAtGlobal(long gx, long gy) {
    long max = (long) worldCells - 1;
    gx = Math.max(0, Math.min(max, gx));
    gy = Math.max(0, Math.min(max, gy));
    return new CellRef(new TileId(zoom, (int) (gx / cellsPerSide), (int) (gy / cellsPerSide)),
        (int) (gx % cellsPerSide), (int) (gy % cellsPerSide));
  }

  /** Centre of a cell as a WGS84 point. */
  public GeoPoint cellCenter(TileId tile, int col, int row) {
    checkTile(tile);
    double gx = (double) tile.x() * cellsPerSide + col + 0.5;
    double gy = (double) tile.y() * cellsPerSide + row + 0.5;
    return GeoPoint.of(latitudeOf(gy), longitudeOf(gx));
  }

  /** Ground size of one cell edge at a latitude, metres. */
  public double metersPerCell(double latitude) {
    return Math.cos(Math.toRadians(latitude)) * EARTH_CIRCUMFERENCE_M / worldCells;
  }

  /** Every tile that intersects a latitude/longitude box, row by row from the north-west. */
  public List<TileId> tilesCovering(double south, double west, double north, double east) {
    if (south > north || west > east) {
      throw new IllegalArgumentException("empty box");
    }
    TileId nw = tileOf(GeoPoint.of(north, west));
    TileId se = tileOf(GeoPoint.of(south, east));
    List<TileId> tiles = new ArrayList<>();
    for (int y = nw.y(); y <= se.y(); y++) {
      for (int x = nw.x(); x <= se.x(); x++) {
        tiles.add(new TileId(zoom, x, y));
      }
    }
    return tiles;
  }

  private void checkTile(TileId tile) {
    if (tile.z() != zoom) {
      throw new IllegalArgumentException("tile " + tile + " is not at this scheme's zoom " + zoom);
    }
  }
}
