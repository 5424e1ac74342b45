package io.latentmap.eval.map;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.cli.LatentmapCli;
import io.latentmap.eval.bench.Figure;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code eval map} end to end, small: a vehicle and a roadside camera for fifteen seconds over the held-out city,
 * through a real broker and the real job with the fixture bundle (untrained heads: every cell is let through so the
 * map is not empty), and the oracle's map through the same fusion.
 */
class MapEvalTest {
  private static final int SECONDS = 15;

  @TempDir Path out;

  @Test
  void aShortDriveThroughTheJobIsScoredAndEveryOutputIsWritten() throws Exception {
    MapEvalSettings settings = settings(MapEvalSettings.Perception.MODEL, out, 1);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    MapEval.Report report = new MapEval(settings, new MapGoals(0.0, Double.NaN, Double.NaN, Double.NaN),
        new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

    Map<String, Double> f = figures(report);
    assertThat(f.get("map.frames")).isPositive();
    assertThat(f.get("map.dead_letters")).isZero();
    assertThat(f.get("map.tiles")).isPositive();
    assertThat(f.get("map.observed_cells")).isPositive();
    assertThat(f.get("map.static_accuracy")).isBetween(0.0, 1.0);
    assertThat(f.get("map.changes.scheduled")).isEqualTo(14); // 2 of each of the 7 kinds, squeezed into the drive
    assertThat(report.verdicts()).singleElement().satisfies(v -> {
      assertThat(v.name()).isEqualTo("map.goal.static_accuracy");
      assertThat(v.pass()).isTrue();
      assertThat(v.line()).isEqualTo("map.goal.static_accuracy 1 pass");
    });
    assertThat(lines("map_quality.csv")).hasSize(1 + 7 + 3).first().asString().startsWith("class,");
    assertThat(lines("landmark_error_vs_traversals.csv")).hasSize(1 + LandmarkTraversals.BIN_STARTS.length);
    assertThat(lines("changes.csv")).hasSize(1 + 14);
    assertThat(lines("change_claims.csv")).first().asString().startsWith("time_s,");
    assertThat(lines("landmarks.csv")).first().asString().startsWith("map_id,");
    BufferedImage plot = ImageIO.read(out.resolve("landmark_error_vs_traversals.png").toFile());
    assertThat(plot.getWidth()).isEqualTo(CategoryPlot.WIDTH);
    BufferedImage tiles = ImageIO.read(out.resolve("tiles_errors.png").toFile());
    assertThat(tiles.getWidth()).isEqualTo(2 * io.latentmap.eval.mapquality.TilePictures.pairWidth(256) + 8);
    assertThat(out.resolve("summary.json")).content()
        .contains("\"map.static_accuracy\"", "\"map.goal.static_accuracy\": {\"value\": \"pass\"");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("fleet", "map update", "100%");
  }

  @Test
  void theOraclesMapFromTrueLabelsAgreesWithTheTruth() throws Exception {
    Path oracleOut = out.resolve("oracle");
    MapEval.Report report = new MapEval(settings(MapEvalSettings.Perception.TRUTH, oracleOut, 0), MapGoals.NONE,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

    Map<String, Double> f = figures(report);
    assertThat(f.get("map.observed_cells")).isGreaterThan(10_000);
    assertThat(f.get("map.static_accuracy")).as("true labels, noisy poses").isGreaterThan(0.8);
    assertThat(f.get("map.iou.road")).isGreaterThan(0.8);
    assertThat(report.verdicts()).isEmpty();
  }

  @Test
  void evalMapIsACommandOfTheEvalGroup() {
    ByteArrayOutputStream help = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new LatentmapCli());
    cli.setOut(new java.io.PrintWriter(help, true, StandardCharsets.UTF_8));

    int code = cli.execute("eval", "map", "--help");

    assertThat(code).isZero();
    assertThat(help.toString(StandardCharsets.UTF_8)).contains("--seed", "--out", "--bundle", "--vehicles",
        "--cameras", "--duration", "--job");
  }

  private static MapEvalSettings settings(MapEvalSettings.Perception perception, Path out, int cameras) {
    return new MapEvalSettings(9, 1, cameras, SECONDS, 2, 5, 10, MapEvalSettings.Routes.CHANGES, perception, null,
        out, 1, 1, Map.of("map.min-cell-confidence", "0"), 2);
  }

  private static Map<String, Double> figures(MapEval.Report report) {
    return report.figures().figures().stream().collect(Collectors.toMap(Figure::name, Figure::value));
  }

  private List<String> lines(String file) throws Exception {
    return Files.readAllLines(out.resolve(file));
  }
}
