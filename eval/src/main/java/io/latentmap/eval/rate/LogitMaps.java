package io.latentmap.eval.rate;

import io.latentmap.codec.onnx.FloatTensor;

/**
 * Segmentation logits on the head's coarse grid -> one class per label pixel. The training report upsamples the
 * logits to the label resolution with PyTorch's bilinear interpolation ({@code align_corners=False}) before the
 * argmax, so this does the same, in float32 and in PyTorch's order of operations, so that the Java path scores the
 * pixels the report scored; an argmax on the coarse grid would score a different prediction.
 */
public final class LogitMaps {
  private LogitMaps() {}

  /**
   * Argmax class of each output pixel of the bilinearly upsampled logits of frame {@code frame}.
   *
   * @param trainIdOfLogit Cityscapes trainId of each logit channel
   * @return row-major trainIds, {@code outHeight x outWidth}
   */
  public static byte[] argmaxUpsampled(FloatTensor logits, int frame, int outHeight, int outWidth,
      int[] trainIdOfLogit) {
    int classes = logits.dim(1);
    int height = logits.dim(2);
    int width = logits.dim(3);
    if (classes != trainIdOfLogit.length) {
      throw new IllegalArgumentException("logits have " + classes + " classes, " + trainIdOfLogit.length + " named");
    }
    Axis rows = Axis.of(height, outHeight);
    Axis cols = Axis.of(width, outWidth);
    float[] data = logits.data();
    int plane = height * width;
    int base = frame * classes * plane;
    byte[] out = new byte[outHeight * outWidth];
    for (int y = 0; y < outHeight; y++) {
      int r0 = rows.low[y] * width;
      int r1 = (rows.low[y] + rows.step[y]) * width;
      float h0 = rows.lambda0[y];
      float h1 = rows.lambda1[y];
      for (int x = 0; x < outWidth; x++) {
        int c0 = cols.low[x];
        int c1 = c0 + cols.step[x];
        float w0 = cols.lambda0[x];
        float w1 = cols.lambda1[x];
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
          int o = base + k * plane;
          float v = h0 * (w0 * data[o + r0 + c0] + w1 * data[o + r0 + c1])
              + h1 * (w0 * data[o + r1 + c0] + w1 * data[o + r1 + c1]);
          if (v > max) { // first maximum wins, as torch.argmax
            max = v;
            best = k;
          }
        }
        out[y * outWidth + x] = (byte) trainIdOfLogit[best];
      }
    }
    return out;
  }

  /** Source index, neighbour step and weights along one axis (PyTorch's area_pixel_compute_source_index). */
  private record Axis(int[] low, int[] step, float[] lambda0, float[] lambda1) {
    static Axis of(int in, int out) {
      float scale = (float) in / out;
      int[] low = new int[out];
      int[] step = new int[out];
      float[] lambda0 = new float[out];
      float[] lambda1 = new float[out];
      for (int i = 0; i < out; i++) {
        float src = Math.max(0f, scale * (i + 0.5f) - 0.5f);
        int l = (int) src;
        low[i] = l;
        step[i] = l < in - 1 ? 1 : 0;
        lambda1[i] = src - l;
        lambda0[i] = 1f - lambda1[i];
      }
      return new Axis(low, step, lambda0, lambda1);
    }
  }
}
