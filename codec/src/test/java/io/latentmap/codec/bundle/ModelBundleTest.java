package io.latentmap.codec.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  @TempDir Path temp;

  @Test
  void fixtureBundlesOfBothTypesLoadWithTypedAccessors() throws Exception {
    for (EntropyModelType type : EntropyModelType.values()) {
      ModelBundle bundle = ModelBundle.load(FixtureBundles.write(temp, type, 7));
      BundleManifest manifest = bundle.manifest();
      assertThat(manifest.entropyModel().type()).isEqualTo(type);
      assertThat(manifest.tensor().channels()).isEqualTo(FixtureBundles.CHANNELS);
      assertThat(manifest.layers()).hasSize(FixtureBundles.LAYERS);
      assertThat(manifest.headFor(2).path()).isEqualTo("head_l2.onnx");
      assertThat(manifest.segmentationClasses()).hasSize(19);
      assertThat(bundle.codecSpec().maxHeight()).isEqualTo(FixtureBundles.HEIGHT);
      assertThat(bundle.bundleSha256Hex()).isEqualTo(
          HexFormat.of().formatHex(BundleFiles.sha256(Files.readAllBytes(bundle.directory().resolve("manifest.json")))));
      assertThat(bundle.codecSpec().bundleHashPrefix()).containsExactly(java.util.Arrays.copyOf(bundle.bundleSha256(), 8));
    }
  }

  @Test
  void aFileThatDoesNotMatchItsHashIsRefusedByName() throws Exception {
    Path dir = FixtureBundles.write(temp, EntropyModelType.HYPERPRIOR, 1);
    byte[] model = Files.readAllBytes(dir.resolve("hyper_decoder.onnx"));
    model[model.length / 2] ^= 1;
    Files.write(dir.resolve("hyper_decoder.onnx"), model);
    assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class)
        .hasMessageContaining("hyper_decoder.onnx").hasMessageContaining("SHA-256").hasMessageContaining("refused");
  }

  @Test
  void aTruncatedOrMissingFileIsRefusedByName() throws Exception {
    Path dir = FixtureBundles.write(temp, EntropyModelType.FACTORIZED, 2);
    Files.write(dir.resolve(FixtureBundles.TABLES_FILE), new byte[] {1}, StandardOpenOption.APPEND);
    assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining(FixtureBundles.TABLES_FILE)
        .hasMessageContaining("bytes");
    Files.delete(dir.resolve("head_l3.onnx"));
    assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("head_l3.onnx");
  }

  @Test
  void manifestProblemsNameTheKey() throws Exception {
    Path dir = FixtureBundles.write(temp, EntropyModelType.HYPERPRIOR, 3);
    ObjectMapper json = new ObjectMapper();
    Path manifest = dir.resolve("manifest.json");
    ObjectNode root = (ObjectNode) json.readTree(manifest.toFile());

    ObjectNode noZ = root.deepCopy();
    ((ObjectNode) noZ.get("entropy_model")).remove("z");
    json.writeValue(manifest.toFile(), noZ);
    assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("\"z\" is missing");

    ObjectNode escaping = root.deepCopy();
    ((ObjectNode) escaping.withArray("files").get(0)).put("path", "../outside.onnx");
    json.writeValue(manifest.toFile(), escaping);
    assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("not a plain relative path");

    ObjectNode gap = root.deepCopy();
    ((ObjectNode) gap.withArray("layers").get(1)).putArray("channels").add(65).add(128);
    json.writeValue(manifest.toFile(), gap);
    assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("layers[1].channels");

    ObjectNode unlisted = root.deepCopy();
    unlisted.withArray("files").remove(0);
    json.writeValue(manifest.toFile(), unlisted);
    assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("referenced but not listed");
  }

  @Test
  void aBundleWhoseFolderIsNotItsIdIsRefused() throws Exception {
    Path dir = FixtureBundles.write(temp, EntropyModelType.FACTORIZED, 8);
    Path renamed = Files.move(dir, temp.resolve("renamed"));
    assertThatThrownBy(() -> ModelBundle.load(renamed)).isInstanceOf(BundleException.class)
        .hasMessageContaining("does not match the bundle folder renamed");
  }

  @Test
  void readVerifiedRefusesAFileChangedAfterLoading() throws Exception {
    ModelBundle bundle = ModelBundle.load(FixtureBundles.write(temp, EntropyModelType.FACTORIZED, 4));
    assertThat(bundle.readVerified("edge_encoder.onnx")).isNotEmpty();
    Files.write(bundle.directory().resolve("edge_encoder.onnx"), new byte[3790]);
    assertThatThrownBy(() -> bundle.readVerified("edge_encoder.onnx")).hasMessageContaining("changed since");
    assertThatThrownBy(() -> bundle.readVerified("not-listed.onnx")).hasMessageContaining("does not list");
  }
}
