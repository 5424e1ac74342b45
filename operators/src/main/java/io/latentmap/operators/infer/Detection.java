package io.latentmap.operators.infer;

/**
 * One detected object in the image.
 *
 * @param trainId Cityscapes trainId of the detected class (from the bundle's detection class list)
 * @param score the detector's centre probability, 0..1
 * @param x0 left edge, input-image pixels (likewise y0 top, x1 right, y1 bottom)
 */
public record Detection(int trainId, float score, float x0, float y0, float x1, float y1) {
  /** Bottom centre: where an upright object meets the ground. */
  public float footU() {
    return (x0 + x1) / 2;
  }

  public float footV() {
    return y1;
  }
}
