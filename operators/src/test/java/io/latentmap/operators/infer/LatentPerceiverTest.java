package io.latentmap.operators.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.onnx.FloatTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatentPerceiverTest {

  @Test
  void decodedPixelsAreLimitedToWhatACameraCouldHaveMadePerChannel() {
    // ImageNet-style normalisation on channel 0, identity on channel 1
    BundleManifest.Input input = new BundleManifest.Input(1, 2, 2, List.of(0.5, 0.0), List.of(0.25, 1.0));
    FloatTensor image = new FloatTensor(new float[] {-5f, 1f, -0.5f, 7f}, new long[] {1, 2, 1, 2});

    LatentPerceiver.clampToPixelRange(image, input);

    // channel 0: (0 - 0.5) / 0.25 = -2 .. (1 - 0.5) / 0.25 = 2; channel 1: 0 .. 1
    assertThat(image.data()).containsExactly(-2f, 1f, 0f, 1f);
  }
}
