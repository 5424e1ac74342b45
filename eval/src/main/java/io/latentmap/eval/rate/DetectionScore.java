package io.latentmap.eval.rate;

import io.latentmap.operators.infer.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Detection AP@0.5 per class over many frames, VOC style as the training report computes it
 * (training/latentmap_training/metrics.py): per frame and class, detections by falling score are matched greedily
 * to the unmatched true box of highest IoU (at least {@link #IOU_THRESHOLD}); AP is the all-point interpolated
 * area under precision-recall; mAP averages the classes that have true boxes.
 */
public final class DetectionScore {
  public static final double IOU_THRESHOLD = 0.5;

  private record Scored(double score, boolean hit) {}

  private final DetectionClasses classes;
  private final List<List<Scored>> detections = new ArrayList<>();
  private final long[] truths;

  public DetectionScore(DetectionClasses classes) {
    this.classes = classes;
    for (int c = 0; c < classes.size(); c++) {
      detections.add(new ArrayList<>());
    }
    this.truths = new long[classes.size()];
  }

  /** One frame: its detections (classes by trainId; others ignored) and its true boxes. */
  public void add(List<Detection> found, List<BoxTruth.Box> truth) {
    for (int c = 0; c < classes.size(); c++) {
      final int cls = c;
      List<BoxTruth.Box> gts = truth.stream().filter(b -> b.detClass() == cls).toList();
      truths[c] += gts.size();
      boolean[] matched = new boolean[gts.size()];
      List<Detection> mine = new ArrayList<>(found.stream()
          .filter(d -> classes.indexOfTrainId(d.trainId()) == cls).toList());
      mine.sort(Comparator.comparingDouble(Detection::score).reversed());
      for (Detection d : mine) {
        int best = -1;
        double bestIou = IOU_THRESHOLD;
        for (int g = 0; g < gts.size(); g++) {
          double iou = iou(d, gts.get(g));
          if (!matched[g] && iou >= bestIou) {
            best = g;
            bestIou = iou;
          }
        }
        if (best >= 0) {
          matched[best] = true;
        }
        detections.get(c).add(new Scored(d.score(), best >= 0));
      }
    }
  }

  static double iou(Detection d, BoxTruth.Box b) {
    double ix = Math.max(0.0, Math.min(d.x1(), b.x1()) - Math.max(d.x0(), b.x0()));
    double iy = Math.max(0.0, Math.min(d.y1(), b.y1()) - Math.max(d.y0(), b.y0()));
    double inter = ix * iy;
    double union = ((double) d.x1() - d.x0()) * ((double) d.y1() - d.y0()) + (b.x1() - b.x0()) * (b.y1() - b.y0())
        - inter;
    return union > 0 ? inter / union : 0.0;
  }

  /** All-point interpolated AP of a class; NaN when it has no true boxes. */
  public double averagePrecision(int c) {
    if (truths[c] == 0) {
      return Double.NaN;
    }
    List<Scored> ranked = new ArrayList<>(detections.get(c));
    ranked.sort(Comparator.comparingDouble(Scored::score).reversed()); // stable, as Python's sorted
    int n = ranked.size();
    if (n == 0) {
      return 0.0;
    }
    double[] precision = new double[n + 2];
    double[] recall = new double[n + 2];
    double tp = 0;
    for (int i = 0; i < n; i++) {
      tp += ranked.get(i).hit() ? 1 : 0;
      precision[i + 1] = tp / (i + 1);
      recall[i + 1] = tp / truths[c];
    }
    recall[n + 1] = recall[n];
    for (int i = n; i >= 0; i--) {
      precision[i] = Math.max(precision[i], precision[i + 1]);
    }
    double ap = 0;
    for (int i = 0; i <= n; i++) {
      if (recall[i + 1] != recall[i]) {
        ap += (recall[i + 1] - recall[i]) * precision[i + 1];
      }
    }
    return ap;
  }

  public double[] perClassAp() {
    double[] ap = new double[classes.size()];
    for (int c = 0; c < ap.length; c++) {
      ap[c] = averagePrecision(c);
    }
    return ap;
  }

  /** Mean AP over the classes with true boxes; 0 when none has any. */
  public double map50() {
    double sum = 0;
    int n = 0;
    for (double ap : perClassAp()) {
      if (!Double.isNaN(ap)) {
        sum += ap;
        n++;
      }
    }
    return n == 0 ? 0.0 : sum / n;
  }
}
