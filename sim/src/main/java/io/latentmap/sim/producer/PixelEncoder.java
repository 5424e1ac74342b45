package io.latentmap.sim.producer;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.edge.EdgeEncoder;
import io.latentmap.map.camera.CameraIntrinsics;

/**
 * Packed 0xRRGGBB pixels of the bundle's input size -> every layer of the edge encoder's output, once. Holds no
 * per-frame state, so one instance serves all worker threads (the ONNX sessions behind it are thread-safe).
 */
final class PixelEncoder {

  private static final int RGB = 3;

  private final EdgeEncoder encoder;
  private final BundleManifest.Input input;
  private final int layerCount;

  PixelEncoder(EdgeEncoder encoder, BundleManifest manifest) {
    this.encoder = encoder;
    this.input = manifest.input();
    this.layerCount = manifest.layers().size();
  }

  EdgeEncoder.EncodedFrame encodeAllLayers(int[] packedRgb, int width, int height) throws CodecException {
    if (width != input.width() || height != input.height()) {
      throw new IllegalArgumentException("frame is " + width + "x" + height + ", the bundle's encoder takes "
          + input.width() + "x" + input.height());
    }
    return encoder.encode(EdgeEncoder.normalize(interleave(packedRgb, width * height), height, width, input),
        layerCount);
  }

  /** 0xRRGGBB ints -> R, G, B bytes per pixel, the layout {@link EdgeEncoder#normalize} reads. */
  static byte[] interleave(int[] packedRgb, int pixels) {
    byte[] out = new byte[pixels * RGB];
    for (int i = 0; i < pixels; i++) {
      int p = packedRgb[i];
      out[i * RGB] = (byte) (p >>> 16);
      out[i * RGB + 1] = (byte) (p >>> 8);
      out[i * RGB + 2] = (byte) p;
    }
    return out;
  }

  /**
   * The intrinsics of a camera resampled to the bundle's input size. The aspect ratio must match: the encoder
   * sees the whole field of view, never a crop or a stretch.
   */
  static CameraIntrinsics fitToInput(CameraIntrinsics k, BundleManifest.Input input) {
    if (k.width() == input.width() && k.height() == input.height()) {
      return k;
    }
    if ((long) k.width() * input.height() != (long) k.height() * input.width()) {
      throw new IllegalArgumentException("camera image " + k.width() + "x" + k.height()
          + " does not have the aspect ratio of the bundle's input " + input.width() + "x" + input.height());
    }
    CameraIntrinsics fitted = k.scaled((double) input.width() / k.width());
    if (fitted.width() != input.width() || fitted.height() != input.height()) {
      throw new IllegalArgumentException("camera image " + k.width() + "x" + k.height() + " does not scale to "
          + input.width() + "x" + input.height());
    }
    return fitted;
  }
}
