package io.latentmap.sim.export;

/**
 * Resampling of Cityscapes-layout images to a bundle's input size by an integer factor: pixels averaged over
 * blocks (the resampling for which {@code CameraIntrinsics.scaled} gives the exact intrinsics), label images by
 * nearest neighbour (a label must stay a label).
 */
public final class Resample {
  private Resample() {}

  /** Averages {@code factor x factor} blocks of 0xRRGGBB pixels, rounding half up. */
  public static int[] boxDownscale(int[] rgb, int width, int height, int factor) {
    int outWidth = width / factor;
    int outHeight = height / factor;
    int area = factor * factor;
    int[] out = new int[outWidth * outHeight];
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int dy = 0; dy < factor; dy++) {
          int row = (y * factor + dy) * width + x * factor;
          for (int dx = 0; dx < factor; dx++) {
            int p = rgb[row + dx];
            r += (p >>> 16) & 0xFF;
            g += (p >>> 8) & 0xFF;
            b += p & 0xFF;
          }
        }
        out[y * outWidth + x] = ((r + area / 2) / area) << 16 | ((g + area / 2) / area) << 8 | (b + area / 2) / area;
      }
    }
    return out;
  }

  /** Nearest neighbour as PIL's {@code Image.NEAREST} picks it: source index floor((i + 0.5) * in / out). */
  public static int[] nearest(int[] in, int width, int height, int outWidth, int outHeight) {
    int[] out = new int[outWidth * outHeight];
    for (int y = 0; y < outHeight; y++) {
      int sy = (int) ((y + 0.5) * height / outHeight);
      for (int x = 0; x < outWidth; x++) {
        out[y * outWidth + x] = in[sy * width + (int) ((x + 0.5) * width / outWidth)];
      }
    }
    return out;
  }
}
