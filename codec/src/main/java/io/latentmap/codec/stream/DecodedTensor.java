package io.latentmap.codec.stream;

/**
 * What the layers of one frame decode to: the quantised tensor (docs/formats.md 2.1 / 2.2). The float tensor the
 * task heads consume is derived on request, written straight into the caller's batch by {@link #dequantizeInto},
 * so decoding allocates the symbols only and a batch is filled without an intermediate copy.
 */
public final class DecodedTensor {
  /** Maps quantised values to the float latent: {@code out[outFrom + i]} for value {@code i}. */
  @FunctionalInterface
  public interface Dequantizer {
    void dequantize(int[] symbols, int channels, int plane, float[] out, int outFrom);
  }

  private final int layerCount;
  private final int channels;
  private final int height;
  private final int width;
  private final int[] symbols;
  private final int[] zSymbols;
  private final Dequantizer dequantizer;

  /**
   * @param layerCount layers decoded (0..layerCount-1)
   * @param channels y channels those layers cover
   * @param height H
   * @param width W
   * @param symbols quantised y, (channels, H, W)
   * @param zSymbols hyperprior: quantised z, (Cz, Hz, Wz); empty for factorized bundles
   * @param dequantizer the bundle's rule from symbols to the float latent
   */
  public DecodedTensor(int layerCount, int channels, int height, int width, int[] symbols, int[] zSymbols,
      Dequantizer dequantizer) {
    if ((long) channels * height * width != symbols.length) {
      throw new IllegalArgumentException(symbols.length + " symbols for a " + channels + "x" + height + "x" + width
          + " tensor");
    }
    this.layerCount = layerCount;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.symbols = symbols;
    this.zSymbols = zSymbols;
    this.dequantizer = dequantizer;
  }

  /** A tensor whose float latent is given as it is (tests, and latents that did not come from the codec). */
  public static DecodedTensor ofLatent(int layerCount, int channels, int height, int width, float[] yHat) {
    float[] latent = yHat.clone();
    return new DecodedTensor(layerCount, channels, height, width, new int[latent.length], new int[0],
        (symbols, c, plane, out, outFrom) -> System.arraycopy(latent, 0, out, outFrom, c * plane));
  }

  public int layerCount() {
    return layerCount;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Quantised y, (channels, H, W); the decoder's own array, not a copy. */
  public int[] symbols() {
    return symbols;
  }

  /** Quantised z of a hyperprior bundle; empty for factorized ones. */
  public int[] zSymbols() {
    return zSymbols;
  }

  /** Writes the float latent, (channels, H, W) row-major, to {@code out[outFrom ..)}. */
  public void dequantizeInto(float[] out, int outFrom) {
    dequantizer.dequantize(symbols, channels, height * width, out, outFrom);
  }

  /** The float latent in a new array. */
  public float[] yHat() {
    float[] yHat = new float[symbols.length];
    dequantizeInto(yHat, 0);
    return yHat;
  }
}
