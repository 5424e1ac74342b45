package io.latentmap.codec.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.edge.EdgeEncoder;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.stream.ChannelRange;
import io.latentmap.codec.stream.DecodedTensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskHeadsTest {
  @TempDir Path temp;

  @Test
  void aBatchOfDecodedFramesGivesTheSameLogitsAsEachFrameAlone() throws Exception {
    ModelBundle bundle = FixtureBundles.load(temp, EntropyModelType.HYPERPRIOR, 21);
    try (BundleNetworks networks = BundleNetworks.open(bundle, 1)) {
      EdgeEncoder edge = new EdgeEncoder(bundle, networks);
      DecodedTensor a = bundle.tensorDecoder().decode(edge.encode(FixtureBundles.randomImage(1), 2).layers(),
          networks.scalePredictor());
      DecodedTensor b = bundle.tensorDecoder().decode(edge.encode(FixtureBundles.randomImage(2), 2).layers(),
          networks.scalePredictor());

      FloatTensor batch = TaskHeads.run(networks, List.of(a, b)).get("segmentation");
      FloatTensor alone = TaskHeads.run(networks, List.of(b)).get("segmentation");

      assertThat(batch.shape()).containsExactly(2, 19, FixtureBundles.HEIGHT, FixtureBundles.WIDTH);
      float[] second = Arrays.copyOfRange(batch.data(), alone.data().length, batch.data().length);
      assertThat(second).containsExactly(alone.data());
    }
  }

  @Test
  void aHeadForSeveralLayerCountsGetsZeroPaddedChannels() {
    BundleManifest manifest = manifestWithOneHeadFor(1, 3);
    float[] yHat = {1, 2, 3, 4};
    DecodedTensor oneLayer = DecodedTensor.ofLatent(1, 2, 1, 2, yHat);

    FloatTensor input = TaskHeads.input(manifest, List.of(oneLayer));

    assertThat(input.shape()).containsExactly(1, 6, 1, 2);
    assertThat(input.data()).containsExactly(1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0);
    DecodedTensor other = DecodedTensor.ofLatent(2, 4, 1, 2, new float[8]);
    assertThatThrownBy(() -> TaskHeads.input(manifest, List.of(oneLayer, other)))
        .hasMessageContaining("one layer count");
  }

  static BundleManifest manifestWithOneHeadFor(int min, int max) {
    return new BundleManifest("m", BundleManifest.Kind.LATENT, "", new BundleManifest.Input(8, 16, 3,
        List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)), new BundleManifest.Tensor(6, 8, 1, 2),
        List.of(new ChannelRange(0, 2), new ChannelRange(2, 4), new ChannelRange(4, 6)),
        new BundleManifest.EntropyModel(EntropyModelType.FACTORIZED, 16, 2, "t", 0, 0), Map.of(),
        List.of(new BundleManifest.Head(min, max, "h.onnx", Map.of("segmentation", "seg"), "")), List.of(), List.of(),
        List.of(), new BundleManifest.Metrics(List.of(), List.of(), Map.of()));
  }
}
