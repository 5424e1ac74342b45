package io.latentmap.eval.rate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the training report measured for a bundle (manifest {@code metrics}), keyed like our rows, and the settings
 * its evaluation used ({@code training.config.eval}), so the Java path can be run the same way and compared.
 */
public final class ReportMetrics {
  /** The report's ladder and detection decoding when a manifest does not say (training's config defaults). */
  public static final List<Integer> DEFAULT_JPEG_QUALITIES = List.of(1, 3, 5, 10, 20, 30, 50, 70, 90);
  public static final float DEFAULT_DETECTION_THRESHOLD = 0.05f;
  public static final int DEFAULT_DETECTION_TOP_K = 100;

  /** One figure of the report: bpp (NaN if none), mIoU and mAP@0.5 as fractions. */
  public record Point(double bpp, double miou, double map50) {}

  private final BundleManifest.Metrics metrics;
  private final JsonNode root;

  private ReportMetrics(BundleManifest.Metrics metrics, JsonNode root) {
    this.metrics = metrics;
    this.root = root;
  }

  public static ReportMetrics of(ModelBundle bundle) throws IOException {
    return new ReportMetrics(bundle.manifest().metrics(),
        new ObjectMapper().readTree(bundle.directory().resolve(ModelBundle.MANIFEST).toFile()));
  }

  /** Frames the report evaluated, 0 if it does not say. */
  public int validationFrames() {
    return root.path("metrics").path("validation_frames").asInt(0);
  }

  public List<Integer> jpegQualities() {
    JsonNode node = root.path("training").path("config").path("eval").path("jpeg_qualities");
    if (!node.isArray() || node.isEmpty()) {
      return DEFAULT_JPEG_QUALITIES;
    }
    List<Integer> out = new ArrayList<>();
    node.forEach(q -> out.add(q.asInt()));
    return out;
  }

  public float detectionThreshold() {
    return (float) root.path("training").path("config").path("eval").path("detection_score_threshold")
        .asDouble(DEFAULT_DETECTION_THRESHOLD);
  }

  public int detectionTopK() {
    return root.path("training").path("config").path("eval").path("detection_top_k").asInt(DEFAULT_DETECTION_TOP_K);
  }

  /** GFLOPs per frame of a network role, if the manifest lists it. */
  public Optional<Double> gflops(String role) {
    return Optional.ofNullable(metrics.gflops().get(role));
  }

  /** The report's figure for the same method and setting as a row of ours. */
  public Optional<Point> pointFor(RateAccuracy.Method method, int setting) {
    return switch (method) {
      case LATENT -> metrics.layers().stream().filter(l -> l.layers() == setting).findFirst()
          .map(l -> new Point(l.bpp(), l.miou(), l.map50()));
      case DECODE_THEN_INFER -> baseline("decode-then-infer-l" + setting + "+rgb_baseline");
      case RGB -> baseline("rgb_baseline");
      case JPEG -> baseline("jpeg-q" + setting + "+rgb_baseline");
    };
  }

  private Optional<Point> baseline(String name) {
    return metrics.baselines().stream().filter(b -> b.name().equals(name)).findFirst()
        .map(b -> new Point(b.bpp(), b.miou(), b.map50()));
  }
}
