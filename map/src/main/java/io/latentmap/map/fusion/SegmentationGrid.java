package io.latentmap.map.fusion;

/**
 * A coarse semantic segmentation of a whole image: one Cityscapes trainId per {@code stride x stride} block of
 * pixels, row-major, with the classifier's confidence (0..255).
 */
public record SegmentationGrid(int height, int width, byte[] trainIds, byte[] confidence) {
  public SegmentationGrid {
    if (trainIds.length != height * width || confidence.length != height * width) {
      throw new IllegalArgumentException("segmentation arrays must hold height x width values");
    }
  }
}
