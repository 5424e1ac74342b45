package io.latentmap.eval.rate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.eval.bench.Figure;
import io.latentmap.eval.compute.ComputeCommandAccess;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.export.CityscapesExporter;
import io.latentmap.sim.world.CityGenerator;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The eval commands end to end on two exported frames of the held-out city: with the trained bundle the repository
 * ships (every method, detection, goals, Cityscapes results scored by the independent evaluator), and with the
 * codec's fixture bundle, which has no RGB networks, on frames the command renders itself.
 */
class EvalCommandsTest {
  static final Path SHIPPED = Path.of("..", "models", "latent-scalable");
  static final Path EVALUATOR = Path.of("scripts", "cityscapes_eval.py");
  static final long HELD_OUT_SEED = 9;
  static final int FRAMES = 2;

  @TempDir static Path shared;
  static Path data;

  @BeforeAll
  static void exportFrames() throws Exception {
    data = shared.resolve("data");
    new CityscapesExporter(CityGenerator.generate(HELD_OUT_SEED), 8, 25).export(data,
        new CityscapesExporter.Options(FRAMES, "val", 1, 8, 25), done -> {});
  }

  @Test
  void rateAccuracyOfTheShippedBundleCoversEveryMethodAndItsPredictionsScoreTheSameInTheEvaluator(
      @TempDir Path out) throws Exception {
    Path results = out.resolve("cs");
    Run run = run(new RateAccuracyCommand(), "--bundle", SHIPPED.toString(), "--data", data.toString(),
        "--frames", String.valueOf(FRAMES), "--jpeg-qualities", "10,50", "--out", out.toString(),
        "--cityscapes-results", results.toString());

    assertThat(run.exit()).isZero();
    Map<String, Double> f = run.figures();
    String p = "rate.latent-scalable.";
    assertThat(f.get("rate.frames")).isEqualTo(FRAMES);
    for (int n = 1; n <= 3; n++) {
      assertThat(f.get(p + "latent-l" + n + ".bpp")).isBetween(0.01, 0.5);
      assertThat(f.get(p + "latent-l" + n + ".miou")).isBetween(1.0, 100.0);
      assertThat(f.get(p + "latent-l" + n + ".map50")).isBetween(0.0, 100.0);
      // decode-then-infer is charged the same bits: it decodes the same layers
      assertThat(f.get(p + "decode-then-infer-l" + n + ".bpp")).isEqualTo(f.get(p + "latent-l" + n + ".bpp"));
    }
    assertThat(f.get(p + "latent-l3.bpp")).isGreaterThan(f.get(p + "latent-l1.bpp"));
    assertThat(f.get(p + "jpeg-q50.bpp")).isGreaterThan(f.get(p + "jpeg-q10.bpp"));
    assertThat(f.get(p + "rgb.bpp")).isEqualTo(24.0);
    double reported = 100 * new ObjectMapper().readTree(SHIPPED.resolve("manifest.json").toFile())
        .path("metrics").path("layers").get(0).path("miou").asDouble();
    assertThat(reported).isPositive();
    assertThat(f.get(p + "latent-l1.miou_report")).isEqualTo(reported, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(run.lines()).filteredOn(l -> l.startsWith(p + "goal.") && !l.contains(".measured "))
        .hasSizeGreaterThanOrEqualTo(11)
        .allMatch(l -> l.endsWith(" 1 pass") || l.endsWith(" 0 fail"));

    List<String> csv = Files.readAllLines(out.resolve("rate_accuracy.csv"));
    assertThat(csv).hasSize(1 + 3 + 3 + 1 + 2);
    assertThat(csv.get(0)).startsWith("bundle,method,setting,frames,bpp,miou").contains("iou_traffic_sign", "ap50_car");
    assertThat(Files.readString(out.resolve("rate_accuracy.md"))).contains("| latent-scalable | jpeg | q=50 |");
    BufferedImage plot = ImageIO.read(out.resolve("rate_accuracy.png").toFile());
    assertThat(plot.getWidth()).isEqualTo(Plots.WIDTH);
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    JsonNode rows = summary.path("bundles").get(0).path("rows");
    assertThat(rows).hasSize(9);

    // The Cityscapes results: labelIds (not trainIds) at full resolution, one file per frame and layer count,
    // and the independent evaluator's class average equals the Java figure on the same files.
    Path layer1 = results.resolve(RateAccuracy.resultsFolder("latent-scalable", 1));
    try (var files = Files.list(layer1)) {
      assertThat(files.filter(x -> x.toString().endsWith(CityscapesResults.SUFFIX)).count()).isEqualTo(FRAMES);
    }
    try (var files = Files.list(layer1)) {
      BufferedImage png = ImageIO.read(files.findFirst().orElseThrow().toFile());
      assertThat(png.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
      assertThat(png.getWidth()).isEqualTo(512);
      int[] ids = png.getRaster().getSamples(0, 0, png.getWidth(), png.getHeight(), 0, (int[]) null);
      assertThat(java.util.Arrays.stream(ids).boxed().toList())
          .allMatch(id -> CityscapesLabels.isDefined(id) && CityscapesLabels.byId(id).isEvaluated());
    }
    double java = rows.get(0).path("miou_cityscapes").asDouble();
    JsonNode scored = CityscapesEvaluator.score(data, layer1, out.resolve("scores.json"));
    assertThat(scored.path("frames").asInt()).isEqualTo(FRAMES);
    assertThat(scored.path("averageScoreClasses").asDouble()).isEqualTo(java, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void rateAccuracyOfABundleWithoutRgbNetworksScoresTheLatentAloneOnRenderedFrames(@TempDir Path temp)
      throws Exception {
    Path bundle = FixtureBundles.write(temp, EntropyModelType.HYPERPRIOR, 3);
    Path out = temp.resolve("out");

    Run run = run(new RateAccuracyCommand(), "--bundle", bundle.toString(), "--seed", String.valueOf(HELD_OUT_SEED),
        "--frames", "1", "--out", out.toString());

    assertThat(run.exit()).isZero();
    String p = "rate.fixture-hyperprior-3.";
    assertThat(run.figures()).containsKeys(p + "latent-l1.bpp", p + "latent-l3.miou", p + "goal.base_bpp_at_most_0_10")
        .doesNotContainKeys(p + "decode-then-infer-l1.bpp", p + "rgb.miou", p + "latent-l1.map50");
    assertThat(run.figures().get(p + "latent-l3.bpp")).isGreaterThan(run.figures().get(p + "latent-l1.bpp"));
    assertThat(Files.readAllLines(out.resolve("rate_accuracy.csv"))).hasSize(1 + 3);
    assertThat(ImageIO.read(out.resolve("rate_accuracy.png").toFile())).isNotNull();
  }

  @Test
  void computeTimesEveryPathAndSetsItBesideTheFlops(@TempDir Path out) throws Exception {
    Run run = run(ComputeCommandAccess.command(), "--bundle", SHIPPED.toString(), "--data", data.toString(),
        "--frames", String.valueOf(FRAMES), "--warmup-frames", "1", "--out", out.toString());

    assertThat(run.exit()).isZero();
    Map<String, Double> f = run.figures();
    for (String step : List.of("entropy_decode", "heads", "rgb_decode_and_network", "jpeg_decode_and_network")) {
      assertThat(f.get("compute." + step + ".cpu_ms")).as(step).isPositive();
      assertThat(f.get("compute." + step + ".gflops")).as(step).isPositive();
    }
    // printed to four decimals
    assertThat(f.get("compute.ratio.heads_vs_rgb_decode_and_network.gflops")).isEqualTo(0.4589 / (2.2649 + 0.8033),
        org.assertj.core.api.Assertions.within(1e-4));
    assertThat(f.get("compute.ratio.decode_then_infer_vs_latent.cpu")).isPositive();
    assertThat(Files.readAllLines(out.resolve("compute.csv"))).hasSize(1 + 4);
    assertThat(Files.readAllLines(out.resolve("compute_frames.csv"))).hasSize(1 + 4 * FRAMES);
    assertThat(ImageIO.read(out.resolve("compute.png").toFile()).getWidth()).isEqualTo(Plots.WIDTH);
    assertThat(new ObjectMapper().readTree(out.resolve("summary.json").toFile()).path("figures")
        .path("compute.path.latent.cpu_ms").asDouble()).isPositive();
  }

  record Run(int exit, List<String> lines) {
    Map<String, Double> figures() {
      return lines.stream().map(l -> l.split(" ")).filter(parts -> parts.length == 3)
          .collect(Collectors.toMap(parts -> parts[0], parts -> Double.parseDouble(parts[1]), (a, b) -> b));
    }
  }

  static Run run(Object command, String... args) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream stdout = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    if (command instanceof RateAccuracyCommand r) {
      r.stdout = stdout;
      r.stderr = quiet;
    } else {
      ComputeCommandAccess.redirect(command, stdout, quiet);
    }
    int exit = new CommandLine(command).execute(args);
    List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).isNotEmpty().allMatch(l -> l.split(" ").length == 3);
    lines.forEach(l -> Figure.format(Double.parseDouble(l.split(" ")[1])));
    return new Run(exit, lines);
  }
}
