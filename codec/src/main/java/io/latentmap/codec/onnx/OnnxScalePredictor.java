package io.latentmap.codec.onnx;

import ai.onnxruntime.OrtException;
import io.latentmap.codec.CodecException;
import io.latentmap.codec.stream.ScalePredictor;
import java.util.Arrays;

/**
 * The bundle's ONNX hyper-decoder as a {@link ScalePredictor}: {@code z_hat} in, {@code scales} out. Networks that
 * work on padded sizes may return a larger map; its top-left (H, W) corner is used. Does not own the network.
 */
public final class OnnxScalePredictor implements ScalePredictor {
  public static final String OUTPUT = "scales";

  private final OnnxNetwork hyperDecoder;

  public OnnxScalePredictor(OnnxNetwork hyperDecoder) {
    this.hyperDecoder = hyperDecoder;
  }

  @Override
  public float[] predictScales(float[] zHat, int zChannels, int zHeight, int zWidth, int channels, int height,
      int width) throws CodecException {
    FloatTensor out;
    try {
      out = hyperDecoder.run(FloatTensor.nchw(zHat, zChannels, zHeight, zWidth), OUTPUT);
    } catch (OrtException e) {
      throw new CodecException("hyper-decoder failed: " + e.getMessage(), e);
    }
    long[] shape = out.shape();
    if (shape.length != 4 || shape[0] != 1 || shape[1] != channels || shape[2] < height || shape[3] < width) {
      throw new CodecException("hyper-decoder returned " + Arrays.toString(shape) + ", need (1, " + channels + ", >="
          + height + ", >=" + width + ")");
    }
    return cropTopLeft(out.data(), channels, out.dim(2), out.dim(3), height, width);
  }

  static float[] cropTopLeft(float[] data, int channels, int fromHeight, int fromWidth, int height, int width) {
    if (fromHeight == height && fromWidth == width) {
      return data;
    }
    float[] cropped = new float[channels * height * width];
    for (int c = 0; c < channels; c++) {
      for (int h = 0; h < height; h++) {
        System.arraycopy(data, (c * fromHeight + h) * fromWidth, cropped, (c * height + h) * width, width);
      }
    }
    return cropped;
  }
}
