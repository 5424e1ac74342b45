package io.latentmap.operators.infer;

import ai.onnxruntime.OrtException;
import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.onnx.FloatTensor;
import io.latentmap.codec.onnx.OnnxNetwork;
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
   * Runs the heads on decoded frames: one ONNX call per head per group of frames that arrived with layer counts it
   * covers, results in input order.
   */
  public List<Perception> perceive(List<DecodedFrame> frames) throws OrtException {
    Map<BundleManifest.Head, List<Integer>> byHead = new LinkedHashMap<>();
    for (int i = 0; i < frames.size(); i++) {
      byHead.computeIfAbsent(manifest.headFor(frames.get(i).tensor().layerCount()), h -> new ArrayList<>()).add(i);
    }
    Perception[] results = new Perception[frames.size()];
    for (Map.Entry<BundleManifest.Head, List<Integer>> group : byHead.entrySet()) {
      runHead(group.getKey(), group.getValue(), frames, results);
    }
    return List.of(results);
  }

  private void runHead(BundleManifest.Head head, List<Integer> indexes, List<DecodedFrame> frames, Perception[] out)
      throws OrtException {
    DecodedTensor first = frames.get(indexes.get(0)).tensor();
    int height = first.height();
    int width = first.width();
    int plane = height * width;
    int headChannels = manifest.layers().get(head.maxLayers() - 1).end();
    float[] batch = new float[indexes.size() * headChannels * plane];
    for (int b = 0; b < indexes.size(); b++) {
      DecodedTensor t = frames.get(indexes.get(b)).tensor();
      if (t.height() != height || t.width() != width) {
        throw new IllegalArgumentException("frames of one batch must share a latent size");
      }
      // Channels the frame did not receive stay zero: the head was trained with that padding (formats.md 5.2).
      System.arraycopy(t.yHat(), 0, batch, b * headChannels * plane, t.channels() * plane);
    }
    OnnxNetwork network = networks.head(head.minLayers());
    FloatTensor input = new FloatTensor(batch, new long[] {indexes.size(), headChannels, height, width});
    String segmentationOutput = head.outputs().get("segmentation");
    String detectionOutput = head.outputs().get("detection");
    Map<String, FloatTensor> outputs = network.run(input,
        detectionOutput == null ? List.of(segmentationOutput) : List.of(segmentationOutput, detectionOutput));
    FloatTensor logits = outputs.get(segmentationOutput);
    FloatTensor maps = detectionOutput == null ? null : outputs.get(detectionOutput);
    for (int b = 0; b < indexes.size(); b++) {
      DecodedFrame decoded = frames.get(indexes.get(b));
      HeadOutputs.Segmentation seg = HeadOutputs.segmentation(logits, b, segmentationTrainIds);
      List<Detection> detections = maps == null ? List.of() : HeadOutputs.centerNet(maps, b, detectionTrainIds,
          (double) manifest.input().height() / maps.dim(2), detection.threshold(), detection.maxPerFrame());
      CompressedFrame f = decoded.frame();
      out[indexes.get(b)] = new Perception(f.getFrameId(), f.getSourceId(), micros(f), f.getPose(), f.getCamera(),
          decoded.tensor().layerCount(), decoded.wireBytes(), seg.height(), seg.width(), seg.trainIds(),
          seg.confidence(), detections.toArray(new Detection[0]));
    }
  }

  private static long micros(CompressedFrame f) {
    return f.getCaptureTime().getEpochSecond() * 1_000_000L + f.getCaptureTime().getNano() / 1000;
  }
}
