package io.latentmap.codec.fuzz;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.entropy.FactorizedModel;
import io.latentmap.codec.entropy.GaussianConditional;
import io.latentmap.codec.fixture.LatentSampler;
import io.latentmap.codec.fixture.ProceduralScalePredictor;
import io.latentmap.codec.fixture.SyntheticEntropyModels;
import io.latentmap.codec.stream.ChannelRange;
import io.latentmap.codec.stream.CodecSpec;
import io.latentmap.codec.stream.DecodedTensor;
import io.latentmap.codec.stream.ScalePredictor;
import io.latentmap.codec.stream.TensorDecoder;
import io.latentmap.codec.stream.TensorEncoder;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Seeded random-mutation fuzzing of the layer decoders. A corpus of valid frames (factorized and hyperprior, with
 * escapes) is mutated (bit flips, random bytes, truncation, extension, spliced chunks, dropped or swapped layers);
 * half of the mutants get their CRC32C recomputed so the corruption reaches the rANS decoder instead of stopping at
 * the checksum. Each input must decode or raise {@link CodecException}; anything else is a failure. The bytes
 * each decode allocates (after a short warm-up that loads classes) are measured against the bound the manifest
 * implies.
 */
public final class DecoderFuzzer {
  static final int CHANNELS = 24;
  static final int MAX_HEIGHT = 12;
  static final int MAX_WIDTH = 10;
  static final int Z_CHANNELS = 6;
  static final int Z_STRIDE = 4;
  static final int CORPUS_FRAMES = 16;
  static final int MAX_MUTATIONS = 4;
  /** Values per element a decode keeps: symbols, y_hat and sigma (4 bytes each). */
  static final int BYTES_PER_ELEMENT = 12;
  /** Fixed allowance for headers, descriptors and small objects per decode. */
  static final long FIXED_ALLOWANCE = 64 * 1024;

  /** Inputs decoded before allocation is measured, so one-off class loading is not counted against a decode. */
  static final int WARM_UP_EXECS = 1000;

  /** Outcome of a run. */
  public record Report(long execs, long decoded, long rejected, List<String> failures, long maxAllocatedBytes,
      long allocationBound, long maxNanosPerExec) {
    public boolean passed() {
      return failures.isEmpty() && maxAllocatedBytes <= allocationBound;
    }
  }

  private record Target(TensorDecoder decoder, ScalePredictor scales, List<List<byte[]>> corpus) {}

  private DecoderFuzzer() {}

  public static Report run(long seed, long execs) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Target> targets = List.of(target(EntropyModelType.FACTORIZED, random), target(EntropyModelType.HYPERPRIOR, random));
    com.sun.management.ThreadMXBean threads = allocationCounter();
    long bound = allocationBound();
    long decoded = 0;
    long rejected = 0;
    long maxAllocated = 0;
    long maxNanos = 0;
    List<String> failures = new ArrayList<>();
    for (long exec = 0; exec < execs; exec++) {
      Target target = targets.get((int) (exec & 1));
      List<byte[]> input = mutate(target.corpus().get(random.nextInt(target.corpus().size())), random);
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      try {
        DecodedTensor tensor = target.decoder().decode(input, target.scales());
        if (tensor.symbols().length != tensor.channels() * tensor.height() * tensor.width()) {
          failures.add("exec " + exec + ": decoded tensor of inconsistent size");
        }
        decoded++;
      } catch (CodecException expected) {
        rejected++;
      } catch (RuntimeException | Error e) {
        if (failures.size() < 20) {
          failures.add("exec " + exec + " (seed " + seed + "): " + e);
        }
      }
      maxNanos = Math.max(maxNanos, System.nanoTime() - start);
      if (exec >= WARM_UP_EXECS) {
        maxAllocated = Math.max(maxAllocated, threads.getCurrentThreadAllocatedBytes() - allocatedBefore);
      }
    }
    return new Report(execs, decoded, rejected, List.copyOf(failures), maxAllocated, bound, maxNanos);
  }

  /** What the manifest bounds allow a decode to allocate. */
  static long allocationBound() {
    return (long) CHANNELS * MAX_HEIGHT * MAX_WIDTH * BYTES_PER_ELEMENT
        + (long) Z_CHANNELS * MAX_HEIGHT * MAX_WIDTH * 8 + FIXED_ALLOWANCE;
  }

  private static com.sun.management.ThreadMXBean allocationCounter() {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    bean.setThreadAllocatedMemoryEnabled(true);
    return bean;
  }

  private static Target target(EntropyModelType type, SplittableRandom random) {
    List<ChannelRange> layers = List.of(new ChannelRange(0, 8), new ChannelRange(8, 16), new ChannelRange(16, 24));
    CodecSpec spec = new CodecSpec(type, 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, CHANNELS, MAX_HEIGHT, MAX_WIDTH,
        layers, type == EntropyModelType.HYPERPRIOR ? Z_CHANNELS : 0,
        type == EntropyModelType.HYPERPRIOR ? Z_STRIDE : 0);
    ProceduralScalePredictor scales = new ProceduralScalePredictor();
    EntropyTables tables;
    if (type == EntropyModelType.FACTORIZED) {
      tables = EntropyTables.factorized(SyntheticEntropyModels.factorized(CHANNELS, random.nextLong()));
    } else {
      tables = EntropyTables.hyperprior(SyntheticEntropyModels.factorized(Z_CHANNELS, random.nextLong()),
          SyntheticEntropyModels.defaultGaussian());
    }
    TensorEncoder encoder = new TensorEncoder(spec, tables);
    List<List<byte[]>> corpus = new ArrayList<>();
    for (int f = 0; f < CORPUS_FRAMES; f++) {
      int height = 1 + random.nextInt(MAX_HEIGHT);
      int width = 1 + random.nextInt(MAX_WIDTH);
      int layerCount = 1 + random.nextInt(layers.size());
      corpus.add(type == EntropyModelType.FACTORIZED
          ? factorizedFrame(encoder, tables.factorizedY(), height, width, layerCount, random)
          : hyperpriorFrame(spec, encoder, tables, scales, height, width, layerCount, random));
    }
    return new Target(new TensorDecoder(spec, tables), scales, corpus);
  }

  private static List<byte[]> factorizedFrame(TensorEncoder encoder, FactorizedModel model, int height, int width,
      int layerCount, SplittableRandom random) {
    int plane = height * width;
    float[] y = LatentSampler.laplaceLatent(SyntheticEntropyModels.channelScales(CHANNELS, random.nextLong()),
        model.medians(), plane, random.nextLong());
    int[] q = new int[CHANNELS * plane];
    model.quantize(y, CHANNELS, plane, q);
    sprinkleEscapes(q, random);
    return encoder.encodeFactorized(q, height, width, layerCount);
  }

  private static List<byte[]> hyperpriorFrame(CodecSpec spec, TensorEncoder encoder, EntropyTables tables,
      ProceduralScalePredictor scales, int height, int width, int layerCount, SplittableRandom random) {
    FactorizedModel zModel = tables.hyperLatentZ();
    int zPlane = spec.zHeight(height) * spec.zWidth(width);
    float[] z = LatentSampler.laplaceLatent(SyntheticEntropyModels.channelScales(Z_CHANNELS, random.nextLong()),
        zModel.medians(), zPlane, random.nextLong());
    int[] zq = new int[Z_CHANNELS * zPlane];
    zModel.quantize(z, Z_CHANNELS, zPlane, zq);
    float[] zHat = new float[zq.length];
    zModel.dequantize(zq, Z_CHANNELS, zPlane, zHat);
    float[] sigma = scales.predictScales(zHat, Z_CHANNELS, spec.zHeight(height), spec.zWidth(width), CHANNELS,
        height, width);
    int[] indexes = new int[sigma.length];
    GaussianConditional gaussian = tables.gaussianY();
    gaussian.buildIndexes(sigma, 0, sigma.length, indexes, 0);
    int[] q = new int[sigma.length];
    GaussianConditional.quantize(LatentSampler.gaussianLatent(sigma, random.nextLong()), q.length, q);
    sprinkleEscapes(q, random);
    return encoder.encodeHyperprior(q, indexes, zq, height, width, layerCount);
  }

  private static void sprinkleEscapes(int[] q, SplittableRandom random) {
    for (int i = 0; i < 3 && q.length > 0; i++) {
      q[random.nextInt(q.length)] = random.nextInt(-100_000, 100_000);
    }
  }

  static List<byte[]> mutate(List<byte[]> frame, SplittableRandom random) {
    List<byte[]> layers = new ArrayList<>();
    frame.forEach(layer -> layers.add(layer.clone()));
    int mutations = 1 + random.nextInt(MAX_MUTATIONS);
    for (int m = 0; m < mutations; m++) {
      int k = random.nextInt(layers.size());
      byte[] layer = layers.get(k);
      switch (random.nextInt(8)) {
        case 0, 1 -> flipBit(layer, random);
        case 2 -> {
          if (layer.length > 0) {
            layer[random.nextInt(layer.length)] = (byte) random.nextInt(256);
          }
        }
        case 3 -> layers.set(k, java.util.Arrays.copyOf(layer, random.nextInt(layer.length + 1)));
        case 4 -> layers.set(k, extend(layer, random));
        case 5 -> layers.set(k, splice(layer, layers.get(random.nextInt(layers.size())), random));
        case 6 -> {
          if (layers.size() > 1) {
            layers.remove(random.nextInt(layers.size()));
          }
        }
        default -> {
          int j = random.nextInt(layers.size());
          layers.set(k, layers.get(j));
          layers.set(j, layer);
        }
      }
    }
    if (random.nextBoolean()) {
      layers.replaceAll(DecoderFuzzer::withFixedCrc);
    }
    return layers;
  }

  private static void flipBit(byte[] layer, SplittableRandom random) {
    if (layer.length > 0) {
      int bit = random.nextInt(layer.length * 8);
      layer[bit >>> 3] ^= (byte) (1 << (bit & 7));
    }
  }

  private static byte[] extend(byte[] layer, SplittableRandom random) {
    byte[] longer = java.util.Arrays.copyOf(layer, layer.length + 1 + random.nextInt(64));
    for (int i = layer.length; i < longer.length; i++) {
      longer[i] = (byte) random.nextInt(256);
    }
    return longer;
  }

  private static byte[] splice(byte[] target, byte[] donor, SplittableRandom random) {
    if (target.length == 0 || donor.length == 0) {
      return target;
    }
    int length = 1 + random.nextInt(Math.min(32, donor.length));
    int from = random.nextInt(donor.length - length + 1);
    int to = random.nextInt(Math.max(1, target.length - length + 1));
    byte[] result = target.clone();
    System.arraycopy(donor, from, result, to, Math.min(length, result.length - to));
    return result;
  }

  /** Recomputes the trailing CRC32C so that the mutation is judged by the decoder, not the checksum. */
  static byte[] withFixedCrc(byte[] layer) {
    if (layer.length < Integer.BYTES) {
      return layer;
    }
    CRC32C crc = new CRC32C();
    crc.update(layer, 0, layer.length - Integer.BYTES);
    ByteBuffer.wrap(layer, layer.length - Integer.BYTES, Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN)
        .putInt((int) crc.getValue());
    return layer;
  }
}
