package io.latentmap.codec.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.codec.bundle.BundleException;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.onnx.BundleNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenCasesTest {
  @TempDir Path temp;

  @Test
  void goldenCasesOfBothModelTypesReproduceBitForBit() throws Exception {
    for (EntropyModelType type : EntropyModelType.values()) {
      ModelBundle bundle = ModelBundle.load(FixtureBundles.writeWithGolden(temp, type, 5));
      assertThat(GoldenCases.present(bundle)).isTrue();
      try (BundleNetworks networks = BundleNetworks.open(bundle, 1)) {
        List<GoldenCases.Outcome> outcomes = GoldenCases.verify(bundle, networks);
        assertThat(outcomes).hasSize(1);
        GoldenCases.Outcome outcome = outcomes.get(0);
        assertThat(outcome.layerCount()).isEqualTo(2);
        assertThat(outcome.bitstreamsMatch()).as(type + " bitstreams").isTrue();
        assertThat(outcome.symbolsMatch()).as(type + " symbols").isTrue();
        assertThat(outcome.yMaxAbsError()).isZero();
      }
    }
  }

  @Test
  void aTamperedGoldenFileIsRefusedByName() throws Exception {
    ModelBundle bundle = ModelBundle.load(FixtureBundles.writeWithGolden(temp, EntropyModelType.FACTORIZED, 6));
    Path layer = bundle.directory().resolve("golden/case0/layer1.bin");
    byte[] bytes = Files.readAllBytes(layer);
    bytes[40] ^= 1;
    Files.write(layer, bytes);
    assertThatThrownBy(() -> GoldenCases.verify(bundle, null)).isInstanceOf(BundleException.class)
        .hasMessageContaining("golden/case0/layer1.bin");
  }

  @Test
  void edgeEncoderNormalisesInterleavedRgb() {
    var input = new io.latentmap.codec.bundle.BundleManifest.Input(1, 2, 3, List.of(0.5, 0.5, 0.5),
        List.of(0.25, 0.5, 1.0));
    byte[] rgb = {(byte) 255, 0, (byte) 255, 0, (byte) 255, 0};
    float[] chw = EdgeEncoder.normalize(rgb, 1, 2, input);
    // (p/255 - 0.5) / std, channel-major.
    assertThat(chw).containsExactly(2f, -2f, -1f, 1f, 0.5f, -0.5f);
  }
}
