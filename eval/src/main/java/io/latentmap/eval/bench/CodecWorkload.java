package io.latentmap.eval.bench;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.entropy.FactorizedModel;
import io.latentmap.codec.entropy.GaussianConditional;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.fixture.LatentSampler;
import io.latentmap.codec.fixture.SyntheticEntropyModels;
import io.latentmap.codec.rans.ModelCost;
import io.latentmap.codec.rans.TableAssignment;
import io.latentmap.codec.stream.CodecSpec;
import io.latentmap.codec.stream.DecodedTensor;
import io.latentmap.codec.stream.LayerMessage;
import io.latentmap.codec.stream.ScalePredictor;
import io.latentmap.codec.stream.TensorDecoder;
import io.latentmap.codec.stream.TensorEncoder;
import java.util.List;

/**
 * One frame's worth of realistic latent data for the codec benchmarks: a 192 x 32 x 64 y tensor (a 256 x 512 frame
 * at stride 8) in three 64-channel layers. Factorized: per-channel Laplacians with scales log-uniform in
 * [0.05, 6] (many near-silent channels, a few busy ones). Hyperprior: a Laplacian z (32 x 8 x 16) and y drawn from
 * N(0, sigma^2) with sigma log-uniform in [0.11, 8]. The hyper-decoder network is not part of the measured work:
 * decoding gets the sigma it would produce, so the figures are those of the entropy codec itself.
 */
public final class CodecWorkload {
  static final int CHANNELS = FixtureBundles.CHANNELS;
  static final int HEIGHT = FixtureBundles.HEIGHT;
  static final int WIDTH = FixtureBundles.WIDTH;
  static final double MIN_SIGMA = 0.11;
  static final double MAX_SIGMA = 8;
  static final byte[] HASH_PREFIX = {0x6c, 0x61, 0x74, 0x65, 0x6e, 0x74, 0x6d, 0x70};

  private final EntropyModelType type;
  private final CodecSpec spec;
  private final EntropyTables tables;
  private final TensorEncoder encoder;
  private final TensorDecoder decoder;
  private final int[] symbols;
  private final int[] zSymbols;
  private final int[] scaleIndexes;
  private final ScalePredictor knownScales;

  private CodecWorkload(EntropyModelType type, long seed) {
    this.type = type;
    boolean hyper = type == EntropyModelType.HYPERPRIOR;
    spec = new CodecSpec(type, FixtureBundles.RANS_LANES, HASH_PREFIX, CHANNELS, HEIGHT, WIDTH,
        FixtureBundles.layers(), hyper ? FixtureBundles.Z_CHANNELS : 0, hyper ? FixtureBundles.Z_STRIDE : 0);
    int plane = HEIGHT * WIDTH;
    symbols = new int[CHANNELS * plane];
    if (!hyper) {
      FactorizedModel model = SyntheticEntropyModels.factorized(CHANNELS, seed);
      tables = EntropyTables.factorized(model);
      float[] y = LatentSampler.laplaceLatent(SyntheticEntropyModels.channelScales(CHANNELS, seed), model.medians(),
          plane, seed + 1);
      model.quantize(y, CHANNELS, plane, symbols);
      zSymbols = new int[0];
      scaleIndexes = new int[0];
      knownScales = null;
    } else {
      FactorizedModel zModel = SyntheticEntropyModels.factorized(FixtureBundles.Z_CHANNELS, seed);
      GaussianConditional gaussian = SyntheticEntropyModels.defaultGaussian();
      tables = EntropyTables.hyperprior(zModel, gaussian);
      int zPlane = spec.zHeight(HEIGHT) * spec.zWidth(WIDTH);
      zSymbols = new int[FixtureBundles.Z_CHANNELS * zPlane];
      zModel.quantize(LatentSampler.laplaceLatent(SyntheticEntropyModels.channelScales(FixtureBundles.Z_CHANNELS,
          seed), zModel.medians(), zPlane, seed + 2), FixtureBundles.Z_CHANNELS, zPlane, zSymbols);
      float[] sigma = LatentSampler.scales(symbols.length, MIN_SIGMA, MAX_SIGMA, seed + 3);
      GaussianConditional.quantize(LatentSampler.gaussianLatent(sigma, seed + 4), symbols.length, symbols);
      scaleIndexes = new int[symbols.length];
      gaussian.buildIndexes(sigma, 0, sigma.length, scaleIndexes, 0);
      knownScales = (zHat, zc, zh, zw, c, h, w) -> sigma;
    }
    encoder = new TensorEncoder(spec, tables);
    decoder = new TensorDecoder(spec, tables);
  }

  public static CodecWorkload create(EntropyModelType type, long seed) {
    return new CodecWorkload(type, seed);
  }

  public EntropyModelType type() {
    return type;
  }

  /** All layers of the frame. */
  public List<byte[]> encode() {
    return type == EntropyModelType.FACTORIZED
        ? encoder.encodeFactorized(symbols, HEIGHT, WIDTH, spec.layers().size())
        : encoder.encodeHyperprior(symbols, scaleIndexes, zSymbols, HEIGHT, WIDTH, spec.layers().size());
  }

  public DecodedTensor decode(List<byte[]> layers) throws CodecException {
    return decoder.decode(layers, knownScales);
  }

  /** Decodes into {@code reuse} (a buffer from an earlier decode of this workload), as a streaming consumer does. */
  public DecodedTensor decode(List<byte[]> layers, int[] reuse) throws CodecException {
    return decoder.decode(layers, knownScales, reuse);
  }

  /** Values coded per frame: y plus z. */
  public int codedValues() {
    return symbols.length + zSymbols.length;
  }

  public int[] symbols() {
    return symbols;
  }

  /** The model's cost of the frame in bits (docs/formats.md 1.6), y and z streams together. */
  public double modelCostBits() {
    int plane = HEIGHT * WIDTH;
    if (type == EntropyModelType.FACTORIZED) {
      FactorizedModel model = tables.factorizedY();
      return ModelCost.bits(symbols, 0, symbols.length, model.tables(), model.assignment(0, plane));
    }
    FactorizedModel zModel = tables.hyperLatentZ();
    int zPlane = spec.zHeight(HEIGHT) * spec.zWidth(WIDTH);
    return ModelCost.bits(zSymbols, 0, zSymbols.length, zModel.tables(), zModel.assignment(0, zPlane))
        + ModelCost.bits(symbols, 0, symbols.length, tables.gaussianY().tables(),
            TableAssignment.perValue(scaleIndexes, 0));
  }

  /** Bytes of the rANS streams alone (layer headers and CRCs excluded). */
  public static long streamBytes(List<byte[]> layers, CodecSpec spec) throws CodecException {
    long total = 0;
    for (int k = 0; k < layers.size(); k++) {
      for (LayerMessage.Stream stream : LayerMessage.parse(layers.get(k), spec, k).streams()) {
        total += stream.length();
      }
    }
    return total;
  }

  public CodecSpec spec() {
    return spec;
  }

  /** The y symbols as int8 (clamped), the input a general-purpose compressor would be given. */
  public byte[] int8Bytes() {
    byte[] bytes = new byte[symbols.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, symbols[i]));
    }
    return bytes;
  }
}
