package io.latentmap.codec.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.entropy.FactorizedModel;
import io.latentmap.codec.entropy.GaussianConditional;
import io.latentmap.codec.fixture.LatentSampler;
import io.latentmap.codec.fixture.ProceduralScalePredictor;
import io.latentmap.codec.fixture.SyntheticEntropyModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class TensorCodecTest {
  static final byte[] HASH = {9, 8, 7, 6, 5, 4, 3, 2};
  static final ProceduralScalePredictor SCALES = new ProceduralScalePredictor();

  /** A random bundle geometry, a tensor drawn for it (with far escapes), and how many layers to send. */
  record Case(CodecSpec spec, EntropyTables tables, int height, int width, int layerCount, int[] q, int[] zq,
      int[] indexes) {}

  @Property(tries = 150)
  void everyModelTypeRoundTripsExactlyForAnyLayerCount(@ForAll long seed, @ForAll EntropyModelType type)
      throws CodecException {
    Case c = randomCase(new SplittableRandom(seed), type, false);
    List<byte[]> layers = encode(c);
    DecodedTensor decoded = new TensorDecoder(c.spec(), c.tables()).decode(layers, SCALES);

    int channels = c.spec().channelsOfLayers(c.layerCount());
    int count = channels * c.height() * c.width();
    assertThat(decoded.layerCount()).isEqualTo(c.layerCount());
    assertThat(decoded.channels()).isEqualTo(channels);
    assertThat(decoded.symbols()).containsExactly(Arrays.copyOf(c.q(), count));
    assertThat(decoded.yHat()).containsExactly(expectedYHat(c, count));
    float[] batchSlot = new float[count + 3];
    Arrays.fill(batchSlot, -7f);
    decoded.dequantizeInto(batchSlot, 2);
    assertThat(Arrays.copyOfRange(batchSlot, 2, 2 + count)).containsExactly(expectedYHat(c, count));
    assertThat(new float[] {batchSlot[0], batchSlot[1], batchSlot[count + 2]}).containsOnly(-7f);
    if (type == EntropyModelType.HYPERPRIOR) {
      assertThat(decoded.zSymbols()).containsExactly(c.zq());
    }
    int[] reuse = new int[count];
    Arrays.fill(reuse, 99);
    DecodedTensor intoReused = new TensorDecoder(c.spec(), c.tables()).decode(layers, SCALES, reuse);
    assertThat(intoReused.symbols()).isSameAs(reuse).containsExactly(Arrays.copyOf(c.q(), count));
    int[] wrongSize = new int[count + 1];
    assertThat(new TensorDecoder(c.spec(), c.tables()).decode(layers, SCALES, wrongSize).symbols())
        .isNotSameAs(wrongSize).containsExactly(Arrays.copyOf(c.q(), count));
    assertThat(wrongSize).containsOnly(0);
  }

  @Property(tries = 40)
  void emptyAndAllZeroTensorsRoundTrip(@ForAll long seed, @ForAll EntropyModelType type) throws CodecException {
    Case c = randomCase(new SplittableRandom(seed), type, true);
    DecodedTensor decoded = new TensorDecoder(c.spec(), c.tables()).decode(encode(c), SCALES);
    assertThat(Arrays.stream(decoded.symbols()).allMatch(v -> v == 0)).isTrue();
    assertThat(decoded.symbols()).hasSize(c.spec().channelsOfLayers(c.layerCount()) * c.height() * c.width());
  }

  @Example
  void emptyLatentStillCarriesOneValidMessagePerLayer() throws CodecException {
    for (EntropyModelType type : EntropyModelType.values()) {
      CodecSpec spec = spec(type, List.of(new ChannelRange(0, 2), new ChannelRange(2, 5)), 4, 4);
      EntropyTables tables = tables(type, spec, new SplittableRandom(5));
      Case c = new Case(spec, tables, 0, 3, 2, new int[0], new int[0], new int[0]);
      DecodedTensor decoded = new TensorDecoder(spec, tables).decode(encode(c), SCALES);
      assertThat(decoded.symbols()).isEmpty();
      assertThat(decoded.channels()).isEqualTo(5);
    }
  }

  @Example
  void oneElementTensorRoundTrips() throws CodecException {
    for (EntropyModelType type : EntropyModelType.values()) {
      CodecSpec spec = spec(type, List.of(new ChannelRange(0, 1)), 1, 1);
      EntropyTables tables = tables(type, spec, new SplittableRandom(6));
      int[] zq = type == EntropyModelType.HYPERPRIOR ? new int[spec.zChannels()] : new int[0];
      Case c = new Case(spec, tables, 1, 1, 1, new int[] {-1_000_000}, zq, indexes(spec, tables, zq, 1, 1));
      assertThat(new TensorDecoder(spec, tables).decode(encode(c), SCALES).symbols()).containsExactly(-1_000_000);
    }
  }

  // ------------------------------------------------------------------------------------------------ fixtures

  static List<byte[]> encode(Case c) {
    TensorEncoder encoder = new TensorEncoder(c.spec(), c.tables());
    return c.spec().entropyModel() == EntropyModelType.FACTORIZED
        ? encoder.encodeFactorized(c.q(), c.height(), c.width(), c.layerCount())
        : encoder.encodeHyperprior(c.q(), c.indexes(), c.zq(), c.height(), c.width(), c.layerCount());
  }

  static float[] expectedYHat(Case c, int count) {
    float[] expected = new float[count];
    int plane = c.height() * c.width();
    for (int i = 0; i < count; i++) {
      expected[i] = c.spec().entropyModel() == EntropyModelType.FACTORIZED
          ? c.q()[i] + c.tables().factorizedY().median(i / plane)
          : c.q()[i];
    }
    return expected;
  }

  static Case randomCase(SplittableRandom random, EntropyModelType type, boolean allZero) {
    List<ChannelRange> layers = new ArrayList<>();
    int start = 0;
    int layerCount = 1 + random.nextInt(4);
    for (int k = 0; k < layerCount; k++) {
      int end = start + 1 + random.nextInt(5);
      layers.add(new ChannelRange(start, end));
      start = end;
    }
    int maxHeight = 1 + random.nextInt(12);
    int maxWidth = 1 + random.nextInt(12);
    CodecSpec spec = spec(type, layers, maxHeight, maxWidth);
    EntropyTables tables = tables(type, spec, random);
    int height = random.nextInt(maxHeight + 1);
    int width = random.nextInt(maxWidth + 1);
    int plane = height * width;
    int channels = spec.channels();
    int[] zq = new int[0];
    int[] q = new int[channels * plane];
    int[] indexes = new int[0];
    if (type == EntropyModelType.FACTORIZED) {
      FactorizedModel model = tables.factorizedY();
      if (!allZero) {
        model.quantize(LatentSampler.laplaceLatent(SyntheticEntropyModels.channelScales(channels, random.nextLong()),
            model.medians(), plane, random.nextLong()), channels, plane, q);
      }
    } else {
      int zPlane = spec.zHeight(height) * spec.zWidth(width);
      zq = new int[spec.zChannels() * zPlane];
      if (!allZero) {
        FactorizedModel zModel = tables.hyperLatentZ();
        zModel.quantize(LatentSampler.laplaceLatent(
            SyntheticEntropyModels.channelScales(spec.zChannels(), random.nextLong()), zModel.medians(), zPlane,
            random.nextLong()), spec.zChannels(), zPlane, zq);
        // Modest z escapes: the procedural hyper-decoder turns |z_hat| into sigma, and y must stay escapable.
        for (int i = 0; i < 2 && zq.length > 0; i++) {
          zq[random.nextInt(zq.length)] = random.nextInt(-1000, 1000);
        }
      }
      indexes = indexes(spec, tables, zq, height, width);
      if (!allZero) {
        float[] sigma = SCALES.predictScales(dequantizeZ(tables, spec, zq, zPlane), spec.zChannels(),
            spec.zHeight(height), spec.zWidth(width), channels, height, width);
        GaussianConditional.quantize(LatentSampler.gaussianLatent(sigma, random.nextLong()), q.length, q);
      }
    }
    if (!allZero) {
      sprinkleEscapes(q, random);
    }
    return new Case(spec, tables, height, width, 1 + random.nextInt(layers.size()), q, zq, indexes);
  }

  static void sprinkleEscapes(int[] values, SplittableRandom random) {
    for (int i = 0; i < 4 && values.length > 0; i++) {
      values[random.nextInt(values.length)] = random.nextInt(-(1 << 29), 1 << 29);
    }
  }

  static float[] dequantizeZ(EntropyTables tables, CodecSpec spec, int[] zq, int zPlane) {
    float[] zHat = new float[zq.length];
    tables.hyperLatentZ().dequantize(zq, spec.zChannels(), zPlane, zHat);
    return zHat;
  }

  static int[] indexes(CodecSpec spec, EntropyTables tables, int[] zq, int height, int width) {
    if (spec.entropyModel() != EntropyModelType.HYPERPRIOR) {
      return new int[0];
    }
    int zPlane = spec.zHeight(height) * spec.zWidth(width);
    float[] sigma = SCALES.predictScales(dequantizeZ(tables, spec, zq, zPlane), spec.zChannels(),
        spec.zHeight(height), spec.zWidth(width), spec.channels(), height, width);
    int[] indexes = new int[sigma.length];
    tables.gaussianY().buildIndexes(sigma, 0, sigma.length, indexes, 0);
    return indexes;
  }

  static CodecSpec spec(EntropyModelType type, List<ChannelRange> layers, int maxHeight, int maxWidth) {
    boolean hyper = type == EntropyModelType.HYPERPRIOR;
    return new CodecSpec(type, 2, HASH, layers.get(layers.size() - 1).end(), maxHeight, maxWidth, layers,
        hyper ? 3 : 0, hyper ? 2 : 0);
  }

  static EntropyTables tables(EntropyModelType type, CodecSpec spec, SplittableRandom random) {
    return type == EntropyModelType.FACTORIZED
        ? EntropyTables.factorized(SyntheticEntropyModels.factorized(spec.channels(), random.nextLong()))
        : EntropyTables.hyperprior(SyntheticEntropyModels.factorized(spec.zChannels(), random.nextLong()),
            SyntheticEntropyModels.defaultGaussian());
  }
}
