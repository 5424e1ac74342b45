package io.latentmap.codec.bundle;

import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.stream.ChannelRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed content of a bundle's {@code manifest.json} (docs/formats.md section 5). Built only by
 * {@link ManifestParser}, which enforces the documented bounds.
 */
public record BundleManifest(
    String id,
    Kind kind,
    String description,
    Input input,
    Tensor tensor,
    List<ChannelRange> layers,
    EntropyModel entropyModel,
    Map<String, String> networks,
    List<Head> heads,
    List<ClassLabel> segmentationClasses,
    List<ClassLabel> detectionClasses,
    List<FileEntry> files,
    Metrics metrics) {

  public static final String FORMAT = "latentmap-bundle";
  public static final int FORMAT_VERSION = 1;

  /** Network roles of {@code networks}. */
  public static final String EDGE_ENCODER = "edge_encoder";

  public static final String HYPER_ENCODER = "hyper_encoder";
  public static final String HYPER_DECODER = "hyper_decoder";
  public static final String RGB_DECODER = "rgb_decoder";
  public static final String RGB_BASELINE = "rgb_baseline";

  /** What the tensor is. */
  public enum Kind {
    /** A learned image codec's latent. */
    LATENT,
    /** A split-computing intermediate feature of the recognition network. */
    FEATURE
  }

  /**
   * The frame the edge encoder takes.
   *
   * @param height pixels
   * @param width pixels
   * @param channels 3 (RGB)
   * @param mean per channel, network input = (pixel / 255 - mean) / std
   * @param std per channel
   */
  public record Input(int height, int width, int channels, List<Double> mean, List<Double> std) {}

  /**
   * The y tensor.
   *
   * @param channels C
   * @param stride input pixels per latent cell
   * @param height H for the input size
   * @param width W for the input size
   */
  public record Tensor(int channels, int stride, int height, int width) {}

  /**
   * @param lanes rANS lanes the edge encoder writes
   * @param tables path of the entropy tables file
   * @param zChannels hyperprior only, else 0
   * @param zStride hyperprior only, else 0
   */
  public record EntropyModel(
      EntropyModelType type, int precisionBits, int lanes, String tables, int zChannels, int zStride) {}

  /**
   * A task head for layer counts {@code minLayers..maxLayers}.
   *
   * @param outputs role (segmentation, detection) -> ONNX output name
   * @param detectionFormat format of the detection output, as named by training; empty if none
   */
  public record Head(int minLayers, int maxLayers, String path, Map<String, String> outputs, String detectionFormat) {
    public boolean covers(int layerCount) {
      return layerCount >= minLayers && layerCount <= maxLayers;
    }
  }

  public record ClassLabel(int trainId, String name) {}

  /** One file of the bundle with its SHA-256 (lowercase hex) and size in bytes. */
  public record FileEntry(String path, String sha256, long bytes) {}

  public record LayerMetrics(int layers, double bpp, double miou, double map50) {}

  public record BaselineMetrics(String name, double bpp, double miou, double map50) {}

  /**
   * @param layers per layer count, measured at export
   * @param baselines e.g. JPEG + RGB network
   * @param gflops network role -> GFLOPs per frame
   */
  public record Metrics(List<LayerMetrics> layers, List<BaselineMetrics> baselines, Map<String, Double> gflops) {}

  /** The head for a layer count. */
  public Head headFor(int layerCount) {
    for (Head head : heads) {
      if (head.covers(layerCount)) {
        return head;
      }
    }
    throw new IllegalArgumentException("no head covers " + layerCount + " layers");
  }

  public Optional<String> network(String role) {
    return Optional.ofNullable(networks.get(role));
  }
}
