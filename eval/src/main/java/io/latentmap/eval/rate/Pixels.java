package io.latentmap.eval.rate;

import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.edge.EdgeEncoder;
import io.latentmap.codec.onnx.FloatTensor;

/** 0xRRGGBB pixels -> the normalised NCHW input every pixel network of a bundle takes. */
public final class Pixels {
  private static final int RGB = 3;

  private Pixels() {}

  public static FloatTensor networkInput(int[] rgb, int width, int height, BundleManifest.Input input) {
    byte[] interleaved = new byte[rgb.length * RGB];
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      interleaved[i * RGB] = (byte) (p >>> 16);
      interleaved[i * RGB + 1] = (byte) (p >>> 8);
      interleaved[i * RGB + 2] = (byte) p;
    }
    return new FloatTensor(EdgeEncoder.normalize(interleaved, height, width, input),
        new long[] {1, RGB, height, width});
  }
}
