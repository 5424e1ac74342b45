package io.latentmap.eval.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentmap.map.image.PngWriter;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.export.CityscapesPaths;
import io.latentmap.sim.export.CityscapesReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The labelIds writer round trips through the independent evaluator on hand-made frames with known IoUs. */
class CityscapesResultsTest {
  static final int W = 4;
  static final int H = 2;

  @Test
  void writtenPredictionsScoreInTheEvaluatorAsInJava(@TempDir Path temp) throws Exception {
    Path gt = temp.resolve("gt");
    Path results = temp.resolve("results");
    // frame 0: road road sidewalk sky / unlabeled(0, ignored) building building car
    byte[] truth0 = {7, 7, 8, 23, 0, 11, 11, 26};
    byte[] pred0 = {0, 1, 1, 10, 10, 2, 13, 13}; // trainIds: road sidewalk sidewalk sky sky building car car
    // frame 1: all road; predicted road and one person (absent from every truth: IoU 0 for cityscapesScripts)
    byte[] truth1 = {7, 7, 7, 7, 7, 7, 7, 7};
    byte[] pred1 = {0, 0, 0, 0, 0, 0, 0, 11};
    SegmentationScore java = new SegmentationScore();
    byte[] toTrain = CityscapesLabels.labelIdToTrainIdTable();
    byte[][] truths = {truth0, truth1};
    byte[][] preds = {pred0, pred1};
    for (int i = 0; i < 2; i++) {
      CityscapesReader.FrameKey key = new CityscapesReader.FrameKey("val", "testcity", 0, i);
      Path file = CityscapesPaths.labelIds(gt, "val", "testcity", key.baseName());
      Files.createDirectories(file.getParent());
      Files.write(file, new PngWriter().grey8(truths[i], W, H));
      CityscapesResults.write(results, key, preds[i], W, H);
      byte[] trainTruth = new byte[truths[i].length];
      for (int p = 0; p < trainTruth.length; p++) {
        trainTruth[p] = toTrain[truths[i][p] & 0xFF];
      }
      java.add(preds[i], trainTruth);
    }

    JsonNode scored = CityscapesEvaluator.score(gt, results, temp.resolve("scores.json"));

    // road: tp 8, fn 2 (one road pixel called sidewalk, one person) -> 0.8; sidewalk: tp 1, fp 1 -> 0.5; building 0.5; car 0.5;
    // sky: the sky pixel right, the prediction on the ignored pixel is no false positive -> 1; person 0
    assertThat(scored.path("classScores").path("road").asDouble()).isEqualTo(0.8, within(1e-12));
    assertThat(scored.path("classScores").path("sky").asDouble()).isEqualTo(1.0, within(1e-12));
    assertThat(scored.path("classScores").path("person").asDouble()).isZero();
    assertThat(scored.path("averageScoreClasses").asDouble())
        .isEqualTo((0.8 + 0.5 + 1.0 + 0.5 + 0.5 + 0.0) / 6, within(1e-12))
        .isEqualTo(java.miouCityscapes(), within(1e-12));
    // the training report's average leaves out the person class, absent from the truth
    assertThat(java.miou()).isEqualTo((0.8 + 0.5 + 1.0 + 0.5 + 0.5) / 5, within(1e-12));
    double[] iou = java.perClassIou();
    assertThat(iou[0]).isEqualTo(scored.path("classScores").path("road").asDouble(), within(1e-12));
  }
}
