package io.latentmap.eval.compute;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.eval.bench.Figure;
import io.latentmap.eval.embedded.Embedded;
import io.latentmap.eval.rate.HeldOutFrames;
import io.latentmap.eval.rate.Plots;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./latentmap eval compute}: what one frame costs the server on each path, measured per frame on one core
 * in one run (entropy decode, heads on the latent, RGB decoder + RGB network, JPEG decode + RGB network), beside
 * the networks' FLOPs from the manifest, and the ratios between the paths.
 */
@Command(name = "compute", mixinStandardHelpOptions = true,
    description = "Per-frame CPU time and FLOPs of heads on latents vs decode-then-infer vs JPEG + RGB network.")
public final class ComputeCommand implements Callable<Integer> {

  @Option(names = "--seed", defaultValue = "9",
      description = "Held-out city seed, rendered when --data is not given (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Output folder: compute.csv, compute_frames.csv, compute.png, summary.json.")
  Path out;

  @Option(names = "--bundle", description = "Model bundle (default: models/latent-scalable, else the fixture bundle).")
  Path bundle;

  @Option(names = "--data", description = "Cityscapes-layout folder to take the frames from (default: render city --seed).")
  Path data;

  @Option(names = "--split", defaultValue = "val", description = "Split of --data (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--frames", defaultValue = "50", description = "Frames measured (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--warmup-frames", defaultValue = "5", description = "Frames run first, not counted (default ${DEFAULT-VALUE}).")
  int warmupFrames;

  @Option(names = "--layers", defaultValue = "0", description = "Layer count decoded; 0 = all (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--jpeg-quality", defaultValue = "10",
      description = "Quality of the decoded JPEG files; 10 is about the top layer count's rate (default ${DEFAULT-VALUE}).")
  int jpegQuality;

  PrintStream stdout = System.out;
  PrintStream stderr = System.err;

  @Override
  public Integer call() throws Exception {
    Path dir = Embedded.chosenOrShipped(bundle);
    if (dir == null) {
      dir = Embedded.fixtureBundle(seed);
    }
    ModelBundle loaded = ModelBundle.load(dir);
    Path scratch = null;
    try {
      HeldOutFrames held;
      if (data != null) {
        held = HeldOutFrames.fromFolder(data, split, frames);
      } else {
        scratch = Files.createTempDirectory("latentmap-eval-frames");
        held = HeldOutFrames.rendered(seed, frames, frames, split, 1, scratch, stderr);
      }
      stderr.println("compute " + loaded.id() + ": " + warmupFrames + " warm-up + " + held.size()
          + " frames, one thread ...");
      ComputeCost.Result result = ComputeCost.measure(loaded, held,
          new ComputeCost.Settings(layers, jpegQuality, warmupFrames));
      List<Figure> figures = figures(result, loaded);
      write(result, figures);
      figures.forEach(f -> f.printTo(stdout));
      return 0;
    } finally {
      if (scratch != null) {
        HeldOutFrames.deleteTree(scratch);
      }
    }
  }

  static List<Figure> figures(ComputeCost.Result r, ModelBundle bundle) {
    List<Figure> out = new ArrayList<>();
    out.add(new Figure("compute.frames", r.frames(), "frames"));
    out.add(new Figure("compute.layers", r.settings().layers(), "layers"));
    out.add(new Figure("compute.cores_used", 1, "cores"));
    for (ComputeCost.Step step : r.steps()) {
      out.add(new Figure("compute." + step.key() + ".cpu_ms", r.medianCpuMillis(step), "ms"));
      out.add(new Figure("compute." + step.key() + ".wall_ms", r.medianWallMillis(step), "ms"));
      double gflops = r.gflops().get(step);
      if (Double.isFinite(gflops)) {
        out.add(new Figure("compute." + step.key() + ".gflops", gflops, "GFLOPs"));
      }
    }
    double latentCpu = r.medianCpuMillis(ComputeCost.Step.ENTROPY_DECODE) + r.medianCpuMillis(ComputeCost.Step.HEADS);
    double latentFlops = r.gflops().get(ComputeCost.Step.ENTROPY_DECODE) + r.gflops().get(ComputeCost.Step.HEADS);
    out.add(new Figure("compute.path.latent.cpu_ms", latentCpu, "ms"));
    out.add(new Figure("compute.path.latent.gflops", latentFlops, "GFLOPs"));
    if (r.steps().contains(ComputeCost.Step.RGB_DECODE_AND_NETWORK)) {
      double dtiCpu = r.medianCpuMillis(ComputeCost.Step.ENTROPY_DECODE)
          + r.medianCpuMillis(ComputeCost.Step.RGB_DECODE_AND_NETWORK);
      double dtiFlops = r.gflops().get(ComputeCost.Step.ENTROPY_DECODE)
          + r.gflops().get(ComputeCost.Step.RGB_DECODE_AND_NETWORK);
      double jpegCpu = r.medianCpuMillis(ComputeCost.Step.JPEG_DECODE_AND_NETWORK);
      double jpegFlops = r.gflops().get(ComputeCost.Step.JPEG_DECODE_AND_NETWORK);
      out.add(new Figure("compute.path.decode_then_infer.cpu_ms", dtiCpu, "ms"));
      out.add(new Figure("compute.path.decode_then_infer.gflops", dtiFlops, "GFLOPs"));
      out.add(new Figure("compute.path.jpeg.cpu_ms", jpegCpu, "ms"));
      out.add(new Figure("compute.path.jpeg.gflops", jpegFlops, "GFLOPs"));
      out.add(new Figure("compute.jpeg.bpp", 8.0 * r.jpegBytes() / r.frames()
          / ((double) bundle.manifest().input().width() * bundle.manifest().input().height()), "bpp"));
      out.add(new Figure("compute.ratio.decode_then_infer_vs_latent.cpu", dtiCpu / latentCpu, "ratio"));
      out.add(new Figure("compute.ratio.decode_then_infer_vs_latent.gflops", dtiFlops / latentFlops, "ratio"));
      out.add(new Figure("compute.ratio.jpeg_vs_latent.cpu", jpegCpu / latentCpu, "ratio"));
      out.add(new Figure("compute.ratio.jpeg_vs_latent.gflops", jpegFlops / latentFlops, "ratio"));
      out.add(new Figure("compute.ratio.heads_vs_rgb_decode_and_network.cpu",
          r.medianCpuMillis(ComputeCost.Step.HEADS) / r.medianCpuMillis(ComputeCost.Step.RGB_DECODE_AND_NETWORK),
          "ratio"));
      out.add(new Figure("compute.ratio.heads_vs_rgb_decode_and_network.gflops",
          r.gflops().get(ComputeCost.Step.HEADS) / r.gflops().get(ComputeCost.Step.RGB_DECODE_AND_NETWORK), "ratio"));
    }
    out.add(new Figure("compute.load_average",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), "load"));
    return out;
  }

  private void write(ComputeCost.Result r, List<Figure> figures) throws java.io.IOException {
    Files.createDirectories(out);
    StringBuilder csv = new StringBuilder("bundle,step,frames,median_cpu_ms,median_wall_ms,gflops\n");
    for (ComputeCost.Step step : r.steps()) {
      csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%s%n", r.bundle(), step.key(), r.frames(),
          r.medianCpuMillis(step), r.medianWallMillis(step),
          Double.isFinite(r.gflops().get(step)) ? String.format(Locale.ROOT, "%.4f", r.gflops().get(step)) : ""));
    }
    Files.writeString(out.resolve("compute.csv"), csv, StandardCharsets.UTF_8);
    StringBuilder frameCsv = new StringBuilder("frame,step,cpu_ms,wall_ms\n");
    for (ComputeCost.Sample s : r.samples()) {
      frameCsv.append(String.format(Locale.ROOT, "%d,%s,%.4f,%.4f%n", s.frame(), s.step().key(), s.cpuNanos() / 1e6,
          s.wallNanos() / 1e6));
    }
    Files.writeString(out.resolve("compute_frames.csv"), frameCsv, StandardCharsets.UTF_8);
    Plots.write(chart(r), out.resolve("compute.png"));
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("bundle", r.bundle()).put("frames", r.frames()).put("layers", r.settings().layers())
        .put("jpeg_quality", r.settings().jpegQuality()).put("warmup_frames", r.settings().warmupFrames());
    ObjectNode figureNode = root.putObject("figures");
    for (Figure f : figures) {
      figureNode.put(f.name(), f.value());
    }
    json.writeValue(out.resolve("summary.json").toFile(), root);
  }

  static BufferedImage chart(ComputeCost.Result r) {
    BufferedImage image = Plots.canvas(Plots.WIDTH, Plots.HEIGHT);
    Graphics2D g = Plots.graphics(image);
    List<ComputeCost.Step> steps = r.steps();
    List<String> labels = steps.stream().map(ComputeCost.Step::label).toList();
    double[] cpu = steps.stream().mapToDouble(r::medianCpuMillis).toArray();
    double[] flops = steps.stream().mapToDouble(s -> r.gflops().get(s)).toArray();
    int half = Plots.WIDTH / 2;
    Plots.barPanel(g, new Rectangle(0, 0, half, Plots.HEIGHT), "CPU time per frame (median, 1 core)", "ms",
        labels, cpu, Plots.PALETTE);
    Plots.barPanel(g, new Rectangle(half, 0, half, Plots.HEIGHT), "Network GFLOPs per frame (manifest)", "GFLOPs",
        labels, flops, Plots.PALETTE);
    g.dispose();
    return image;
  }
}
