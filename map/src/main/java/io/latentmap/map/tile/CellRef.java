package io.latentmap.map.tile;

/** One cell of a tile: column from the west edge, row from the north edge. */
public record CellRef(TileId tile, int col, int row) {

  /** Row-major index inside the tile raster. */
  public int index(int cellsPerSide) {
    return row * cellsPerSide + col;
  }
}
