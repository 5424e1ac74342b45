package io.latentmap.eval.rate;

import io.latentmap.map.labels.CityscapesLabels;

/**
 * Confusion matrix of semantic segmentation over every evaluated pixel of every frame (Cityscapes trainIds, the
 * ignore id left out), and the IoU figures read from it. Two averages, because the two references differ:
 * {@link #miou()} averages the classes present in the ground truth (the training report's convention), and
 * {@link #miouCityscapes()} averages every class with a non-empty union, as cityscapesScripts'
 * evalPixelLevelSemanticLabeling does (a class predicted but absent from the truth counts there with IoU 0).
 */
public final class SegmentationScore {
  private final int classes;
  /** {@code confusion[truth * classes + predicted]} pixel counts. */
  private final long[] confusion;

  public SegmentationScore() {
    this(CityscapesLabels.NUM_TRAIN_CLASSES);
  }

  public SegmentationScore(int classes) {
    this.classes = classes;
    this.confusion = new long[classes * classes];
  }

  /**
   * Adds one frame: predicted and true trainIds per pixel, same length; truth pixels outside 0..classes-1 (the
   * ignore id 255) are not evaluated. A prediction outside the classes is a caller bug.
   */
  public void add(byte[] predicted, byte[] truth) {
    if (predicted.length != truth.length) {
      throw new IllegalArgumentException(predicted.length + " predicted pixels for " + truth.length + " labelled");
    }
    for (int i = 0; i < truth.length; i++) {
      int t = truth[i] & 0xFF;
      if (t >= classes) {
        continue;
      }
      int p = predicted[i] & 0xFF;
      if (p >= classes) {
        throw new IllegalArgumentException("prediction " + p + " at pixel " + i + " is not a trainId");
      }
      confusion[t * classes + p]++;
    }
  }

  public void addAll(SegmentationScore other) {
    if (other.classes != classes) {
      throw new IllegalArgumentException("class counts differ");
    }
    for (int i = 0; i < confusion.length; i++) {
      confusion[i] += other.confusion[i];
    }
  }

  public long count(int truth, int predicted) {
    return confusion[truth * classes + predicted];
  }

  public long pixels() {
    long sum = 0;
    for (long c : confusion) {
      sum += c;
    }
    return sum;
  }

  public int classes() {
    return classes;
  }

  /** IoU per trainId; NaN where truth and prediction are both empty. */
  public double[] perClassIou() {
    double[] iou = new double[classes];
    for (int c = 0; c < classes; c++) {
      long tp = count(c, c);
      long union = truthPixels(c) + predictedPixels(c) - tp;
      iou[c] = union > 0 ? (double) tp / union : Double.NaN;
    }
    return iou;
  }

  /** Mean IoU over the classes present in the ground truth (the training report's definition). */
  public double miou() {
    double[] iou = perClassIou();
    double sum = 0;
    int n = 0;
    for (int c = 0; c < classes; c++) {
      if (truthPixels(c) > 0) {
        sum += iou[c];
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalStateException("no labelled pixels evaluated");
    }
    return sum / n;
  }

  /** Mean IoU over the classes whose union is non-empty (cityscapesScripts' class average). */
  public double miouCityscapes() {
    double sum = 0;
    int n = 0;
    for (double v : perClassIou()) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalStateException("no labelled pixels evaluated");
    }
    return sum / n;
  }

  private long truthPixels(int c) {
    long sum = 0;
    for (int p = 0; p < classes; p++) {
      sum += count(c, p);
    }
    return sum;
  }

  private long predictedPixels(int c) {
    long sum = 0;
    for (int t = 0; t < classes; t++) {
      sum += count(t, c);
    }
    return sum;
  }
}
