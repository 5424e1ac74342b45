package io.latentmap.map.tile;

import io.latentmap.map.image.PngWriter;
import io.latentmap.map.labels.CityscapesLabels;

/** Renders a tile's class raster as an RGB PNG in the official Cityscapes colours (unknown cells black). */
public final class TilePngRenderer {

  private TilePngRenderer() {}

  public static byte[] render(TileRaster raster) {
    int n = raster.cellsPerSide();
    int[] rgb = new int[n * n];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        int trainId = raster.get(col, row);
        rgb[row * n + col] = trainId == TileRaster.UNKNOWN ? 0 : CityscapesLabels.byTrainId(trainId).rgb();
      }
    }
    return new PngWriter().rgb(rgb, n, n);
  }
}
