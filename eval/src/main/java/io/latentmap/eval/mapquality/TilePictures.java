package io.latentmap.eval.mapquality;

import io.latentmap.map.image.PngWriter;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.schemas.MapTile;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Pictures of map tiles beside their ground truth (Cityscapes colours, black = never observed), one pixel per cell:
 * what the demo and {@code eval map} draw.
 */
public final class TilePictures {
  /**
   * Where the map's published class differs from the truth, when errors are highlighted: pure red, because magenta
   * would pass for sidewalk (Cityscapes 244, 35, 232) and no static class is drawn in a saturated red.
   */
  public static final int ERROR_RGB = 0xFF0000;
  static final int GAP = 8;
  static final int GAP_RGB = 0xFFFFFF;

  private TilePictures() {}

  public static int pairWidth(int n) {
    return 2 * n + GAP;
  }

  /**
   * Our map (left) beside the truth (right), row-major RGB of {@link #pairWidth} x n.
   *
   * @param highlightErrors paint observed cells whose class is wrong in {@link #ERROR_RGB}
   */
  public static int[] sideBySide(byte[] ours, TileRaster truth, boolean highlightErrors) {
    int n = truth.cellsPerSide();
    int width = pairWidth(n);
    int[] rgb = new int[width * n];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        int predicted = Byte.toUnsignedInt(ours[row * n + col]);
        boolean wrong = predicted != CityscapesLabels.IGNORE_TRAIN_ID && predicted != truth.get(col, row);
        rgb[row * width + col] = highlightErrors && wrong ? ERROR_RGB : colour(predicted);
        rgb[row * width + n + GAP + col] = colour(truth.get(col, row));
      }
      for (int g = 0; g < GAP; g++) {
        rgb[row * width + n + g] = GAP_RGB;
      }
    }
    return rgb;
  }

  /** Pairs in rows of {@code columns}, a gap between them, as a PNG. */
  public static byte[] overview(List<int[]> pairs, int n, int columns) {
    int pairWidth = pairWidth(n);
    int perRow = Math.min(columns, pairs.size());
    int rows = (pairs.size() + perRow - 1) / perRow;
    int width = perRow * pairWidth + (perRow - 1) * GAP;
    int height = rows * n + (rows - 1) * GAP;
    int[] rgb = new int[width * height];
    Arrays.fill(rgb, GAP_RGB);
    for (int i = 0; i < pairs.size(); i++) {
      int x0 = (i % perRow) * (pairWidth + GAP);
      int y0 = (i / perRow) * (n + GAP);
      for (int row = 0; row < n; row++) {
        System.arraycopy(pairs.get(i), row * pairWidth, rgb, (y0 + row) * width + x0, pairWidth);
      }
    }
    return new PngWriter().rgb(rgb, width, height);
  }

  public static int colour(int trainId) {
    return trainId == CityscapesLabels.IGNORE_TRAIN_ID ? 0 : CityscapesLabels.byTrainId(trainId).rgb();
  }

  public static long observedCells(MapTile tile) {
    long n = 0;
    for (byte b : bytes(tile.getClassRaster())) {
      n += Byte.toUnsignedInt(b) == CityscapesLabels.IGNORE_TRAIN_ID ? 0 : 1;
    }
    return n;
  }

  public static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
