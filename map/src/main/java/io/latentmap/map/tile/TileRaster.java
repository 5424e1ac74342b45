package io.latentmap.map.tile;

import io.latentmap.map.labels.CityscapesLabels;
import java.util.Arrays;

/**
 * A class raster over one tile: one byte per cell holding a Cityscapes trainId (255 = unknown), row-major from the
 * north-west corner. Mutable; not thread-safe.
 */
public final class TileRaster {

  public static final int UNKNOWN = CityscapesLabels.IGNORE_TRAIN_ID;

  private final TileId tile;
  private final int cellsPerSide;
  private final byte[] cells;

  public TileRaster(TileId tile, int cellsPerSide) {
    this.tile = tile;
    this.cellsPerSide = cellsPerSide;
    this.cells = new byte[cellsPerSide * cellsPerSide];
    Arrays.fill(cells, (byte) UNKNOWN);
  }

  public TileId tile() {
    return tile;
  }

  public int cellsPerSide() {
    return cellsPerSide;
  }

  /** trainId at (col,row), 255 when unknown. */
  public int get(int col, int row) {
    return cells[index(col, row)] & 0xFF;
  }

  public void set(int col, int row, int trainId) {
    if (trainId < 0 || trainId > UNKNOWN) {
      throw new IllegalArgumentException("not a trainId: " + trainId);
    }
    cells[index(col, row)] = (byte) trainId;
  }

  /** Whether every cell within {@code radius} cells of (col,row), inside this tile, has the same class. */
  public boolean isUniformAround(int col, int row, int radius) {
    int v = get(col, row);
    for (int r = Math.max(0, row - radius); r <= Math.min(cellsPerSide - 1, row + radius); r++) {
      for (int c = Math.max(0, col - radius); c <= Math.min(cellsPerSide - 1, col + radius); c++) {
        if (get(c, r) != v) {
          return false;
        }
      }
    }
    return true;
  }

  /** A copy of the raw cells (row-major trainIds). */
  public byte[] toBytes() {
    return cells.clone();
  }

  private int index(int col, int row) {
    if (col < 0 || col >= cellsPerSide || row < 0 || row >= cellsPerSide) {
      throw new IndexOutOfBoundsException("cell " + col + "," + row + " outside " + cellsPerSide + "x" + cellsPerSide);
    }
    return row * cellsPerSide + col;
  }
}
