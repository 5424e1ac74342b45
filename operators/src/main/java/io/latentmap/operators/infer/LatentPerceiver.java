package io.latentmap.operators.infer;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.onnx.FloatTensor;
import io.latentmap.codec.onnx.OnnxNetwork;
import io.latentmap.codec.onnx.TaskHeads;
import io.latentmap.codec.stream.DecodedTensor;
import io.latentmap.codec.stream.ScalePredictor;
import io.latentmap.codec.stream.TensorDecoder;
import io.latentmap.schemas.CompressedFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Perception on learned-compressed frames without ever making pixels: entropy-decode each frame's layers to the
 * quantised latent, then run the task head trained for that many layers on a batch of latents. No Flink here, so
 * benchmarks and evaluation run exactly the code the job runs.
 */
public final class LatentPerceiver {
  private final BundleNetworks networks;
  private final BundleManifest manifest;
  private final TensorDecoder decoder;
  private final ScalePredictor scales;
  private final int[] segmentationTrainIds;
  private final int[] detectionTrainIds;
  private final DetectionSettings detection;

  /** Output roles of a head (docs/formats.md 5.2). */
  static final String SEGMENTATION = "segmentation";
  static final String DETECTION = "detection";

  /** How detections are read from the heatmaps. */
  public record DetectionSettings(float threshold, int maxPerFrame) {
    public static final DetectionSettings DEFAULTS = new DetectionSettings(0.3f, 64);
  }

  /**
   * How perception reaches the decoded latent. {@code HEADS_ON_LATENT} is the product: task heads on the latent
   * itself. {@code DECODE_THEN_INFER} is the classic baseline the seeds compare against: the bundle's RGB decoder
   * reconstructs pixels and its RGB task network runs on them (same outputs, for a like-for-like benchmark).
   */
  public enum Mode { HEADS_ON_LATENT, DECODE_THEN_INFER }

  /** ONNX output name of the RGB decoder (docs/formats.md 5.2). */
  static final String RGB_IMAGE_OUTPUT = "image";

  /** A frame whose latent is decoded and waits for its head. */
  public record DecodedFrame(CompressedFrame frame, DecodedTensor tensor, int wireBytes) {}

  public LatentPerceiver(BundleNetworks networks, DetectionSettings detection) {
    this.networks = networks;
    this.manifest = networks.bundle().manifest();
    this.decoder = networks.bundle().tensorDecoder();
    this.scales = manifest.entropyModel().type() == EntropyModelType.HYPERPRIOR ? networks.scalePredictor() : null;
    this.segmentationTrainIds = manifest.segmentationClasses().stream().mapToInt(BundleManifest.ClassLabel::trainId).toArray();
    this.detectionTrainIds = manifest.detectionClasses().stream().mapToInt(BundleManifest.ClassLabel::trainId).toArray();
    this.detection = detection;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /** Entropy decoding only: layer messages to the float latent the heads take. */
  public DecodedFrame decode(CompressedFrame frame) throws CodecException {
    List<byte[]> layers = new ArrayList<>(frame.getLayers().size());
    int wireBytes = 0;
    for (ByteBuffer layer : frame.getLayers()) {
      byte[] bytes = new byte[layer.remaining()];
      layer.duplicate().get(bytes);
      layers.add(bytes);
      wireBytes += bytes.length;
    }
    return new DecodedFrame(frame, decoder.decode(layers, scales), wireBytes);
  }

  /**
   * Runs the heads on decoded frames: one ONNX call per group of frames that arrived with the same layer count
   * (each group goes to the head trained for it, zero-padded as that head expects), results in input order.
   *
   * @throws CodecException if ONNX Runtime fails on a batch
   */
  public List<Perception> perceive(List<DecodedFrame> frames) throws CodecException {
    return perceive(frames, Mode.HEADS_ON_LATENT);
  }

  /** Like {@link #perceive(List)}, by the given path. */
  public List<Perception> perceive(List<DecodedFrame> frames, Mode mode) throws CodecException {
    Map<Integer, List<Integer>> byLayerCount = new LinkedHashMap<>();
    for (int i = 0; i < frames.size(); i++) {
      byLayerCount.computeIfAbsent(frames.get(i).tensor().layerCount(), n -> new ArrayList<>()).add(i);
    }
    Perception[] results = new Perception[frames.size()];
    for (List<Integer> group : byLayerCount.values()) {
      List<DecodedTensor> tensors = group.stream().map(i -> frames.get(i).tensor()).toList();
      Map<String, FloatTensor> outputs = outputs(tensors, mode);
      FloatTensor logits = outputs.get(SEGMENTATION);
      FloatTensor maps = outputs.get(DETECTION);
      for (int b = 0; b < group.size(); b++) {
        results[group.get(b)] = perception(frames.get(group.get(b)), logits, maps, b);
      }
    }
    return List.of(results);
  }

  /**
   * The raw network outputs by role (segmentation logits, detection maps) for latents decoded from the same number
   * of layers, by the given path: what {@link #perceive} reads its perceptions from, for evaluations that score
   * the logits themselves.
   *
   * @throws CodecException if ONNX Runtime fails on the batch
   */
  public Map<String, FloatTensor> outputs(List<DecodedTensor> tensors, Mode mode) throws CodecException {
    return mode == Mode.HEADS_ON_LATENT ? TaskHeads.run(networks, tensors) : decodeThenInfer(tensors);
  }

  /** RGB decoder on the zero-padded full latent, then the RGB task network on the pixels. */
  private Map<String, FloatTensor> decodeThenInfer(List<DecodedTensor> tensors) throws CodecException {
    OnnxNetwork rgbDecoder = requireNetwork(BundleManifest.RGB_DECODER);
    OnnxNetwork rgbNetwork = requireNetwork(BundleManifest.RGB_BASELINE);
    DecodedTensor first = tensors.get(0);
    int channels = manifest.tensor().channels();
    int plane = first.height() * first.width();
    float[] batch = new float[tensors.size() * channels * plane];
    for (int n = 0; n < tensors.size(); n++) {
      tensors.get(n).dequantizeInto(batch, n * channels * plane);
    }
    Map<String, String> outputNames = manifest.heads().get(0).outputs();
    try {
      FloatTensor image = rgbDecoder.run(
          new FloatTensor(batch, new long[] {tensors.size(), channels, first.height(), first.width()}), RGB_IMAGE_OUTPUT);
      clampToPixelRange(image, manifest.input());
      Map<String, FloatTensor> byName = rgbNetwork.run(image, List.copyOf(outputNames.values()));
      Map<String, FloatTensor> byRole = new LinkedHashMap<>();
      outputNames.forEach((role, name) -> byRole.put(role, byName.get(name)));
      return byRole;
    } catch (ai.onnxruntime.OrtException e) {
      throw new CodecException("decode-then-infer failed: " + e.getMessage(), e);
    }
  }

  /**
   * A decoder's reconstruction can overshoot what a camera could have produced; the RGB network was trained and is
   * evaluated on pixels in 0..255 (training clamps the reconstruction the same way), so values are limited to the
   * normalised image of that range, per channel.
   */
  static void clampToPixelRange(FloatTensor image, BundleManifest.Input input) {
    float[] data = image.data();
    int plane = image.dim(2) * image.dim(3);
    int channels = image.dim(1);
    for (int n = 0; n < image.dim(0); n++) {
      for (int ch = 0; ch < channels; ch++) {
        float mean = input.mean().get(ch).floatValue();
        float std = input.std().get(ch).floatValue();
        float low = (0f - mean) / std;
        float high = (1f - mean) / std;
        int base = (n * channels + ch) * plane;
        for (int i = base; i < base + plane; i++) {
          data[i] = Math.min(high, Math.max(low, data[i]));
        }
      }
    }
  }

  private OnnxNetwork requireNetwork(String role) {
    return networks.network(role).orElseThrow(() -> new IllegalStateException(
        "bundle " + manifest.id() + " has no " + role + ": decode-then-infer needs the RGB decoder and network"));
  }

  private Perception perception(DecodedFrame decoded, FloatTensor logits, FloatTensor maps, int b) {
    HeadOutputs.Segmentation seg = HeadOutputs.segmentation(logits, b, segmentationTrainIds);
    List<Detection> detections = maps == null ? List.of() : HeadOutputs.centerNet(maps, b, detectionTrainIds,
        (double) manifest.input().height() / maps.dim(2), detection.threshold(), detection.maxPerFrame());
    CompressedFrame f = decoded.frame();
    return new Perception(f.getFrameId(), f.getSourceId(), micros(f), f.getPose(), f.getCamera(),
        decoded.tensor().layerCount(), decoded.wireBytes(), seg.height(), seg.width(), seg.trainIds(),
        seg.confidence(), detections.toArray(new Detection[0]));
  }

  private static long micros(CompressedFrame f) {
    return f.getCaptureTime().getEpochSecond() * 1_000_000L + f.getCaptureTime().getNano() / 1000;
  }
}
