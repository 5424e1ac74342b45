package io.latentmap.codec.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.entropy.GaussianConditional;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.stream.CodecSpec;
import io.latentmap.codec.stream.DecodedTensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edge to job through the bundle's real ONNX networks: image -> y -> z -> scales -> layers -> tensor -> head. */
class OnnxPipelineTest {
  @TempDir Path temp;

  @Test
  void hyperpriorFrameRoundTripsThroughTheOnnxHyperDecoderAndFeedsTheHead() throws Exception {
    ModelBundle bundle = FixtureBundles.load(temp, EntropyModelType.HYPERPRIOR, 11);
    CodecSpec spec = bundle.codecSpec();
    EntropyTables tables = bundle.entropyTables();
    int height = spec.maxHeight();
    int width = spec.maxWidth();
    try (BundleNetworks networks = BundleNetworks.open(bundle, 1)) {
      FloatTensor image = new FloatTensor(randomImage(new SplittableRandom(3)),
          new long[] {1, 3, FixtureBundles.INPUT_HEIGHT, FixtureBundles.INPUT_WIDTH});
      FloatTensor y = networks.edgeEncoder().run(image, "y");
      assertThat(y.shape()).containsExactly(1, spec.channels(), height, width);
      FloatTensor z = networks.network("hyper_encoder").orElseThrow().run(y, "z");
      int zHeight = spec.zHeight(height);
      int zWidth = spec.zWidth(width);
      assertThat(z.shape()).containsExactly(1, spec.zChannels(), zHeight, zWidth);

      int[] zq = new int[z.data().length];
      tables.hyperLatentZ().quantize(z.data(), spec.zChannels(), zHeight * zWidth, zq);
      float[] zHat = new float[zq.length];
      tables.hyperLatentZ().dequantize(zq, spec.zChannels(), zHeight * zWidth, zHat);
      OnnxScalePredictor scales = networks.scalePredictor();
      float[] sigma = scales.predictScales(zHat, spec.zChannels(), zHeight, zWidth, spec.channels(), height, width);
      int[] indexes = new int[sigma.length];
      tables.gaussianY().buildIndexes(sigma, 0, sigma.length, indexes, 0);
      int[] q = new int[y.data().length];
      GaussianConditional.quantize(y.data(), q.length, q);

      List<byte[]> layers = bundle.tensorEncoder().encodeHyperprior(q, indexes, zq, height, width, 2);
      DecodedTensor decoded = bundle.tensorDecoder().decode(layers, scales);

      int channels = spec.channelsOfLayers(2);
      assertThat(decoded.symbols()).containsExactly(Arrays.copyOf(q, channels * height * width));
      assertThat(decoded.zSymbols()).containsExactly(zq);
      FloatTensor logits = networks.head(2).run(
          FloatTensor.nchw(decoded.yHat(), channels, height, width), "seg_logits");
      assertThat(logits.shape()).containsExactly(1, 19, height, width);
    }
  }

  @Test
  void factorizedBundleOpensEveryNetworkAndClosesThem() throws Exception {
    ModelBundle bundle = FixtureBundles.load(temp, EntropyModelType.FACTORIZED, 12);
    BundleNetworks networks = BundleNetworks.open(bundle, 1);
    assertThat(networks.network("hyper_decoder")).isEmpty();
    assertThat(networks.head(3).name()).isEqualTo("head_l3.onnx");
    networks.close();
  }

  static float[] randomImage(SplittableRandom random) {
    float[] image = new float[3 * FixtureBundles.INPUT_HEIGHT * FixtureBundles.INPUT_WIDTH];
    for (int i = 0; i < image.length; i++) {
      image[i] = (float) random.nextGaussian();
    }
    return image;
  }
}
