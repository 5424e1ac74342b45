package io.latentmap.eval.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.eval.bench.Figure;
import io.latentmap.eval.bench.Figures;
import io.latentmap.eval.map.MapEvalSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded demo, small: one vehicle and one roadside camera for ten seconds through a real broker, the real job
 * and the scoring. With the fixture bundle what the heads see is arbitrary but deterministic for the seed.
 */
class PipelineDemoTest {
  @TempDir Path out;

  @Test
  void aShortDriveBecomesScoredTilesAndPictures() throws Exception {
    DemoSettings settings = new DemoSettings(1, 1, 1, 10, 2, null, out, 1, 1, MapEvalSettings.Routes.RANDOM);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Figures summary = new PipelineDemo(settings, System.out,
        new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

    Map<String, Double> figures = summary.figures().stream()
        .collect(Collectors.toMap(Figure::name, Figure::value));
    assertThat(figures.get("demo.frames.sent") + figures.get("demo.frames.not_sent")).isEqualTo(100);
    assertThat(figures.get("demo.frames.sent")).isPositive();
    assertThat(figures.get("demo.dead_letters")).isZero();
    assertThat(figures.get("demo.tiles")).isPositive();
    assertThat(figures.get("demo.map.observed_cells")).isPositive();
    assertThat(figures.get("demo.map.cell_accuracy")).isBetween(0.0, 1.0);
    assertThat(out.resolve("summary.json")).content().contains("\"demo.tiles\"");
    try (var pictures = Files.list(out.resolve("tiles"))) {
      assertThat(pictures.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(figures.get("demo.tiles").longValue());
    }
    assertThat(out.resolve("landmarks-truth.geojson")).content().contains("FeatureCollection");
    assertThat(javax.imageio.ImageIO.read(out.resolve("tiles.png").toFile()).getHeight()).isPositive();
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("fleet", "map update", "100%");
    assertThat(summary.table().lines()).allMatch(line -> line.trim().split("\\s+").length == 3);
  }
}
