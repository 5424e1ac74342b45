package io.latentmap.codec.stream;

import io.latentmap.codec.CodecException;

/**
 * The hyper-decoder of a hyperprior bundle: predicts the Gaussian scale (sigma) of every y element from the
 * dequantised hyper-latent. The production implementation runs the bundle's ONNX {@code hyper_decoder}.
 */
@FunctionalInterface
public interface ScalePredictor {
  /**
   * @param zHat dequantised z, (zChannels, zHeight, zWidth) row-major
   * @return sigma for all y channels of the bundle, (channels, height, width) row-major
   * @throws CodecException if the network fails or returns the wrong shape
   */
  float[] predictScales(float[] zHat, int zChannels, int zHeight, int zWidth, int channels, int height, int width)
      throws CodecException;
}
