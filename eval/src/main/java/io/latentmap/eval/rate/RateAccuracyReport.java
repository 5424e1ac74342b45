package io.latentmap.eval.rate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentmap.eval.bench.Figure;
import io.latentmap.eval.bench.Goal;
import io.latentmap.map.labels.CityscapesLabels;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Figures, goals and files of a rate-accuracy run: {@code rate_accuracy.csv}, {@code rate_accuracy.md},
 * {@code rate_accuracy.png} and {@code summary.json}.
 */
public final class RateAccuracyReport {
  /** Issue 4: the base layer's rate. */
  public static final double BASE_BPP_MAX = 0.10;
  /** Issue 4: the top layer count's mIoU gap to uncompressed RGB, points. */
  public static final double RGB_GAP_MAX_POINTS = 5.0;
  /** Issue 4: JPEG needs at least this many times the base layer's bits for the base layer's mIoU. */
  public static final double JPEG_BITS_RATIO_MIN = 4.0;
  /** Issue 4: heads-on-latent FLOPs against RGB decoder + RGB network. */
  public static final double FLOPS_RATIO_MAX = 1.0 / 3.0;
  /** Issue 7: the Java path against the training report on the same frames. */
  public static final double REPORT_MIOU_TOLERANCE_POINTS = 0.5;
  public static final double REPORT_BPP_TOLERANCE_PERCENT = 1.0;

  static final double PERCENT = 100.0;

  /** A bundle's rows with what its training report says. */
  public record BundleResult(String bundle, List<RateAccuracy.Row> rows, ReportMetrics report,
      List<String> detectionClassNames) {}

  private final List<BundleResult> results;
  private final int frames;
  private final String source;

  /**
   * @param frames frames evaluated
   * @param source where they came from (folder and split, or the rendered seed), for the files' headers
   */
  public RateAccuracyReport(List<BundleResult> results, int frames, String source) {
    this.results = List.copyOf(results);
    this.frames = frames;
    this.source = source;
  }

  public List<Figure> figures() {
    List<Figure> out = new ArrayList<>();
    out.add(new Figure("rate.frames", frames, "frames"));
    for (BundleResult b : results) {
      String prefix = "rate." + b.bundle() + ".";
      for (RateAccuracy.Row row : b.rows()) {
        String p = prefix + row.name() + ".";
        out.add(new Figure(p + "bpp", row.bpp(), "bpp"));
        out.add(new Figure(p + "miou", row.miou() * PERCENT, "%"));
        out.add(new Figure(p + "miou_cityscapes", row.miouCityscapes() * PERCENT, "%"));
        if (!Double.isNaN(row.map50())) {
          out.add(new Figure(p + "map50", row.map50() * PERCENT, "%"));
        }
        Optional<ReportMetrics.Point> report = b.report().pointFor(row.method(), row.setting());
        if (report.isPresent()) {
          out.add(new Figure(p + "miou_report", report.get().miou() * PERCENT, "%"));
          out.add(new Figure(p + "miou_diff", (row.miou() - report.get().miou()) * PERCENT, "points"));
          out.add(new Figure(p + "bpp_report", report.get().bpp(), "bpp"));
          out.add(new Figure(p + "bpp_diff", bppDiffPercent(row, report.get()), "%"));
        }
      }
      List<RateAccuracy.Row> jpeg = new ArrayList<>(of(b, RateAccuracy.Method.JPEG));
      if (!jpeg.isEmpty()) {
        jpeg.sort(Comparator.comparingDouble(RateAccuracy.Row::bpp));
        JpegMatch match = jpegBitsFor(jpeg, of(b, RateAccuracy.Method.LATENT).get(0).miou());
        out.add(new Figure(prefix + "jpeg.reaches_base_miou", match.reached() ? 1 : 0, "bool"));
      }
      goals(b).forEach(g -> out.addAll(g.figures()));
    }
    return out;
  }

  static double bppDiffPercent(RateAccuracy.Row row, ReportMetrics.Point report) {
    return (row.bpp() - report.bpp()) / report.bpp() * PERCENT;
  }

  /** The goal figures of issues 4 and 7 that this bundle's rows can decide. */
  public static List<Goal> goals(BundleResult b) {
    String prefix = "rate." + b.bundle() + ".goal.";
    List<Goal> goals = new ArrayList<>();
    List<RateAccuracy.Row> latent = of(b, RateAccuracy.Method.LATENT);
    List<RateAccuracy.Row> dti = of(b, RateAccuracy.Method.DECODE_THEN_INFER);
    List<RateAccuracy.Row> rgb = of(b, RateAccuracy.Method.RGB);
    List<RateAccuracy.Row> jpeg = new ArrayList<>(of(b, RateAccuracy.Method.JPEG));
    jpeg.sort(Comparator.comparingDouble(RateAccuracy.Row::bpp));
    RateAccuracy.Row base = latent.get(0);
    RateAccuracy.Row top = latent.get(latent.size() - 1);
    goals.add(new Goal(prefix + "base_bpp_at_most_0_10", base.bpp(), "bpp", "base-layer bpp <= " + BASE_BPP_MAX,
        base.bpp() <= BASE_BPP_MAX));
    if (!dti.isEmpty()) {
      double margin = (base.miou() - dti.get(0).miou()) * PERCENT;
      goals.add(new Goal(prefix + "latent_at_least_decode_then_infer_at_base", margin, "points",
          "compressed-domain mIoU >= decode-then-infer mIoU at the base layer's bpp", margin >= 0));
    }
    if (!rgb.isEmpty()) {
      double gap = (rgb.get(0).miou() - top.miou()) * PERCENT;
      goals.add(new Goal(prefix + "top_within_5_points_of_rgb", gap, "points",
          "RGB mIoU - top layer count mIoU <= " + RGB_GAP_MAX_POINTS + " points", gap <= RGB_GAP_MAX_POINTS));
    }
    if (!jpeg.isEmpty()) {
      JpegMatch match = jpegBitsFor(jpeg, base.miou());
      double ratio = match.bpp() / base.bpp();
      goals.add(new Goal(prefix + "jpeg_needs_4x_base_bits", ratio, "ratio", match.reached()
          ? "JPEG bpp at the base layer's mIoU / base bpp >= " + JPEG_BITS_RATIO_MIN
          : "no JPEG quality reaches the base layer's mIoU; ratio of the best JPEG's bpp (a lower bound)",
          ratio >= JPEG_BITS_RATIO_MIN));
    }
    Optional<Double> heads = b.report().gflops("heads_on_latent");
    Optional<Double> decoder = b.report().gflops("rgb_decoder");
    Optional<Double> network = b.report().gflops("rgb_network").or(() -> b.report().gflops("rgb_baseline"));
    if (heads.isPresent() && decoder.isPresent() && network.isPresent()) {
      double ratio = heads.get() / (decoder.get() + network.get());
      goals.add(new Goal(prefix + "heads_flops_at_most_third_of_rgb_path", ratio, "ratio",
          "heads-on-latent GFLOPs / (RGB decoder + RGB network) <= 1/3 (manifest metrics.flops)",
          ratio <= FLOPS_RATIO_MAX));
    }
    for (RateAccuracy.Row row : latent) {
      Optional<ReportMetrics.Point> report = b.report().pointFor(row.method(), row.setting());
      if (report.isEmpty()) {
        continue;
      }
      double miouDiff = (row.miou() - report.get().miou()) * PERCENT;
      goals.add(new Goal(prefix + "java_miou_matches_report_l" + row.setting(), miouDiff, "points",
          "abs(Java mIoU - report mIoU) <= " + REPORT_MIOU_TOLERANCE_POINTS + " points",
          Math.abs(miouDiff) <= REPORT_MIOU_TOLERANCE_POINTS));
      double bppDiff = bppDiffPercent(row, report.get());
      goals.add(new Goal(prefix + "java_bpp_matches_report_l" + row.setting(), bppDiff, "%",
          "abs(Java bpp - report bpp) <= " + REPORT_BPP_TOLERANCE_PERCENT + " % of the report's",
          Math.abs(bppDiff) <= REPORT_BPP_TOLERANCE_PERCENT));
    }
    return goals;
  }

  /** bpp at which JPEG first reaches an mIoU (linear between ladder points); the best JPEG's bpp if it never does. */
  record JpegMatch(double bpp, boolean reached) {}

  static JpegMatch jpegBitsFor(List<RateAccuracy.Row> jpegByBpp, double miou) {
    RateAccuracy.Row previous = null;
    for (RateAccuracy.Row r : jpegByBpp) {
      if (r.miou() >= miou) {
        if (previous == null) {
          return new JpegMatch(r.bpp(), true);
        }
        double f = (miou - previous.miou()) / (r.miou() - previous.miou());
        return new JpegMatch(previous.bpp() + f * (r.bpp() - previous.bpp()), true);
      }
      previous = r;
    }
    return new JpegMatch(jpegByBpp.get(jpegByBpp.size() - 1).bpp(), false);
  }

  private static List<RateAccuracy.Row> of(BundleResult b, RateAccuracy.Method method) {
    return b.rows().stream().filter(r -> r.method() == method).toList();
  }

  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("rate_accuracy.csv"), csv(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("rate_accuracy.md"), markdown(), StandardCharsets.UTF_8);
    Plots.write(plot(), dir.resolve("rate_accuracy.png"));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("summary.json").toFile(),
        summary());
  }

  String csv() {
    StringBuilder out = new StringBuilder("bundle,method,setting,frames,bpp,miou,miou_cityscapes,map50,"
        + "report_bpp,report_miou,report_map50");
    for (int t = 0; t < CityscapesLabels.NUM_TRAIN_CLASSES; t++) {
      out.append(",iou_").append(CityscapesLabels.byTrainId(t).name().replace(' ', '_'));
    }
    List<String> apNames = results.stream().map(BundleResult::detectionClassNames).filter(n -> !n.isEmpty())
        .findFirst().orElse(List.of());
    for (String name : apNames) {
      out.append(",ap50_").append(name.replace(' ', '_'));
    }
    out.append('\n');
    for (BundleResult b : results) {
      for (RateAccuracy.Row r : b.rows()) {
        Optional<ReportMetrics.Point> report = b.report().pointFor(r.method(), r.setting());
        out.append(String.join(",", b.bundle(), r.method().label(), Integer.toString(r.setting()),
            Integer.toString(r.frames()), num(r.bpp()), num(r.miou()), num(r.miouCityscapes()), num(r.map50()),
            report.map(p -> num(p.bpp())).orElse(""), report.map(p -> num(p.miou())).orElse(""),
            report.map(p -> num(p.map50())).orElse("")));
        for (double v : r.perClassIou()) {
          out.append(',').append(num(v));
        }
        for (int c = 0; c < apNames.size(); c++) {
          out.append(',').append(c < r.perClassAp().length ? num(r.perClassAp()[c]) : "");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("Frames: ").append(frames).append(" (").append(source).append("). bpp = layer-message bits / (H*W) of ")
        .append("the bundle's input (formats.md 4.4); JPEG: file bits; mIoU over the classes present in the truth ")
        .append("(as the training report), mIoU (CS) as cityscapesScripts averages.\n\n");
    md.append("| bundle | method | setting | bpp | mIoU % | mIoU (CS) % | mAP@0.5 % | report bpp | report mIoU % | "
        + "Δ mIoU points | Δ bpp % |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (BundleResult b : results) {
      for (RateAccuracy.Row r : b.rows()) {
        Optional<ReportMetrics.Point> report = b.report().pointFor(r.method(), r.setting());
        md.append("| ").append(b.bundle()).append(" | ").append(r.method().label()).append(" | ")
            .append(setting(r)).append(" | ").append(fmt("%.4f", r.bpp())).append(" | ")
            .append(fmt("%.1f", r.miou() * PERCENT)).append(" | ").append(fmt("%.1f", r.miouCityscapes() * PERCENT))
            .append(" | ").append(Double.isNaN(r.map50()) ? "–" : fmt("%.1f", r.map50() * PERCENT)).append(" | ")
            .append(report.map(p -> fmt("%.4f", p.bpp())).orElse("–")).append(" | ")
            .append(report.map(p -> fmt("%.1f", p.miou() * PERCENT)).orElse("–")).append(" | ")
            .append(report.map(p -> fmt("%+.2f", (r.miou() - p.miou()) * PERCENT)).orElse("–")).append(" | ")
            .append(report.map(p -> fmt("%+.2f", bppDiffPercent(r, p))).orElse("–")).append(" |\n");
      }
    }
    for (BundleResult b : results) {
      md.append("\nPer-class IoU % (").append(b.bundle()).append(")\n\n| class |");
      List<RateAccuracy.Row> shown = b.rows().stream().filter(r -> r.method() != RateAccuracy.Method.JPEG).toList();
      shown.forEach(r -> md.append(' ').append(r.name()).append(" |"));
      md.append("\n| --- |");
      shown.forEach(r -> md.append(" --- |"));
      md.append('\n');
      for (int t = 0; t < CityscapesLabels.NUM_TRAIN_CLASSES; t++) {
        md.append("| ").append(CityscapesLabels.byTrainId(t).name()).append(" |");
        for (RateAccuracy.Row r : shown) {
          double v = r.perClassIou()[t];
          md.append(' ').append(Double.isNaN(v) ? "–" : fmt("%.1f", v * PERCENT)).append(" |");
        }
        md.append('\n');
      }
      md.append("\nGoals (").append(b.bundle()).append(")\n\n| goal | measured | rule | result |\n| --- | --- | --- | --- |\n");
      for (Goal g : goals(b)) {
        md.append("| ").append(g.name()).append(" | ").append(Figure.format(g.measured())).append(' ').append(g.unit())
            .append(" | ").append(g.rule()).append(" | ").append(g.pass() ? "pass" : "**fail**").append(" |\n");
      }
    }
    return md.toString();
  }

  private static String setting(RateAccuracy.Row r) {
    return switch (r.method()) {
      case LATENT, DECODE_THEN_INFER -> r.setting() + " layers";
      case RGB -> "uncompressed";
      case JPEG -> "q=" + r.setting();
    };
  }

  java.awt.image.BufferedImage plot() {
    List<Plots.Series> series = new ArrayList<>();
    int colour = 0;
    boolean several = results.size() > 1;
    for (BundleResult b : results) {
      String suffix = several ? " (" + b.bundle() + ")" : "";
      for (RateAccuracy.Method m : RateAccuracy.Method.values()) {
        List<RateAccuracy.Row> rows = new ArrayList<>(of(b, m));
        if (rows.isEmpty()) {
          continue;
        }
        rows.sort(Comparator.comparingDouble(RateAccuracy.Row::bpp));
        List<double[]> points = rows.stream().map(r -> new double[] {r.bpp(), r.miou() * PERCENT}).toList();
        Color c = Plots.PALETTE.get(colour++ % Plots.PALETTE.size());
        series.add(new Plots.Series(legend(m) + suffix, c, points, m == RateAccuracy.Method.RGB));
      }
    }
    return Plots.lineChart("Rate vs accuracy, " + frames + " held-out frames", "bits per pixel (log scale)",
        "segmentation mIoU %", true, series);
  }

  private static String legend(RateAccuracy.Method m) {
    return switch (m) {
      case LATENT -> "heads on latent";
      case DECODE_THEN_INFER -> "decode-then-infer";
      case RGB -> "RGB, uncompressed (24 bpp)";
      case JPEG -> "JPEG + RGB network";
    };
  }

  ObjectNode summary() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("frames", frames).put("source", source);
    ArrayNode bundles = root.putArray("bundles");
    for (BundleResult b : results) {
      ObjectNode node = bundles.addObject().put("bundle", b.bundle());
      node.put("report_validation_frames", b.report().validationFrames());
      ArrayNode rows = node.putArray("rows");
      for (RateAccuracy.Row r : b.rows()) {
        ObjectNode row = rows.addObject().put("method", r.method().label()).put("setting", r.setting())
            .put("frames", r.frames()).put("bpp", r.bpp()).put("miou", r.miou())
            .put("miou_cityscapes", r.miouCityscapes());
        if (!Double.isNaN(r.map50())) {
          row.put("map50", r.map50());
        }
        ArrayNode iou = row.putArray("per_class_iou");
        for (double v : r.perClassIou()) {
          if (Double.isNaN(v)) {
            iou.addNull();
          } else {
            iou.add(v);
          }
        }
        ArrayNode ap = row.putArray("per_class_ap50");
        for (double v : r.perClassAp()) {
          if (Double.isNaN(v)) {
            ap.addNull();
          } else {
            ap.add(v);
          }
        }
        b.report().pointFor(r.method(), r.setting()).ifPresent(p ->
            row.putObject("report").put("bpp", p.bpp()).put("miou", p.miou()).put("map50", p.map50()));
      }
      ArrayNode goals = node.putArray("goals");
      for (Goal g : goals(b)) {
        goals.addObject().put("name", g.name()).put("measured", g.measured()).put("unit", g.unit())
            .put("rule", g.rule()).put("pass", g.pass());
      }
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    figures().forEach(f -> figures.put(f.name(), f.value()));
    ObjectNode figureNode = root.putObject("figures");
    figures.forEach((name, value) -> {
      if (Double.isFinite(value)) {
        figureNode.put(name, value);
      } else {
        figureNode.putNull(name);
      }
    });
    return root;
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
  }

  private static String fmt(String pattern, double v) {
    return String.format(Locale.ROOT, pattern, v);
  }
}
