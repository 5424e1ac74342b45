package io.latentmap.codec.stream;

import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.rans.Rans;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What a bundle's manifest fixes about its bitstreams: every size a decoder reads from the wire is checked against
 * these values before anything is allocated.
 *
 * @param entropyModel factorized or hyperprior
 * @param lanes rANS lanes the encoder writes (decoders accept 1, 2 and 4)
 * @param bundleHashPrefix first {@link #HASH_PREFIX_BYTES} bytes of the bundle hash
 * @param channels C of the y tensor
 * @param maxHeight latent rows for the bundle's input size (the bound for H on the wire)
 * @param maxWidth latent columns for the bundle's input size (the bound for W on the wire)
 * @param layers channel groups, layer 0 first, contiguous from channel 0 to C
 * @param zChannels hyperprior: channels of z; 0 for factorized
 * @param zStride hyperprior: y cells per z cell; 0 for factorized
 */
public record CodecSpec(
    EntropyModelType entropyModel,
    int lanes,
    byte[] bundleHashPrefix,
    int channels,
    int maxHeight,
    int maxWidth,
    List<ChannelRange> layers,
    int zChannels,
    int zStride) {

  public static final int HASH_PREFIX_BYTES = 8;
  public static final int MAX_CHANNELS = 4096;
  /** Largest latent side; the wire carries H and W as u16. */
  public static final int MAX_SIDE = 65535;
  public static final int MAX_LAYERS = 16;
  public static final int MAX_Z_STRIDE = 64;
  /** Bound on C x H x W, so that a decoded tensor always fits a Java array with room to spare. */
  public static final long MAX_TENSOR_VALUES = 1L << 28;

  public CodecSpec {
    if (!Rans.isValidLaneCount(lanes)) {
      throw new IllegalArgumentException("lanes " + lanes + " is not 1, 2 or 4");
    }
    if (bundleHashPrefix.length != HASH_PREFIX_BYTES) {
      throw new IllegalArgumentException("bundle hash prefix must be " + HASH_PREFIX_BYTES + " bytes");
    }
    bundleHashPrefix = bundleHashPrefix.clone();
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new IllegalArgumentException("channels " + channels + " outside [1, " + MAX_CHANNELS + "]");
    }
    if (maxHeight < 1 || maxHeight > MAX_SIDE || maxWidth < 1 || maxWidth > MAX_SIDE) {
      throw new IllegalArgumentException("latent size " + maxHeight + "x" + maxWidth + " outside [1, " + MAX_SIDE + "]");
    }
    if ((long) channels * maxHeight * maxWidth > MAX_TENSOR_VALUES) {
      throw new IllegalArgumentException("tensor " + channels + "x" + maxHeight + "x" + maxWidth + " exceeds "
          + MAX_TENSOR_VALUES + " values");
    }
    layers = List.copyOf(layers);
    if (layers.isEmpty() || layers.size() > MAX_LAYERS) {
      throw new IllegalArgumentException(layers.size() + " layers, outside [1, " + MAX_LAYERS + "]");
    }
    int next = 0;
    for (ChannelRange layer : layers) {
      if (layer.start() != next) {
        throw new IllegalArgumentException("layers must be contiguous from channel 0: " + layers);
      }
      next = layer.end();
    }
    if (next != channels) {
      throw new IllegalArgumentException("layers end at channel " + next + ", tensor has " + channels);
    }
    if (entropyModel == EntropyModelType.HYPERPRIOR) {
      if ((long) zChannels * maxHeight * maxWidth > MAX_TENSOR_VALUES) {
        throw new IllegalArgumentException("z of " + zChannels + " channels exceeds " + MAX_TENSOR_VALUES + " values");
      }
      if (zChannels < 1 || zChannels > MAX_CHANNELS || zStride < 1 || zStride > MAX_Z_STRIDE) {
        throw new IllegalArgumentException(
            "hyperprior needs z channels in [1, " + MAX_CHANNELS + "] and a z stride in [1, " + MAX_Z_STRIDE + "]");
      }
    } else if (zChannels != 0 || zStride != 0) {
      throw new IllegalArgumentException("factorized bundles have no z");
    }
  }

  /** Rows of z for a y of {@code height} rows. */
  public int zHeight(int height) {
    return ceilDiv(height, zStride);
  }

  public int zWidth(int width) {
    return ceilDiv(width, zStride);
  }

  /** Channels decoded from the first {@code layerCount} layers. */
  public int channelsOfLayers(int layerCount) {
    return layers.get(layerCount - 1).end();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  @Override
  public byte[] bundleHashPrefix() {
    return bundleHashPrefix.clone();
  }

  boolean hashPrefixMatches(byte[] message, int offset) {
    return Arrays.equals(message, offset, offset + HASH_PREFIX_BYTES, bundleHashPrefix, 0, HASH_PREFIX_BYTES);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CodecSpec s && entropyModel == s.entropyModel && lanes == s.lanes
        && Arrays.equals(bundleHashPrefix, s.bundleHashPrefix) && channels == s.channels && maxHeight == s.maxHeight
        && maxWidth == s.maxWidth && layers.equals(s.layers) && zChannels == s.zChannels && zStride == s.zStride;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bundleHashPrefix) * 31 + layers.hashCode();
  }

  @Override
  public String toString() {
    return "CodecSpec[" + entropyModel.manifestName() + ", lanes " + lanes + ", hash "
        + HexFormat.of().formatHex(bundleHashPrefix) + ", C " + channels + ", max " + maxHeight + "x" + maxWidth
        + ", layers " + layers + (zChannels > 0 ? ", z " + zChannels + "/" + zStride : "") + "]";
  }
}
