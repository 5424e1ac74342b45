package io.latentmap.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.export.CityscapesExporter;
import io.latentmap.sim.export.CityscapesFrame;
import io.latentmap.sim.export.CityscapesReader;
import io.latentmap.sim.export.FramePlan;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.RenderedFrame;
import io.latentmap.sim.world.City;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {

  private static final City CITY = TestWorld.CITY;
  private static final int FRAMES = 4;

  @Test
  void sameSeedGivesByteIdenticalExportsForAnyThreadCount(@TempDir Path dir) throws IOException {
    CityscapesExporter exporter = new CityscapesExporter(CITY, 8, FramePlan.DEFAULT_TICK_STRIDE);
    exporter.export(dir.resolve("a"), new CityscapesExporter.Options(FRAMES, "train", 1, 8, 25), n -> { });
    exporter.export(dir.resolve("b"), new CityscapesExporter.Options(FRAMES, "train", 2, 8, 25), n -> { });
    CityscapesExporter fresh = new CityscapesExporter(TestWorld.CITY, 8, FramePlan.DEFAULT_TICK_STRIDE);
    fresh.export(dir.resolve("c"), new CityscapesExporter.Options(FRAMES, "train", 1, 8, 25), n -> { });
    List<Path> files = files(dir.resolve("a"));
    assertThat(files).hasSize(FRAMES * 6);
    for (Path f : files) {
      byte[] a = Files.readAllBytes(dir.resolve("a").resolve(f));
      assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f.toString()).isEqualTo(a);
      assertThat(Files.readAllBytes(dir.resolve("c").resolve(f))).as(f.toString()).isEqualTo(a);
    }
    assertThat(files(dir.resolve("b"))).isEqualTo(files);
  }

  @Test
  void theReaderReadsTheExportBackAsCityscapes(@TempDir Path dir) throws IOException {
    CityscapesExporter exporter = new CityscapesExporter(CITY, 8, FramePlan.DEFAULT_TICK_STRIDE);
    exporter.export(dir, new CityscapesExporter.Options(2, "val", 1, 8, 25), n -> { });
    assertThat(dir.resolve("leftImg8bit/val/" + CITY.name())).isDirectory();
    CityscapesReader reader = new CityscapesReader(dir);
    List<CityscapesReader.FrameKey> keys = reader.list("val");
    assertThat(keys).hasSize(2);
    SourceFrame planned = exporter.plan().frame(0);
    CityscapesReader.FrameKey key = keys.stream().filter(k -> k.sequence() == planned.sourceIndex()).findFirst()
        .orElseThrow();
    assertThat(key.frame()).isEqualTo((int) planned.tick());
    CityscapesFrame frame = reader.read(key);
    assertThat(frame.width()).isEqualTo(512);
    assertThat(frame.height()).isEqualTo(256);
    RenderedFrame rendered = new FrameRenderer(512, 256).render(CITY.at(planned.simTime()), planned.camera(),
        exporter.styleOf(0));
    assertThat(frame.labelIds()).isEqualTo(rendered.labelIds());
    assertThat(frame.instanceIds()).isEqualTo(rendered.instanceIds());
    assertThat(frame.rgb()).isEqualTo(rendered.rgb());
    assertThat(frame.intrinsics().fx()).isCloseTo(2262.52 / 4, within(1e-9));
    assertThat(frame.mount().z()).isEqualTo(planned.camera().mount().z());
    assertThat(frame.vehicle().gpsLatitude()).isCloseTo(planned.trueGeo().latitude(), within(2e-5));
    assertThat(frame.vehicle().speed()).isBetween(5.0, 15.0);
    long carPixels = 0;
    for (int i = 0; i < frame.labelIds().length; i++) {
      if ((frame.labelIds()[i] & 0xFF) == CityscapesLabels.CAR) {
        assertThat(frame.instanceIds()[i] / 1000).isEqualTo(CityscapesLabels.CAR);
        carPixels++;
      }
    }
    assertThat(carPixels).isPositive();
  }

  @Test
  void aCityCannotBeExportedIntoTwoSplits(@TempDir Path dir) throws IOException {
    CityscapesExporter exporter = new CityscapesExporter(CITY, 8, FramePlan.DEFAULT_TICK_STRIDE);
    exporter.export(dir, new CityscapesExporter.Options(1, "train", 1, 8, 25), n -> { });
    exporter.export(dir, new CityscapesExporter.Options(1, "train", 1, 8, 25), n -> { });
    assertThatThrownBy(() -> exporter.export(dir, new CityscapesExporter.Options(1, "val", 1, 8, 25), n -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("splits go by city seed");
  }

  @Test
  void rejectsBadOptionsAndFolders(@TempDir Path dir) {
    assertThatThrownBy(() -> new CityscapesExporter.Options(0, "train", 1, 8, 25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CityscapesExporter.Options(1, "../x", 1, 8, 25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CityscapesReader(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leftImg8bit");
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
