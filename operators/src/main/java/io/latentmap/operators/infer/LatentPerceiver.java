package io.latentmap.operators.infer;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.onnx.FloatTensor;
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
    Map<Integer, List<Integer>> byLayerCount = new LinkedHashMap<>();
    for (int i = 0; i < frames.size(); i++) {
      byLayerCount.computeIfAbsent(frames.get(i).tensor().layerCount(), n -> new ArrayList<>()).add(i);
    }
    Perception[] results = new Perception[frames.size()];
    for (List<Integer> group : byLayerCount.values()) {
      List<DecodedTensor> tensors = group.stream().map(i -> frames.get(i).tensor()).toList();
      Map<String, FloatTensor> outputs = TaskHeads.run(networks, tensors);
      FloatTensor logits = outputs.get(SEGMENTATION);
      FloatTensor maps = outputs.get(DETECTION);
      for (int b = 0; b < group.size(); b++) {
        results[group.get(b)] = perception(frames.get(group.get(b)), logits, maps, b);
      }
    }
    return List.of(results);
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
