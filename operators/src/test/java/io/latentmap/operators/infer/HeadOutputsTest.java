package io.latentmap.operators.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.codec.onnx.FloatTensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadOutputsTest {
  @Test
  void theFastExponentialIsWithinTwoTenThousandthsOfMathExpOverTheWholeNonPositiveRange() {
    double worst = 0;
    for (float x = -86.99f; x <= 0f; x += 0.0013f) {
      double exact = Math.exp(x);
      worst = Math.max(worst, Math.abs(HeadOutputs.expOfNonPositive(x) - exact) / exact);
    }
    assertThat(worst).isLessThan(2e-4).isGreaterThan(0);
    assertThat(HeadOutputs.expOfNonPositive(0f)).isEqualTo(1f);
    assertThat(HeadOutputs.expOfNonPositive(-87f)).isZero();
    assertThat(HeadOutputs.expOfNonPositive(-1000f)).isZero();
    assertThat(HeadOutputs.expOfNonPositive(Float.NaN)).isZero();
  }

  @Test
  void segmentationTakesTheArgmaxAndTheSoftmaxOfItAsAByteOfConfidence() {
    int classes = 19;
    int plane = 4 * 8;
    Random random = new Random(5);
    float[] logits = new float[2 * classes * plane];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (random.nextGaussian() * 4);
    }
    int[] trainIds = new int[classes];
    for (int k = 0; k < classes; k++) {
      trainIds[k] = k;
    }
    HeadOutputs.Segmentation seg =
        HeadOutputs.segmentation(new FloatTensor(logits, new long[] {2, classes, 4, 8}), 1, trainIds);

    int base = classes * plane;
    for (int p = 0; p < plane; p++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (logits[base + k * plane + p] > logits[base + best * plane + p]) {
          best = k;
        }
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        sum += Math.exp(logits[base + k * plane + p] - logits[base + best * plane + p]);
      }
      assertThat(Byte.toUnsignedInt(seg.trainIds()[p])).isEqualTo(best);
      assertThat((double) Byte.toUnsignedInt(seg.confidence()[p])).isCloseTo(255 / sum,
          org.assertj.core.data.Offset.offset(0.51));
    }
  }
}
