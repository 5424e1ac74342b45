package io.latentmap.eval.viewer;

import io.latentmap.map.image.PngWriter;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TilePngRenderer;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.schemas.CellChange;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * Our map's pictures: a tile's class raster in Cityscapes colours (black = never observed, as in the demo's
 * out/tiles), and a transparent overlay marking the cells that recent updates changed: strongly where a class
 * flipped to another, faintly where a cell was mapped for the first time. Thread-safe.
 */
final class TilePictures {
  /** Our tile pictures kept, one per tile version. */
  private static final int PICTURES_KEPT = 2048;
  /**
   * A recently changed cell, one that flipped from a class to another: cyan, a colour no Cityscapes class has, so it
   * stands out on any of them.
   */
  static final int CHANGED_CELL_ARGB = 0xE000E5FF;
  /** A recently mapped cell, one that had no evidence before: only lightened, as most of a growing map is. */
  static final int FIRST_SEEN_CELL_ARGB = 0x50FFFFFF;
  private static final int NO_EVIDENCE = 255;

  private final Map<String, byte[]> ours = new GroundTruth.Lru<>(PICTURES_KEPT);

  /** The snapshot's class raster as a PNG. */
  byte[] ours(TileView view) {
    MapTile snapshot = view.snapshot();
    String key = view.key() + "@" + snapshot.getVersion();
    synchronized (ours) {
      byte[] cached = ours.get(key);
      if (cached != null) {
        return cached;
      }
    }
    int n = snapshot.getRasterSize();
    TileRaster raster = new TileRaster(new TileId(view.z(), view.x(), view.y()), n);
    ByteBuffer classes = snapshot.getClassRaster().duplicate();
    if (classes.remaining() != n * n) {
      throw new IllegalArgumentException("tile " + view.key() + " has " + classes.remaining()
          + " raster cells, not " + n + " x " + n);
    }
    for (int i = 0; i < n * n; i++) {
      raster.set(i % n, i / n, Byte.toUnsignedInt(classes.get()));
    }
    byte[] png = TilePngRenderer.render(raster);
    synchronized (ours) {
      ours.put(key, png);
    }
    return png;
  }

  /** Cells changed by the tile's updates whose evidence ends at or after {@code from}, as a transparent PNG. */
  byte[] changes(TileView view, Instant from, int cellsPerSide) {
    int[] argb = new int[cellsPerSide * cellsPerSide];
    for (TileUpdate u : view.updates()) {
      if (u.getEventTimeEnd().isBefore(from)) {
        continue;
      }
      for (CellChange c : u.getChangedCells()) {
        if (c.getCellIndex() >= 0 && c.getCellIndex() < argb.length) {
          boolean flipped = c.getOldClass() != NO_EVIDENCE || argb[c.getCellIndex()] == CHANGED_CELL_ARGB;
          argb[c.getCellIndex()] = flipped ? CHANGED_CELL_ARGB : FIRST_SEEN_CELL_ARGB;
        }
      }
    }
    return new PngWriter().rgba(argb, cellsPerSide, cellsPerSide);
  }
}
