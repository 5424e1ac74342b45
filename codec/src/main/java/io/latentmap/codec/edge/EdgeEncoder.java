package io.latentmap.codec.edge;

import ai.onnxruntime.OrtException;
import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.entropy.FactorizedModel;
import io.latentmap.codec.entropy.GaussianConditional;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.onnx.FloatTensor;
import io.latentmap.codec.onnx.OnnxNetwork;
import io.latentmap.codec.stream.CodecSpec;
import io.latentmap.codec.stream.TensorEncoder;
import java.util.Arrays;
import java.util.List;

/**
 * The edge side of a bundle: camera pixels -> edge encoder (ONNX) -> quantise -> rANS layers, plus for hyperprior
 * bundles hyper-encoder -> z -> hyper-decoder -> scales, exactly as the decoder will recompute them. Does not own
 * the networks; thread-safe when they are.
 */
public final class EdgeEncoder {
  /** ONNX output names fixed by docs/formats.md 5.2. */
  public static final String Y_OUTPUT = "y";

  public static final String Z_OUTPUT = "z";
  static final int RGB = 3;
  static final float MAX_PIXEL = 255f;

  private final ModelBundle bundle;
  private final BundleNetworks networks;
  private final CodecSpec spec;
  private final TensorEncoder encoder;

  public EdgeEncoder(ModelBundle bundle, BundleNetworks networks) {
    if (networks.bundle() != bundle) {
      throw new IllegalArgumentException("networks belong to bundle " + networks.bundle().id());
    }
    this.bundle = bundle;
    this.networks = networks;
    this.spec = bundle.codecSpec();
    this.encoder = bundle.tensorEncoder();
  }

  /**
   * What one frame encodes to.
   *
   * @param layers the layer messages, layer 0 first
   * @param height latent rows H
   * @param width latent columns W
   * @param y the edge encoder's float output, (C, H, W)
   * @param symbols quantised y, (C, H, W)
   * @param zSymbols hyperprior: quantised z; else empty
   * @param scaleIndexes hyperprior: Gaussian table index per y value; else empty
   */
  public record EncodedFrame(List<byte[]> layers, int height, int width, float[] y, int[] symbols, int[] zSymbols,
      int[] scaleIndexes) {
    public long totalBytes() {
      return layers.stream().mapToLong(l -> l.length).sum();
    }
  }

  /**
   * Network input from 8-bit RGB pixels, row-major and interleaved ({@code rgb[(row * width + col) * 3 + ch]}):
   * {@code (pixel / 255 - mean[ch]) / std[ch]} in (3, height, width) order.
   */
  public static float[] normalize(byte[] rgb, int height, int width, BundleManifest.Input input) {
    if (rgb.length != height * width * RGB) {
      throw new IllegalArgumentException(rgb.length + " bytes for a " + height + "x" + width + " RGB frame");
    }
    float[] out = new float[rgb.length];
    int plane = height * width;
    for (int ch = 0; ch < RGB; ch++) {
      float mean = input.mean().get(ch).floatValue();
      float std = input.std().get(ch).floatValue();
      for (int i = 0; i < plane; i++) {
        out[ch * plane + i] = ((rgb[i * RGB + ch] & 0xFF) / MAX_PIXEL - mean) / std;
      }
    }
    return out;
  }

  /**
   * Encodes a normalised image of the bundle's input size into its first {@code layerCount} layers.
   *
   * @throws CodecException if a network fails or returns a shape the bundle does not allow
   */
  public EncodedFrame encode(float[] image, int layerCount) throws CodecException {
    BundleManifest.Input input = bundle.manifest().input();
    FloatTensor y = run(networks.edgeEncoder(), new FloatTensor(image, new long[] {1, RGB, input.height(),
        input.width()}), Y_OUTPUT);
    int height = y.dim(2);
    int width = y.dim(3);
    requireShape(y, spec.channels(), spec.maxHeight(), spec.maxWidth(), "edge encoder");
    int plane = height * width;
    EntropyTables tables = bundle.entropyTables();
    int[] symbols = new int[y.data().length];
    if (spec.entropyModel() == EntropyModelType.FACTORIZED) {
      tables.factorizedY().quantize(y.data(), spec.channels(), plane, symbols);
      return new EncodedFrame(encoder.encodeFactorized(symbols, height, width, layerCount), height, width, y.data(),
          symbols, new int[0], new int[0]);
    }
    OnnxNetwork hyperEncoder = networks.network(BundleManifest.HYPER_ENCODER).orElseThrow();
    FloatTensor z = run(hyperEncoder, y, Z_OUTPUT);
    int zHeight = spec.zHeight(height);
    int zWidth = spec.zWidth(width);
    if (z.shape().length != 4 || z.dim(1) != spec.zChannels() || z.dim(2) != zHeight || z.dim(3) != zWidth) {
      throw new CodecException("hyper encoder returned " + Arrays.toString(z.shape()) + ", expected (1, "
          + spec.zChannels() + ", " + zHeight + ", " + zWidth + ")");
    }
    FactorizedModel zModel = tables.hyperLatentZ();
    int[] zSymbols = new int[z.data().length];
    zModel.quantize(z.data(), spec.zChannels(), zHeight * zWidth, zSymbols);
    float[] zHat = new float[zSymbols.length];
    zModel.dequantize(zSymbols, spec.zChannels(), zHeight * zWidth, zHat);
    // The decoder only sees z_hat, so the scales must come from it, not from z.
    float[] sigma = networks.scalePredictor().predictScales(zHat, spec.zChannels(), zHeight, zWidth,
        spec.channels(), height, width);
    GaussianConditional gaussian = tables.gaussianY();
    int[] indexes = new int[sigma.length];
    gaussian.buildIndexes(sigma, 0, sigma.length, indexes, 0);
    GaussianConditional.quantize(y.data(), symbols.length, symbols);
    return new EncodedFrame(encoder.encodeHyperprior(symbols, indexes, zSymbols, height, width, layerCount), height,
        width, y.data(), symbols, zSymbols, indexes);
  }

  private static FloatTensor run(OnnxNetwork network, FloatTensor input, String output) throws CodecException {
    try {
      return network.run(input, output);
    } catch (OrtException e) {
      throw new CodecException(network.name() + " failed: " + e.getMessage(), e);
    }
  }

  private static void requireShape(FloatTensor t, int channels, int maxHeight, int maxWidth, String what)
      throws CodecException {
    long[] s = t.shape();
    if (s.length != 4 || s[0] != 1 || s[1] != channels || s[2] < 1 || s[2] > maxHeight || s[3] < 1
        || s[3] > maxWidth) {
      throw new CodecException(what + " returned " + Arrays.toString(s) + ", bundle allows (1, " + channels
          + ", <=" + maxHeight + ", <=" + maxWidth + ")");
    }
  }
}
