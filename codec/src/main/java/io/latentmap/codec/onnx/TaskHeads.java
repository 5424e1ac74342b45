package io.latentmap.codec.onnx;

import ai.onnxruntime.OrtException;
import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.stream.DecodedTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a bundle's task heads on decoded tensors (docs/formats.md 5.2 "Head input"): the head trained for the
 * received layer count, its input zero-padded up to the channels of the head's largest layer count, several frames
 * stacked into one batch.
 */
public final class TaskHeads {
  private TaskHeads() {}

  /**
   * The head input for frames decoded from the same number of layers at the same latent size: (N, C_head, H, W)
   * with the channels beyond each frame's decoded ones left at zero.
   */
  public static FloatTensor input(BundleManifest manifest, List<DecodedTensor> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames");
    }
    DecodedTensor first = frames.get(0);
    BundleManifest.Head head = manifest.headFor(first.layerCount());
    int headChannels = manifest.layers().get(head.maxLayers() - 1).end();
    int plane = first.height() * first.width();
    float[] batch = new float[frames.size() * headChannels * plane];
    for (int n = 0; n < frames.size(); n++) {
      DecodedTensor frame = frames.get(n);
      if (frame.layerCount() != first.layerCount() || frame.height() != first.height()
          || frame.width() != first.width()) {
        throw new IllegalArgumentException("a batch needs one layer count and latent size; frame " + n + " differs");
      }
      frame.dequantizeInto(batch, n * headChannels * plane);
    }
    return new FloatTensor(batch, new long[] {frames.size(), headChannels, first.height(), first.width()});
  }

  /**
   * Runs the head for the frames' layer count and returns its outputs by role (segmentation, detection, ...).
   *
   * @throws CodecException if ONNX Runtime fails on the input
   */
  public static Map<String, FloatTensor> run(BundleNetworks networks, List<DecodedTensor> frames)
      throws CodecException {
    BundleManifest manifest = networks.bundle().manifest();
    BundleManifest.Head head = manifest.headFor(frames.get(0).layerCount());
    List<String> roles = new ArrayList<>(head.outputs().keySet());
    List<String> names = roles.stream().map(head.outputs()::get).toList();
    Map<String, FloatTensor> byName;
    try {
      byName = networks.head(frames.get(0).layerCount()).run(input(manifest, frames), names);
    } catch (OrtException e) {
      throw new CodecException("head " + head.path() + " failed: " + e.getMessage(), e);
    }
    java.util.LinkedHashMap<String, FloatTensor> byRole = new java.util.LinkedHashMap<>();
    for (String role : roles) {
      byRole.put(role, byName.get(head.outputs().get(role)));
    }
    return byRole;
  }
}
