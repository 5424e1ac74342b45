package io.latentmap.eval.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.codec.onnx.FloatTensor;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.operators.infer.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric code on hand-made inputs whose answers are worked out by hand (or by PyTorch, where noted). */
class MetricsTest {
  private static final byte IGNORE = (byte) CityscapesLabels.IGNORE_TRAIN_ID;

  @Test
  void iouPerClassAndBothAveragesFromTheConfusionMatrix() {
    SegmentationScore score = new SegmentationScore();
    // truth: road x4, sidewalk x2, ignored x2; prediction: road on 3 road pixels, car on one road pixel and one
    // sidewalk pixel, sidewalk once; the ignored pixels' predictions must not count.
    byte[] truth = {0, 0, 0, 0, 1, 1, IGNORE, IGNORE};
    byte[] predicted = {0, 0, 0, 13, 13, 1, 13, 0};

    score.add(predicted, truth);

    double[] iou = score.perClassIou();
    assertThat(iou[0]).isEqualTo(3.0 / 4.0); // tp 3, fn 1, fp 0
    assertThat(iou[1]).isEqualTo(1.0 / 2.0); // tp 1, fn 1
    assertThat(iou[13]).isZero(); // predicted twice, never true
    assertThat(iou[2]).isNaN();
    assertThat(score.pixels()).isEqualTo(6);
    // training report: classes present in the truth (road, sidewalk); cityscapesScripts: non-empty union (+ car)
    assertThat(score.miou()).isEqualTo((0.75 + 0.5) / 2);
    assertThat(score.miouCityscapes()).isEqualTo((0.75 + 0.5 + 0.0) / 3);
  }

  @Test
  void logitsAreUpsampledLikePyTorchBilinearWithoutAlignedCorners() {
    // class 0 carries the grid values, class 1 a constant 1.1: class 0 wins where PyTorch's
    // F.interpolate((2,3) -> (5,7), bilinear, align_corners=False) exceeds 1.1 (values computed with torch 1.13).
    float[] grid = {0, 1, 5, 2, 3, -1};
    float[] data = new float[2 * 6];
    System.arraycopy(grid, 0, data, 0, 6);
    java.util.Arrays.fill(data, 6, 12, 1.1f);
    FloatTensor logits = new FloatTensor(data, new long[] {1, 2, 2, 3});

    byte[] classes = LogitMaps.argmaxUpsampled(logits, 0, 5, 7, new int[] {0, 13});

    String[] expected = {
        "1111000",
        "1110000",
        "1000000",
        "0000011",
        "0000011"};
    for (int y = 0; y < 5; y++) {
      StringBuilder row = new StringBuilder();
      for (int x = 0; x < 7; x++) {
        row.append(classes[y * 7 + x] == 13 ? '1' : '0');
      }
      assertThat(row.toString()).as("row " + y).isEqualTo(expected[y]);
    }
  }

  @Test
  void halfPixelCentresNotCornerAlignment() {
    // (2,2) -> (4,4): PyTorch gives 0.5 at (1,0); aligned corners would give 0.667, so 0.6 tells them apart.
    float[] data = {0, 1, 2, 3, 0.6f, 0.6f, 0.6f, 0.6f};
    byte[] classes = LogitMaps.argmaxUpsampled(new FloatTensor(data, new long[] {1, 2, 2, 2}), 0, 4, 4,
        new int[] {0, 1});
    assertThat(new byte[] {classes[4], classes[5], classes[6], classes[7]}).containsExactly(1, 0, 0, 0);
  }

  @Test
  void averagePrecisionIsAllPointInterpolatedWithGreedyMatching() {
    DetectionClasses classes = new DetectionClasses(List.of(
        new DetectionClasses.DetectionClass("car", 13, List.of(26)),
        new DetectionClasses.DetectionClass("pole", 5, List.of(17))));
    DetectionScore score = new DetectionScore(classes);
    List<BoxTruth.Box> truth = List.of(new BoxTruth.Box(0, 0, 0, 10, 10), new BoxTruth.Box(0, 20, 0, 30, 10));
    // 0.9 hits the first car, 0.8 is a duplicate of it (a false positive), 0.7 hits the second; 0.95 is a pole
    // detection in a frame without poles: that class has no truth and stays out of the mean.
    score.add(List.of(
        new Detection(13, 0.9f, 0, 0, 10, 10),
        new Detection(13, 0.8f, 1, 0, 10, 10),
        new Detection(13, 0.7f, 20, 1, 30, 10),
        new Detection(5, 0.95f, 40, 0, 42, 10)), truth);

    // precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1 -> AP = 1/2 * 1 + 1/2 * 2/3
    assertThat(score.averagePrecision(0)).isCloseTo(0.5 + 1.0 / 3.0, within(1e-12));
    assertThat(score.averagePrecision(1)).isNaN();
    assertThat(score.map50()).isCloseTo(0.5 + 1.0 / 3.0, within(1e-12));
  }

  @Test
  void aBoxBelowHalfOverlapIsAMiss() {
    DetectionClasses classes = new DetectionClasses(List.of(new DetectionClasses.DetectionClass("car", 13, List.of(26))));
    DetectionScore score = new DetectionScore(classes);
    // IoU = 50 / 150 = 1/3
    score.add(List.of(new Detection(13, 0.9f, 5, 0, 15, 10)), List.of(new BoxTruth.Box(0, 0, 0, 10, 10)));
    assertThat(score.map50()).isZero();
  }

  @Test
  void truthBoxesFromComponentsAndInstances() {
    DetectionClasses classes = new DetectionClasses(List.of(
        new DetectionClasses.DetectionClass("pole", 5, List.of(CityscapesLabels.POLE)),
        new DetectionClasses.DetectionClass("person", 11, List.of(CityscapesLabels.PERSON, CityscapesLabels.RIDER))));
    int w = 6;
    int h = 4;
    byte[] labels = new byte[w * h];
    int[] instances = new int[w * h];
    // two poles touching only diagonally are two components; a 1-pixel-wide pole is below the minimum side
    int[][] poles = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2}, {2, 3}, {3, 2}, {3, 3}, {5, 0}, {5, 1}, {5, 2}};
    for (int[] p : poles) {
      labels[p[1] * w + p[0]] = CityscapesLabels.POLE;
    }
    // a rider instance (label 25) split in two pieces is still one box
    for (int x : new int[] {4, 5}) {
      labels[3 * w + x] = CityscapesLabels.RIDER;
      instances[3 * w + x] = CityscapesLabels.RIDER * CityscapesLabels.INSTANCE_ID_FACTOR + 1;
    }
    labels[2 * w + 4] = CityscapesLabels.RIDER;
    instances[2 * w + 4] = CityscapesLabels.RIDER * CityscapesLabels.INSTANCE_ID_FACTOR + 1;

    List<BoxTruth.Box> boxes = BoxTruth.boxes(classes, labels, instances, w, h);

    assertThat(boxes).containsExactly(
        new BoxTruth.Box(0, 0, 0, 2, 2),
        new BoxTruth.Box(0, 2, 2, 4, 4),
        new BoxTruth.Box(1, 4, 2, 6, 4));
  }

  @Test
  void jpegAtHigherQualityCostsMoreBitsAndErrsLess() throws Exception {
    int w = 64;
    int h = 32;
    int[] rgb = new int[w * h];
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int i = 0; i < rgb.length; i++) {
      int v = (i % w) * 4 + random.nextInt(16);
      rgb[i] = v << 16 | (255 - v) << 8 | (i / w) * 8;
    }
    JpegRoundTrip.Result low = JpegRoundTrip.roundTrip(rgb, w, h, 5);
    JpegRoundTrip.Result high = JpegRoundTrip.roundTrip(rgb, w, h, 90);

    assertThat(high.bits()).isGreaterThan(low.bits());
    assertThat(error(rgb, high.rgb())).isLessThan(error(rgb, low.rgb()));
    assertThat(high.rgb()).hasSameSizeAs(rgb);
  }

  @Test
  void jpegMatchInterpolatesTheLadder() {
    List<RateAccuracy.Row> ladder = List.of(row(0.1, 0.10), row(0.2, 0.20), row(0.4, 0.30));
    RateAccuracyReport.JpegMatch match = RateAccuracyReport.jpegBitsFor(ladder, 0.25);
    assertThat(match.reached()).isTrue();
    assertThat(match.bpp()).isCloseTo(0.3, within(1e-12));
    RateAccuracyReport.JpegMatch never = RateAccuracyReport.jpegBitsFor(ladder, 0.5);
    assertThat(never.reached()).isFalse();
    assertThat(never.bpp()).isEqualTo(0.4);
  }

  private static RateAccuracy.Row row(double bpp, double miou) {
    return new RateAccuracy.Row("b", RateAccuracy.Method.JPEG, 1, 1, bpp, miou, miou, Double.NaN, new double[19],
        new double[0]);
  }

  private static double error(int[] a, int[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int shift = 0; shift <= 16; shift += 8) {
        sum += Math.abs(((a[i] >> shift) & 0xFF) - ((b[i] >> shift) & 0xFF));
      }
    }
    return sum;
  }
}
