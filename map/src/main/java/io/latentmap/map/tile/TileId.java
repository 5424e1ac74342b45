package io.latentmap.map.tile;

/** A Web Mercator (slippy map) tile: zoom z, column x (west to east), row y (north to south). */
public record TileId(int z, int x, int y) {

  public static final int MAX_ZOOM = 24;

  public TileId {
    if (z < 0 || z > MAX_ZOOM) {
      throw new IllegalArgumentException("tile zoom out of range 0.." + MAX_ZOOM + ": " + z);
    }
    long n = 1L << z;
    if (x < 0 || x >= n || y < 0 || y >= n) {
      throw new IllegalArgumentException("tile " + x + "/" + y + " outside zoom " + z);
    }
  }

  /** The usual "z/x/y" form, also used as a file path. */
  @Override
  public String toString() {
    return z + "/" + x + "/" + y;
  }
}
