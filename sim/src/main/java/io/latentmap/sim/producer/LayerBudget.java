package io.latentmap.sim.producer;

import java.util.List;

/**
 * How many scalable layers fit a link at one moment: the frame's share of the link is its bandwidth divided by
 * the frame rate, and the longest prefix of layers (layer 0 first, since higher layers are useless without the
 * lower ones) whose total size fits that share is sent.
 */
public final class LayerBudget {

  private static final double BITS_PER_BYTE = 8.0;

  private LayerBudget() {}

  /** Bytes one frame may use on a link of {@code bitsPerSecond} shared by {@code frameRateHz} frames a second. */
  public static double bytesPerFrame(double bitsPerSecond, double frameRateHz) {
    if (!(frameRateHz > 0) || !Double.isFinite(frameRateHz)) {
      throw new IllegalArgumentException("frame rate must be positive: " + frameRateHz);
    }
    if (!(bitsPerSecond >= 0)) {
      throw new IllegalArgumentException("bandwidth must be >= 0: " + bitsPerSecond);
    }
    return bitsPerSecond / frameRateHz / BITS_PER_BYTE;
  }

  /**
   * The number of leading layers whose sizes add up to at most {@code budgetBytes}; 0 when not even layer 0 fits
   * (the frame is not sent).
   */
  public static int layersThatFit(List<byte[]> layers, double budgetBytes) {
    long total = 0;
    int count = 0;
    for (byte[] layer : layers) {
      total += layer.length;
      if (total > budgetBytes) {
        break;
      }
      count++;
    }
    return count;
  }
}
