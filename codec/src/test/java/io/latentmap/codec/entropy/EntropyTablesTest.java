package io.latentmap.codec.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.fixture.SyntheticEntropyModels;
import io.latentmap.codec.rans.QuantizedCdf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EntropyTablesTest {
  final EntropyTables hyperprior = EntropyTables.hyperprior(SyntheticEntropyModels.factorized(8, 1),
      SyntheticEntropyModels.defaultGaussian());

  @Test
  void bothModelTypesSurviveAWriteReadCycleByteForByte() throws CodecException {
    EntropyTables factorized = EntropyTables.factorized(SyntheticEntropyModels.factorized(16, 2));
    for (EntropyTables tables : new EntropyTables[] {factorized, hyperprior}) {
      byte[] bytes = tables.toBytes();
      EntropyTables read = EntropyTables.fromBytes(bytes);
      assertThat(read.type()).isEqualTo(tables.type());
      assertThat(read.toBytes()).isEqualTo(bytes);
    }
    EntropyTables read = EntropyTables.fromBytes(hyperprior.toBytes());
    assertThat(read.gaussianY().scaleTable()).containsExactly(hyperprior.gaussianY().scaleTable());
    assertThat(read.hyperLatentZ().medians()).containsExactly(hyperprior.hyperLatentZ().medians());
    assertThat(read.gaussianY().tables().tables()).isEqualTo(hyperprior.gaussianY().tables().tables());
  }

  @Test
  void corruptFilesAreRejectedWithTheReason() {
    byte[] good = hyperprior.toBytes();
    byte[] flipped = good.clone();
    flipped[100] ^= 1;
    assertThatThrownBy(() -> EntropyTables.fromBytes(flipped)).isInstanceOf(CodecException.class)
        .hasMessageContaining("CRC32C");
    assertThatThrownBy(() -> EntropyTables.fromBytes(Arrays.copyOf(good, 7))).isInstanceOf(CodecException.class)
        .hasMessageContaining("shorter than its header");
    byte[] badMagic = good.clone();
    badMagic[0] = 'X';
    assertThatThrownBy(() -> EntropyTables.fromBytes(badMagic)).hasMessageContaining("LMET");
    byte[] badPrecision = good.clone();
    badPrecision[6] = 15;
    assertThatThrownBy(() -> EntropyTables.fromBytes(withCrc(badPrecision))).hasMessageContaining("precision");
  }

  @Test
  void aTableWithAZeroFrequencyIsRejectedEvenWithAValidCrc() {
    byte[] bytes = EntropyTables.factorized(SyntheticEntropyModels.factorized(1, 3)).toBytes();
    // Layout: header 8, set header 12, median 4, offset 4, length 4, then cdf[0], cdf[1], ...
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int firstCdf = 8 + 12 + 12;
    buffer.putInt(firstCdf + 4, buffer.getInt(firstCdf + 8));
    assertThatThrownBy(() -> EntropyTables.fromBytes(withCrc(bytes))).isInstanceOf(CodecException.class)
        .hasMessageContaining("strictly increasing");
  }

  @Test
  void absurdTableCountsAreRejectedBeforeAllocating() {
    byte[] bytes = hyperprior.toBytes();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8 + 4, Integer.MAX_VALUE);
    assertThatThrownBy(() -> EntropyTables.fromBytes(withCrc(bytes))).isInstanceOf(CodecException.class)
        .hasMessageContaining("tables, outside");
  }

  @Property(tries = 300)
  void bucketedScaleIndexEqualsTheBinarySearch(@ForAll int floatBits) {
    float sigma = Float.intBitsToFloat(floatBits);
    GaussianConditional gaussian = hyperprior.gaussianY();
    if (!Float.isNaN(sigma)) {
      assertThat(gaussian.indexOf(sigma)).isEqualTo(gaussian.indexBySearch(sigma));
    }
    float nearTable = gaussian.scaleTable()[Math.floorMod(floatBits, 64)] * (1 + (floatBits % 1000) * 1e-7f);
    assertThat(gaussian.indexOf(nearTable)).isEqualTo(gaussian.indexBySearch(nearTable));
  }

  @Property(tries = 300)
  void scaleIndexMatchesCompressAiBuildIndexes(@ForAll float sigma) {
    GaussianConditional gaussian = hyperprior.gaussianY();
    float[] table = gaussian.scaleTable();
    // CompressAI: indexes = S-1, then decrement once per table[:-1] entry with sigma <= entry.
    int expected = table.length - 1;
    for (int j = 0; j < table.length - 1; j++) {
      if (sigma <= table[j]) {
        expected--;
      }
    }
    assertThat(gaussian.indexOf(sigma)).isEqualTo(expected);
    assertThat(gaussian.indexOf(table[7])).isEqualTo(7);
  }

  /** Runs of scales that are ordinary except, now and then, for an arbitrary bit pattern (NaN, -0, negative). */
  @Property(tries = 300)
  void batchScaleIndexesEqualTheOneByOneRule(@ForAll long seed, @ForAll int oddBits) {
    GaussianConditional gaussian = hyperprior.gaussianY();
    java.util.Random random = new java.util.Random(seed);
    float[] scales = new float[1 + random.nextInt(300)];
    for (int i = 0; i < scales.length; i++) {
      scales[i] = (float) Math.exp(random.nextDouble() * 10 - 4);
    }
    if (random.nextBoolean()) {
      scales[random.nextInt(scales.length)] = Float.intBitsToFloat(oddBits);
    }
    int[] batch = new int[scales.length + 2];
    gaussian.buildIndexes(scales, 1, scales.length - 1, batch, 2);
    for (int i = 1; i < scales.length; i++) {
      assertThat(batch[i + 1]).as("scale %s", scales[i]).isEqualTo(gaussian.indexOf(scales[i]));
    }
  }

  @Test
  void extraordinaryScalesInARunTakeTheOneByOneRule() {
    GaussianConditional gaussian = hyperprior.gaussianY();
    float[] scales = {0.5f, Float.NaN, Float.intBitsToFloat(0xff800001), Float.NEGATIVE_INFINITY, -0f, 0f,
        Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.MAX_VALUE, -3f, 2f};
    int[] batch = new int[scales.length];
    gaussian.buildIndexes(scales, 0, scales.length, batch, 0);
    int last = SyntheticEntropyModels.SCALE_TABLE_LENGTH - 1;
    assertThat(batch).containsExactly(gaussian.indexOf(0.5f), last, last, 0, 0, 0, 0, last, last, 0,
        gaussian.indexOf(2f));
  }

  @Test
  void nanScaleMapsToTheWidestTableAsInCompressAi() {
    assertThat(hyperprior.gaussianY().indexOf(Float.NaN)).isEqualTo(SyntheticEntropyModels.SCALE_TABLE_LENGTH - 1);
    assertThat(hyperprior.gaussianY().indexOf(Float.intBitsToFloat(0xffc00001)))
        .isEqualTo(SyntheticEntropyModels.SCALE_TABLE_LENGTH - 1);
    assertThat(hyperprior.gaussianY().indexOf(Float.POSITIVE_INFINITY))
        .isEqualTo(SyntheticEntropyModels.SCALE_TABLE_LENGTH - 1);
    assertThat(hyperprior.gaussianY().indexOf(-3f)).isZero();
    assertThat(hyperprior.gaussianY().indexOf(0f)).isZero();
  }

  @Test
  void pmfQuantisationLiftsZeroProbabilitiesAndSumsToTheScale() {
    QuantizedCdf cdf = QuantizedCdf.fromPmf(new double[] {0.5, 0, 1e-12, 0.5}, 1e-9, -2);
    int[] entries = cdf.cdf();
    assertThat(entries[0]).isZero();
    assertThat(entries[entries.length - 1]).isEqualTo(65536);
    for (int i = 1; i < entries.length; i++) {
      assertThat(entries[i]).isGreaterThan(entries[i - 1]);
    }
    assertThat(cdf.escapeSymbol()).isEqualTo(4);
  }

  static byte[] withCrc(byte[] file) {
    CRC32C crc = new CRC32C();
    crc.update(file, 0, file.length - 4);
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(file.length - 4, (int) crc.getValue());
    return file;
  }
}
