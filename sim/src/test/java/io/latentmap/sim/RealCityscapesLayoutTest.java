package io.latentmap.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.map.image.PngWriter;
import io.latentmap.sim.export.CityscapesFrame;
import io.latentmap.sim.export.CityscapesPaths;
import io.latentmap.sim.export.CityscapesReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on files laid out and written exactly as the real Cityscapes download has them. */
class RealCityscapesLayoutTest {

  private static final String CAMERA = """
      {
          "extrinsic": {
              "baseline": 0.209313,
              "pitch": 0.038,
              "roll": 0.0,
              "x": 1.7,
              "y": 0.1,
              "yaw": -0.0195,
              "z": 1.22
          },
          "intrinsic": {
              "fx": 2262.52,
              "fy": 2265.3017905988554,
              "u0": 1096.98,
              "v0": 513.137
          }
      }""";
  private static final String VEHICLE = """
      {
          "gpsHeading": 11.5,
          "gpsLatitude": 50.780052,
          "gpsLongitude": 6.0831935,
          "outsideTemperature": 19.5,
          "speed": 2.97,
          "yawRate": 0.0
      }""";

  @Test
  void readsARealCityscapesFrame(@TempDir Path root) throws IOException {
    int w = 64;
    int h = 32;
    String base = "aachen_000000_000019";
    PngWriter png = new PngWriter();
    write(CityscapesPaths.image(root, "train", "aachen", base), png.rgb(new int[w * h], w, h));
    byte[] labels = new byte[w * h];
    labels[5] = 26;
    write(CityscapesPaths.labelIds(root, "train", "aachen", base), png.grey8(labels, w, h));
    int[] instances = new int[w * h];
    instances[5] = 26_003;
    write(CityscapesPaths.instanceIds(root, "train", "aachen", base), png.grey16(instances, w, h));
    write(CityscapesPaths.camera(root, "train", "aachen", base), CAMERA.getBytes(StandardCharsets.UTF_8));
    write(CityscapesPaths.vehicle(root, "train", "aachen", base), VEHICLE.getBytes(StandardCharsets.UTF_8));

    CityscapesReader reader = new CityscapesReader(root);
    var keys = reader.list("train");
    assertThat(keys).containsExactly(new CityscapesReader.FrameKey("train", "aachen", 0, 19));
    CityscapesFrame f = reader.read(keys.get(0));
    assertThat(f.labelIds()[5]).isEqualTo((byte) 26);
    assertThat(f.instanceIds()[5]).isEqualTo(26_003);
    assertThat(f.intrinsics().fx()).isEqualTo(2262.52);
    assertThat(f.intrinsics().width()).isEqualTo(w);
    assertThat(f.mount().pitch()).isEqualTo(0.038);
    assertThat(f.mount().z()).isEqualTo(1.22);
    assertThat(f.vehicle().gpsLatitude()).isEqualTo(50.780052);
    assertThat(f.vehicle().gpsHeading()).isEqualTo(11.5);
  }

  @Test
  void aTestSplitWithoutLabelsReadsWithNullLabels(@TempDir Path root) throws IOException {
    write(CityscapesPaths.image(root, "test", "berlin", "berlin_000000_000019"), new PngWriter().rgb(new int[8 * 8], 8, 8));
    CityscapesFrame f = new CityscapesReader(root).read(new CityscapesReader.FrameKey("test", "berlin", 0, 19));
    assertThat(f.labelIds()).isNull();
    assertThat(f.instanceIds()).isNull();
    assertThat(f.intrinsics()).isNull();
  }

  @Test
  void aCameraFileWithoutIntrinsicsIsRejectedClearly(@TempDir Path root) throws IOException {
    String base = "bonn_000000_000019";
    write(CityscapesPaths.image(root, "val", "bonn", base), new PngWriter().rgb(new int[8 * 8], 8, 8));
    write(CityscapesPaths.camera(root, "val", "bonn", base), "{\"extrinsic\": {}}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> new CityscapesReader(root).read(new CityscapesReader.FrameKey("val", "bonn", 0, 19)))
        .isInstanceOf(IOException.class).hasMessageContaining("fx");
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }
}
