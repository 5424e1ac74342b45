package io.latentmap.operators.infer;

import io.latentmap.codec.onnx.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Turns the raw output tensors of a task head into per-frame results. Pure functions over NCHW float tensors. */
public final class HeadOutputs {
  private HeadOutputs() {}

  /** Argmax class and its softmax probability per cell of one frame of a segmentation logits tensor. */
  public record Segmentation(int height, int width, byte[] trainIds, byte[] confidence) {}

  /**
   * @param trainIdOfLogit Cityscapes trainId of each logit channel (the bundle's segmentation class list)
   */
  public static Segmentation segmentation(FloatTensor logits, int frame, int[] trainIdOfLogit) {
    int classes = logits.dim(1);
    int height = logits.dim(2);
    int width = logits.dim(3);
    if (classes != trainIdOfLogit.length) {
      throw new IllegalArgumentException("head has " + classes + " logits, bundle lists " + trainIdOfLogit.length);
    }
    int plane = height * width;
    float[] data = logits.data();
    int base = frame * classes * plane;
    // Class-major passes over contiguous cells (the tensor is NCHW): the JIT vectorises them, which a cell-major
    // loop striding across 19 planes defeats.
    float[] max = Arrays.copyOfRange(data, base, base + plane);
    int[] best = new int[plane];
    for (int k = 1; k < classes; k++) {
      int from = base + k * plane;
      for (int p = 0; p < plane; p++) {
        float v = data[from + p];
        if (v > max[p]) {
          max[p] = v;
          best[p] = k;
        }
      }
    }
    float[] sum = new float[plane];
    for (int k = 0; k < classes; k++) {
      int from = base + k * plane;
      for (int p = 0; p < plane; p++) {
        sum[p] += expOfNonPositive(data[from + p] - max[p]);
      }
    }
    byte[] ids = new byte[plane];
    byte[] confidence = new byte[plane];
    for (int p = 0; p < plane; p++) {
      ids[p] = (byte) trainIdOfLogit[best[p]];
      confidence[p] = (byte) Math.round(255 / sum[p]);
    }
    return new Segmentation(height, width, ids, confidence);
  }

  /**
   * e^x for x <= 0, within 2e-4 relative error. The softmax only feeds a byte of confidence (steps of 1/255), and
   * with Math.exp it was the costliest step after the networks (19 classes x every cell of every frame).
   */
  static float expOfNonPositive(float x) {
    if (!(x > MIN_EXP_ARGUMENT)) {
      return 0f; // below float's normal range, and NaN
    }
    float t = x * LOG2_E;
    int whole = (int) t;
    if (whole > t) {
      whole--; // floor for negative t
    }
    float f = t - whole;
    // 2^f on [0, 1) by its Taylor series to the 5th power: relative error < 1.5e-4.
    float twoToF = 1f + f * (0.6931472f + f * (0.2402265f + f * (0.05550411f + f * (0.009618129f + f * 0.0013333558f))));
    return Float.intBitsToFloat((whole + 127) << 23) * twoToF;
  }

  private static final float LOG2_E = 1.4426950f;
  /** 2^-126 is the smallest normal float: ln(2^-126) = -87.3. */
  private static final float MIN_EXP_ARGUMENT = -87f;

  /**
   * Detections of one frame from a CenterNet output (format {@code centernet-v1}: per-class centre heatmaps after
   * sigmoid, then box width and height in grid cells, then the sub-cell centre offset x, y). A peak is a heatmap
   * value not exceeded by its 8 neighbours (CenterNet's 3x3 max-pool suppression).
   *
   * @param trainIdOfClass Cityscapes trainId of each heatmap channel
   * @param stride input pixels per grid cell
   */
  public static List<Detection> centerNet(FloatTensor maps, int frame, int[] trainIdOfClass, double stride,
      float threshold, int maxDetections) {
    int k = trainIdOfClass.length;
    int channels = maps.dim(1);
    if (channels != k + 4) {
      throw new IllegalArgumentException("centernet-v1 output has " + channels + " channels, expected " + (k + 4));
    }
    int height = maps.dim(2);
    int width = maps.dim(3);
    int plane = height * width;
    float[] data = maps.data();
    int base = frame * channels * plane;
    List<Detection> found = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      int heat = base + c * plane;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          float score = data[heat + y * width + x];
          if (score < threshold || !isPeak(data, heat, width, height, x, y, score)) {
            continue;
          }
          int cell = y * width + x;
          double boxWidth = data[base + k * plane + cell] * stride;
          double boxHeight = data[base + (k + 1) * plane + cell] * stride;
          double cx = (x + data[base + (k + 2) * plane + cell]) * stride;
          double cy = (y + data[base + (k + 3) * plane + cell]) * stride;
          found.add(new Detection(trainIdOfClass[c], score, (float) (cx - boxWidth / 2), (float) (cy - boxHeight / 2),
              (float) (cx + boxWidth / 2), (float) (cy + boxHeight / 2)));
        }
      }
    }
    found.sort(Comparator.comparingDouble(Detection::score).reversed());
    return found.size() > maxDetections ? List.copyOf(found.subList(0, maxDetections)) : found;
  }

  private static boolean isPeak(float[] data, int heat, int width, int height, int x, int y, float score) {
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        int nx = x + dx;
        int ny = y + dy;
        if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < width && ny < height
            && data[heat + ny * width + nx] > score) {
          return false;
        }
      }
    }
    return true;
  }
}
