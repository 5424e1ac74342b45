package io.latentmap.operators.validate;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What the job must know of a model bundle to accept a frame made with it, before any decoding: its identity and
 * the tensor geometry its manifest allows. Built from the loaded bundle's manifest.
 *
 * @param id bundle id (manifest {@code id})
 * @param sha256 SHA-256 of the bundle's manifest.json, 32 bytes
 * @param layerChannelRanges per layer, {@code [firstChannel, endChannel)}; layer 0 first
 * @param maxLayerBytes the largest layer message the job accepts (a bound on what a sender can make us hold)
 */
public record KnownBundle(
    String id,
    byte[] sha256,
    int channels,
    int height,
    int width,
    int imageWidth,
    int imageHeight,
    List<int[]> layerChannelRanges,
    int maxLayerBytes)
    implements Serializable {

  public KnownBundle {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("sha256 must be 32 bytes, got " + sha256.length);
    }
    if (layerChannelRanges.isEmpty()) {
      throw new IllegalArgumentException("a bundle has at least one layer");
    }
    sha256 = sha256.clone();
    layerChannelRanges = layerChannelRanges.stream().map(int[]::clone).toList();
  }

  public boolean hashEquals(byte[] other) {
    return Arrays.equals(sha256, other);
  }

  public int layerCount() {
    return layerChannelRanges.size();
  }
}
