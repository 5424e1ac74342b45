package io.latentmap.codec.onnx;

import java.util.Arrays;

/** A dense float32 tensor, row-major, with its shape (NCHW for every network of a bundle). */
public record FloatTensor(float[] data, long[] shape) {
  public FloatTensor {
    long elements = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      elements *= d;
    }
    if (elements != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + elements + " values, got "
          + data.length);
    }
  }

  public static FloatTensor nchw(float[] data, int channels, int height, int width) {
    return new FloatTensor(data, new long[] {1, channels, height, width});
  }

  public int dim(int axis) {
    return (int) shape[axis];
  }
}
