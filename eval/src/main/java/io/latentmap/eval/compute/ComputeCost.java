package io.latentmap.eval.compute;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.onnx.OnnxNetwork;
import io.latentmap.eval.rate.HeldOutFrames;
import io.latentmap.eval.rate.JpegRoundTrip;
import io.latentmap.eval.rate.RateAccuracy;
import io.latentmap.operators.infer.LatentPerceiver;
import io.latentmap.schemas.CompressedFrame;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-frame cost of the server side of each path, measured on one thread in one run: the steps of a frame run back
 * to back before the next frame's, so load from other processes falls on every path alike. Each step is timed in
 * wall time and in the thread's CPU time (ONNX Runtime with one intra-op thread computes on the calling thread,
 * so CPU time holds the networks too and is the figure that other load on the machine disturbs least).
 */
public final class ComputeCost {

  /** A measured step of a path. */
  public enum Step {
    ENTROPY_DECODE("entropy decode"),
    HEADS("heads on latent"),
    RGB_DECODE_AND_NETWORK("RGB decode + RGB network"),
    JPEG_DECODE_AND_NETWORK("JPEG decode + RGB network");

    private final String label;

    Step(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param layers layer count the latent paths decode
   * @param jpegQuality quality of the JPEG files decoded
   * @param warmupFrames frames run first and not counted (JIT, ONNX Runtime's first-run allocations)
   */
  public record Settings(int layers, int jpegQuality, int warmupFrames) {}

  /** One step of one frame: wall and CPU nanoseconds. */
  public record Sample(int frame, Step step, long wallNanos, long cpuNanos) {}

  /**
   * Medians per step and GFLOPs per frame where the manifest knows them.
   *
   * @param gflops per step; NaN where not counted
   */
  public record Result(String bundle, int frames, Settings settings, List<Sample> samples, Map<Step, Double> gflops,
      long jpegBytes) {
    public List<Step> steps() {
      return samples.stream().map(Sample::step).distinct().toList();
    }

    public double medianCpuMillis(Step step) {
      return median(samples.stream().filter(s -> s.step() == step).mapToLong(Sample::cpuNanos).toArray()) / 1e6;
    }

    public double medianWallMillis(Step step) {
      return median(samples.stream().filter(s -> s.step() == step).mapToLong(Sample::wallNanos).toArray()) / 1e6;
    }
  }

  static double median(long[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private ComputeCost() {}

  public static Result measure(ModelBundle bundle, HeldOutFrames frames, Settings settings)
      throws IOException, CodecException, ai.onnxruntime.OrtException, io.latentmap.codec.bundle.BundleException {
    BundleManifest manifest = bundle.manifest();
    int layers = settings.layers() > 0 ? settings.layers() : manifest.layers().size();
    int width = manifest.input().width();
    int height = manifest.input().height();
    boolean rgb = manifest.network(BundleManifest.RGB_DECODER).isPresent()
        && manifest.network(BundleManifest.RGB_BASELINE).isPresent();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Sample> samples = new ArrayList<>();
    long jpegBytes = 0;
    try (BundleNetworks networks = BundleNetworks.open(bundle, BundleNetworks.DEFAULT_INTRA_OP_THREADS)) {
      List<CompressedFrame> produced = RateAccuracy.produce(bundle, networks, frames, 1);
      LatentPerceiver perceiver = new LatentPerceiver(networks, LatentPerceiver.DetectionSettings.DEFAULTS);
      OnnxNetwork rgbNetwork = rgb ? networks.network(BundleManifest.RGB_BASELINE).orElseThrow() : null;
      int total = settings.warmupFrames() + frames.size();
      for (int i = 0; i < total; i++) {
        int index = i % frames.size();
        boolean counted = i >= settings.warmupFrames();
        CompressedFrame sent = RateAccuracy.withLayers(produced.get(index), layers);
        byte[] jpeg = rgb ? JpegRoundTrip.encode(frames.read(index, width, height).rgb(), width, height,
            settings.jpegQuality()) : null;
        // Each step's work is kept alive in a local so the JIT cannot drop it.
        long w0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        LatentPerceiver.DecodedFrame decoded = perceiver.decode(sent);
        long w1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        int sink = perceiver.outputs(List.of(decoded.tensor()), LatentPerceiver.Mode.HEADS_ON_LATENT).size();
        long w2 = System.nanoTime();
        long c2 = threads.getCurrentThreadCpuTime();
        if (counted) {
          samples.add(new Sample(index, Step.ENTROPY_DECODE, w1 - w0, c1 - c0));
          samples.add(new Sample(index, Step.HEADS, w2 - w1, c2 - c1));
        }
        if (rgb) {
          w0 = System.nanoTime();
          c0 = threads.getCurrentThreadCpuTime();
          sink += perceiver.outputs(List.of(decoded.tensor()), LatentPerceiver.Mode.DECODE_THEN_INFER).size();
          w1 = System.nanoTime();
          c1 = threads.getCurrentThreadCpuTime();
          int[] pixels = JpegRoundTrip.decode(jpeg);
          sink += RateAccuracy.rgbOutputs(manifest, rgbNetwork, pixels, width, height).size();
          w2 = System.nanoTime();
          c2 = threads.getCurrentThreadCpuTime();
          if (counted) {
            samples.add(new Sample(index, Step.RGB_DECODE_AND_NETWORK, w1 - w0, c1 - c0));
            samples.add(new Sample(index, Step.JPEG_DECODE_AND_NETWORK, w2 - w1, c2 - c1));
            jpegBytes += jpeg.length;
          }
        }
        if (sink < 0) {
          throw new IllegalStateException("unreachable");
        }
      }
    }
    return new Result(bundle.id(), frames.size(), new Settings(layers, settings.jpegQuality(),
        settings.warmupFrames()), samples, gflops(manifest, layers), jpegBytes);
  }

  /**
   * GFLOPs per frame from the manifest's {@code metrics.flops}: entropy decoding counts the hyper-decoder (rANS is
   * integer work, not counted), the heads the head for the layer count, the RGB path decoder plus network, the JPEG
   * path the RGB network (its integer IDCT not counted).
   */
  static Map<Step, Double> gflops(BundleManifest manifest, int layers) {
    Map<String, Double> f = manifest.metrics().gflops();
    String head = "head_l" + manifest.headFor(layers).maxLayers();
    double network = Optional.ofNullable(f.get("rgb_network")).orElse(f.getOrDefault("rgb_baseline", Double.NaN));
    Map<Step, Double> out = new java.util.EnumMap<>(Step.class);
    out.put(Step.ENTROPY_DECODE, f.getOrDefault(BundleManifest.HYPER_DECODER, manifest.network(
        BundleManifest.HYPER_DECODER).isPresent() ? Double.NaN : 0.0));
    out.put(Step.HEADS, f.getOrDefault(head, f.getOrDefault("heads_on_latent", Double.NaN)));
    out.put(Step.RGB_DECODE_AND_NETWORK, f.getOrDefault(BundleManifest.RGB_DECODER, Double.NaN) + network);
    out.put(Step.JPEG_DECODE_AND_NETWORK, network);
    return out;
  }
}
