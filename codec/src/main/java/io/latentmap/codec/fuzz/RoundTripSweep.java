package io.latentmap.codec.fuzz;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.entropy.FactorizedModel;
import io.latentmap.codec.entropy.GaussianConditional;
import io.latentmap.codec.fixture.LatentSampler;
import io.latentmap.codec.fixture.ProceduralScalePredictor;
import io.latentmap.codec.fixture.SyntheticEntropyModels;
import io.latentmap.codec.rans.ModelCost;
import io.latentmap.codec.rans.Rans;
import io.latentmap.codec.rans.TableAssignment;
import io.latentmap.codec.stream.ChannelRange;
import io.latentmap.codec.stream.CodecSpec;
import io.latentmap.codec.stream.DecodedTensor;
import io.latentmap.codec.stream.LayerMessage;
import io.latentmap.codec.stream.TensorDecoder;
import io.latentmap.codec.stream.TensorEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded sweep of random frames through encoder and decoder: every model type and lane count, random layer
 * geometry and latent size (empty and one-element tensors included), all-zero tensors, and escapes up to 2^29 away
 * from the tables. Checks that each frame round-trips exactly and that every rANS stream with at most two lanes
 * stays within {@code 1.01 x model cost + 16 bytes}.
 */
public final class RoundTripSweep {
  static final double RATE_FACTOR = 1.01;
  static final int RATE_SLACK_BYTES = 16;
  static final int MAX_SIDE = 12;
  static final int MAX_LAYERS = 4;
  static final int MAX_LAYER_CHANNELS = 5;
  static final int Z_CHANNELS = 3;
  static final int Z_STRIDE = 2;
  static final int ESCAPES_PER_TENSOR = 4;
  static final int MAX_ESCAPE = 1 << 29;
  private static final byte[] HASH_PREFIX = {1, 1, 2, 3, 5, 8, 13, 21};

  /**
   * @param worstRateRatio largest {@code bytes / (1.01 x cost / 8 + 16)} over streams with at most two lanes: the
   *     rate bound holds when this is at most 1
   */
  public record Report(long frames, long streams, long emptyFrames, long singleValueFrames, long allZeroFrames,
      List<String> failures, double worstRateRatio) {
    public boolean passed() {
      return failures.isEmpty() && worstRateRatio <= 1;
    }
  }

  private RoundTripSweep() {}

  public static Report run(long seed, int frames) {
    SplittableRandom random = new SplittableRandom(seed);
    // Immutable and costly to build (64 tables from the normal CDF), so shared by all frames.
    GaussianConditional gaussian = SyntheticEntropyModels.defaultGaussian();
    ProceduralScalePredictor scales = new ProceduralScalePredictor();
    List<String> failures = new ArrayList<>();
    long streams = 0;
    long empty = 0;
    long single = 0;
    long allZero = 0;
    double worst = 0;
    for (int f = 0; f < frames; f++) {
      EntropyModelType type = EntropyModelType.values()[f % 2];
      int lanes = 1 << random.nextInt(3);
      Frame frame = frame(random, type, lanes, f, gaussian);
      empty += frame.values() == 0 ? 1 : 0;
      single += frame.values() == 1 ? 1 : 0;
      allZero += frame.allZero() && frame.values() > 0 ? 1 : 0;
      try {
        List<byte[]> layers = frame.encode();
        DecodedTensor decoded = new TensorDecoder(frame.spec(), frame.tables()).decode(layers, scales);
        int count = decoded.channels() * frame.height() * frame.width();
        if (!Arrays.equals(decoded.symbols(), Arrays.copyOf(frame.q(), count))
            || !Arrays.equals(decoded.zSymbols(), frame.zq())) {
          failures.add("frame " + f + " (" + type.manifestName() + ", " + lanes + " lanes) did not round-trip");
        }
        for (int k = 0; k < layers.size(); k++) {
          for (LayerMessage.Stream stream : LayerMessage.parse(layers.get(k), frame.spec(), k).streams()) {
            streams++;
            if (lanes <= 2) {
              double bound = RATE_FACTOR * frame.costBits(k, stream.kind()) / 8 + RATE_SLACK_BYTES;
              worst = Math.max(worst, stream.length() / bound);
            }
          }
        }
      } catch (CodecException | RuntimeException e) {
        failures.add("frame " + f + " (" + type.manifestName() + ", " + lanes + " lanes): " + e);
      }
    }
    return new Report(frames, streams, empty, single, allZero, List.copyOf(failures), worst);
  }

  /** One random frame and everything needed to encode it and price its streams. */
  private record Frame(CodecSpec spec, EntropyTables tables, int height, int width, int layerCount, int[] q,
      int[] zq, int[] indexes, boolean allZero) {

    int values() {
      return spec.channelsOfLayers(layerCount) * height * width;
    }

    List<byte[]> encode() {
      TensorEncoder encoder = new TensorEncoder(spec, tables);
      return spec.entropyModel() == EntropyModelType.FACTORIZED
          ? encoder.encodeFactorized(q, height, width, layerCount)
          : encoder.encodeHyperprior(q, indexes, zq, height, width, layerCount);
    }

    double costBits(int layer, int streamKind) {
      int plane = height * width;
      if (streamKind == LayerMessage.STREAM_Z) {
        FactorizedModel z = tables.hyperLatentZ();
        int zPlane = spec.zHeight(height) * spec.zWidth(width);
        return ModelCost.bits(zq, 0, zq.length, z.tables(), z.assignment(0, zPlane));
      }
      ChannelRange range = spec.layers().get(layer);
      int from = range.start() * plane;
      int count = range.count() * plane;
      if (spec.entropyModel() == EntropyModelType.FACTORIZED) {
        FactorizedModel y = tables.factorizedY();
        return ModelCost.bits(q, from, count, y.tables(), y.assignment(range.start(), plane));
      }
      return ModelCost.bits(q, from, count, tables.gaussianY().tables(), TableAssignment.perValue(indexes, from));
    }
  }

  private static Frame frame(SplittableRandom random, EntropyModelType type, int lanes, int number,
      GaussianConditional sharedGaussian) {
    // Every tenth frame is empty (H = 0) and every tenth, offset by five, is a single value: a 1x1 latent sent
    // as one layer of one channel. The others are random up to the bounds.
    int shape = number % 10;
    boolean singleValue = shape == 5;
    List<ChannelRange> layers = new ArrayList<>();
    int layerCount = 1 + random.nextInt(MAX_LAYERS);
    for (int k = 0, start = 0; k < layerCount; k++) {
      int end = start + (singleValue && k == 0 ? 1 : 1 + random.nextInt(MAX_LAYER_CHANNELS));
      layers.add(new ChannelRange(start, end));
      start = end;
    }
    boolean hyper = type == EntropyModelType.HYPERPRIOR;
    CodecSpec spec = new CodecSpec(type, lanes, HASH_PREFIX, layers.get(layers.size() - 1).end(), MAX_SIDE, MAX_SIDE,
        layers, hyper ? Z_CHANNELS : 0, hyper ? Z_STRIDE : 0);
    int height = shape == 0 ? 0 : singleValue ? 1 : 1 + random.nextInt(MAX_SIDE);
    int width = singleValue ? 1 : 1 + random.nextInt(MAX_SIDE);
    int sentLayers = singleValue ? 1 : 1 + random.nextInt(layers.size());
    boolean allZero = number % 7 == 3;
    int plane = height * width;
    int allChannels = spec.channels();
    EntropyTables tables = hyper
        ? EntropyTables.hyperprior(SyntheticEntropyModels.factorized(Z_CHANNELS, random.nextLong()), sharedGaussian)
        : EntropyTables.factorized(SyntheticEntropyModels.factorized(allChannels, random.nextLong()));
    int[] q = new int[allChannels * plane];
    int[] zq = new int[0];
    int[] indexes = new int[0];
    if (!hyper) {
      FactorizedModel model = tables.factorizedY();
      if (!allZero) {
        model.quantize(LatentSampler.laplaceLatent(SyntheticEntropyModels.channelScales(allChannels,
            random.nextLong()), model.medians(), plane, random.nextLong()), allChannels, plane, q);
      }
    } else {
      FactorizedModel zModel = tables.hyperLatentZ();
      int zHeight = spec.zHeight(height);
      int zWidth = spec.zWidth(width);
      zq = new int[Z_CHANNELS * zHeight * zWidth];
      if (!allZero) {
        zModel.quantize(LatentSampler.laplaceLatent(SyntheticEntropyModels.channelScales(Z_CHANNELS,
            random.nextLong()), zModel.medians(), zHeight * zWidth, random.nextLong()), Z_CHANNELS,
            zHeight * zWidth, zq);
      }
      float[] zHat = new float[zq.length];
      zModel.dequantize(zq, Z_CHANNELS, zHeight * zWidth, zHat);
      float[] sigma = new ProceduralScalePredictor().predictScales(zHat, Z_CHANNELS, zHeight, zWidth, allChannels,
          height, width);
      GaussianConditional gaussian = tables.gaussianY();
      indexes = new int[sigma.length];
      gaussian.buildIndexes(sigma, 0, sigma.length, indexes, 0);
      if (!allZero) {
        GaussianConditional.quantize(LatentSampler.gaussianLatent(sigma, random.nextLong()), q.length, q);
      }
    }
    if (!allZero) {
      for (int i = 0; i < ESCAPES_PER_TENSOR && q.length > 0; i++) {
        q[random.nextInt(q.length)] = random.nextInt(-MAX_ESCAPE, MAX_ESCAPE);
      }
    }
    return new Frame(spec, tables, height, width, sentLayers, q, zq, indexes, allZero);
  }

  /** Rate bound constants, for printing. */
  public static String rateBound() {
    return RATE_FACTOR + " x cost + " + RATE_SLACK_BYTES + " B per stream, lanes <= 2, PROB_BITS " + Rans.PROB_BITS;
  }
}
