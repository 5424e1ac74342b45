package io.latentmap.codec.rans;

/**
 * Maps a predicted scale to a Gaussian table index by CompressAI's {@code build_indexes} rule: the first
 * {@code j <= S-2} with {@code sigma <= scale_table[j]}, else {@code S-1} (NaN included). Lives beside the coder
 * so that the decoder can compute indexes inside its loop, where they overlap with the state's dependency chain.
 *
 * <p>Positive floats order like their bit patterns, so the top bits of a scale pick a bucket whose first index is
 * precomputed; 2^18-bit buckets are 1/32 of an octave, finer than any sensible scale table, so a step or two
 * remains. A binary search instead costs about 50 ns a value in mispredicted branches.
 *
 * <p>{@link #indexesOf} maps a run of scales in a separate pass, ahead of the rANS loop that consumes them: inside
 * that loop the same work costs about three times as much (it competes with the state's dependency chain for the
 * out-of-order window), and the pass itself is branch-free for the finite non-negative scales a hyper-decoder emits.
 */
public final class ScaleTableIndex {
  static final int BUCKET_SHIFT = 18;
  static final int BUCKETS = (Float.floatToRawIntBits(Float.POSITIVE_INFINITY) >>> BUCKET_SHIFT) + 1;
  /** Buckets of every 32-bit pattern, so that the batch pass may index before it knows a scale is ordinary. */
  private static final int ALL_PATTERN_BUCKETS = 1 << (Integer.SIZE - BUCKET_SHIFT);
  private static final int LARGEST_ORDINARY_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

  private final float[] scaleTable;
  private final char[] bucketStart;
  /** scale_table with its last entry replaced by +inf: the last index is never stepped past. */
  private final float[] stepThreshold;
  /** The bit patterns of {@link #stepThreshold}: the batch pass compares scales as integers, without a branch. */
  private final int[] stepThresholdBits;
  /** True when no bucket holds more than one table boundary, so one branch-free step always suffices. */
  private final boolean singleStep;

  /** @param scaleTable strictly increasing, finite, positive (checked by the caller) */
  public ScaleTableIndex(float[] scaleTable) {
    if (scaleTable.length < 1 || scaleTable.length > CdfTableSet.MAX_TABLES) {
      throw new IllegalArgumentException("scale table length " + scaleTable.length);
    }
    this.scaleTable = scaleTable.clone();
    this.bucketStart = new char[ALL_PATTERN_BUCKETS];
    boolean oneBoundaryPerBucket = true;
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
      bucketStart[bucket] = (char) indexBySearch(Float.intBitsToFloat(bucket << BUCKET_SHIFT));
      int lastBitsOfBucket = Math.min((bucket << BUCKET_SHIFT) | ((1 << BUCKET_SHIFT) - 1),
          Float.floatToRawIntBits(Float.POSITIVE_INFINITY));
      oneBoundaryPerBucket &= indexBySearch(Float.intBitsToFloat(lastBitsOfBucket)) - bucketStart[bucket] <= 1;
    }
    this.singleStep = oneBoundaryPerBucket;
    this.stepThreshold = scaleTable.clone();
    stepThreshold[scaleTable.length - 1] = Float.POSITIVE_INFINITY;
    this.stepThresholdBits = new int[stepThreshold.length];
    for (int j = 0; j < stepThreshold.length; j++) {
      stepThresholdBits[j] = Float.floatToRawIntBits(stepThreshold[j]);
    }
  }

  /**
   * {@code indexes[outFrom + i] = indexOf(sigma[from + i])} for {@code i < count}. Ordinary scales (+0 and the
   * finite positive ones) take a branch-free path; a run holding any other value is redone value by value.
   */
  public void indexesOf(float[] sigma, int from, int count, int[] indexes, int outFrom) {
    if (!singleStep) {
      indexesOneByOne(sigma, from, count, indexes, outFrom);
      return;
    }
    int extraordinary = 0;
    for (int i = 0; i < count; i++) {
      int bits = Float.floatToRawIntBits(sigma[from + i]);
      // Ordinary iff 0 <= bits <= +inf's pattern: both terms below are then non-negative, else one is negative.
      // +0 is ordinary: a ReLU-ended hyper-decoder emits it for 5-9 % of the values, and bucket 0 maps it to index 0.
      extraordinary |= bits | (LARGEST_ORDINARY_BITS - bits);
      int index = bucketStart[bits >>> BUCKET_SHIFT];
      indexes[outFrom + i] = index + ((stepThresholdBits[index] - bits) >>> (Integer.SIZE - 1));
    }
    if (extraordinary < 0) {
      indexesOneByOne(sigma, from, count, indexes, outFrom);
    }
  }

  private void indexesOneByOne(float[] sigma, int from, int count, int[] indexes, int outFrom) {
    for (int i = 0; i < count; i++) {
      indexes[outFrom + i] = indexOf(sigma[from + i]);
    }
  }

  public int indexOf(float sigma) {
    int last = scaleTable.length - 1;
    if (Float.isNaN(sigma)) {
      return last;
    }
    int bits = Float.floatToRawIntBits(sigma);
    if (bits <= 0) {
      // +0, -0 and negative scales are below scale_table[0] > 0.
      return 0;
    }
    int index = bucketStart[bits >>> BUCKET_SHIFT];
    if (singleStep) {
      // A conditional move, not a branch: random scales would mispredict it half the time.
      return sigma > stepThreshold[index] ? index + 1 : index;
    }
    while (index < last && !(sigma <= scaleTable[index])) {
      index++;
    }
    return index;
  }

  /** The reference rule by binary search (scale_table[S-1] is never compared, as in CompressAI). */
  public int indexBySearch(float sigma) {
    int lo = 0;
    int hi = scaleTable.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sigma <= scaleTable[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
