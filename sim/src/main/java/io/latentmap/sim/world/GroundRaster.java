package io.latentmap.sim.world;

import java.util.Arrays;

/**
 * The ground surface of a city: a fine grid of {@link GroundMaterial} bytes over an ENU rectangle, stored in
 * square chunks so that a world change (e.g. a widened sidewalk) makes a new version that shares every untouched
 * chunk with the old one. Versions are immutable once published by {@link #freeze()}; outside the rectangle the
 * ground is terrain.
 */
public final class GroundRaster {

  /** Cells per chunk side (power of two for cheap indexing). */
  static final int CHUNK_BITS = 6;
  static final int CHUNK = 1 << CHUNK_BITS;
  private static final int CHUNK_MASK = CHUNK - 1;

  private final double minEast;
  private final double minNorth;
  private final double cellSize;
  private final double invCellSize;
  private final int width;
  private final int height;
  private final int chunksX;
  private final byte[][] chunks;
  private final boolean[] owned;
  private boolean frozen;

  /** A new, all-terrain, mutable raster. */
  public GroundRaster(double minEast, double minNorth, double cellSize, int width, int height) {
    if (!(cellSize > 0) || width < 1 || height < 1 || (long) width * height > 400_000_000L) {
      throw new IllegalArgumentException("bad ground raster " + width + "x" + height + " @" + cellSize);
    }
    this.minEast = minEast;
    this.minNorth = minNorth;
    this.cellSize = cellSize;
    this.invCellSize = 1 / cellSize;
    this.width = width;
    this.height = height;
    this.chunksX = (width + CHUNK - 1) >> CHUNK_BITS;
    int chunksY = (height + CHUNK - 1) >> CHUNK_BITS;
    this.chunks = new byte[chunksX * chunksY][];
    this.owned = new boolean[chunks.length];
    for (int i = 0; i < chunks.length; i++) {
      chunks[i] = new byte[CHUNK * CHUNK];
      owned[i] = true;
    }
  }

  private GroundRaster(GroundRaster base) {
    this.minEast = base.minEast;
    this.minNorth = base.minNorth;
    this.cellSize = base.cellSize;
    this.invCellSize = base.invCellSize;
    this.width = base.width;
    this.height = base.height;
    this.chunksX = base.chunksX;
    this.chunks = base.chunks.clone();
    this.owned = new boolean[chunks.length];
  }

  /** A mutable copy sharing all chunks with this one until they are written. */
  public GroundRaster mutableCopy() {
    return new GroundRaster(this);
  }

  public GroundRaster freeze() {
    frozen = true;
    return this;
  }

  public double cellSize() {
    return cellSize;
  }

  public double minEast() {
    return minEast;
  }

  public double minNorth() {
    return minNorth;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int column(double east) {
    return (int) Math.floor((east - minEast) * invCellSize);
  }

  public int row(double north) {
    return (int) Math.floor((north - minNorth) * invCellSize);
  }

  public double cellCenterEast(int col) {
    return minEast + (col + 0.5) * cellSize;
  }

  public double cellCenterNorth(int row) {
    return minNorth + (row + 0.5) * cellSize;
  }

  /** Material at a world position (terrain outside). */
  public int materialAt(double east, double north) {
    return get((int) Math.floor((east - minEast) * invCellSize), (int) Math.floor((north - minNorth) * invCellSize));
  }

  /** Material at cell (col,row) (terrain outside). */
  public int get(int col, int row) {
    if (col < 0 || row < 0 || col >= width || row >= height) {
      return GroundMaterial.TERRAIN;
    }
    return chunks[(row >> CHUNK_BITS) * chunksX + (col >> CHUNK_BITS)][((row & CHUNK_MASK) << CHUNK_BITS) | (col & CHUNK_MASK)];
  }

  public void set(int col, int row, int material) {
    if (frozen) {
      throw new IllegalStateException("ground raster version is frozen");
    }
    if (col < 0 || row < 0 || col >= width || row >= height) {
      return;
    }
    int c = (row >> CHUNK_BITS) * chunksX + (col >> CHUNK_BITS);
    if (!owned[c]) {
      chunks[c] = Arrays.copyOf(chunks[c], chunks[c].length);
      owned[c] = true;
    }
    chunks[c][((row & CHUNK_MASK) << CHUNK_BITS) | (col & CHUNK_MASK)] = (byte) material;
  }

  /** Writes {@code material} unless the cell already holds one of higher paint priority. */
  public void paint(int col, int row, int material) {
    int current = get(col, row);
    if (col >= 0 && row >= 0 && col < width && row < height
        && GroundMaterial.priority(material) >= GroundMaterial.priority(current)) {
      set(col, row, material);
    }
  }
}
