package io.latentmap.codec.entropy;

import io.latentmap.codec.rans.CdfTableSet;
import io.latentmap.codec.rans.ScaleTableIndex;
import io.latentmap.codec.rans.TableAssignment;

/**
 * CompressAI GaussianConditional semantics, scale only (docs/formats.md 2.2): a predicted scale picks a table by
 * {@code index = (S-1) - #{j <= S-2 : sigma <= scale_table[j]}}; symbols are {@code q = round(y)} and the networks
 * consume {@code y_hat = q}.
 */
public final class GaussianConditional {
  private final CdfTableSet tables;
  private final float[] scaleTable;
  private final float tailMass;
  private final ScaleTableIndex index;

  public GaussianConditional(CdfTableSet tables, float[] scaleTable, float tailMass) {
    if (scaleTable.length != tables.size()) {
      throw new IllegalArgumentException(scaleTable.length + " scales for " + tables.size() + " tables");
    }
    for (int i = 0; i < scaleTable.length; i++) {
      if (!(Float.isFinite(scaleTable[i]) && scaleTable[i] > 0)) {
        throw new IllegalArgumentException("scale_table[" + i + "] = " + scaleTable[i] + " is not finite and > 0");
      }
      if (i > 0 && scaleTable[i] <= scaleTable[i - 1]) {
        throw new IllegalArgumentException("scale table not strictly increasing at " + i);
      }
    }
    this.tables = tables;
    this.scaleTable = scaleTable.clone();
    this.tailMass = tailMass;
    this.index = new ScaleTableIndex(scaleTable);
  }

  public CdfTableSet tables() {
    return tables;
  }

  public float[] scaleTable() {
    return scaleTable.clone();
  }

  public float tailMass() {
    return tailMass;
  }

  /**
   * Table index for a predicted scale: the first {@code j <= S-2} with {@code sigma <= scale_table[j]}, else
   * {@code S-1} (NaN included), which equals CompressAI's {@code build_indexes} for an increasing table.
   */
  public int indexOf(float sigma) {
    return index.indexOf(sigma);
  }

  /** The same rule by plain binary search, for cross-checking. */
  int indexBySearch(float sigma) {
    return index.indexBySearch(sigma);
  }

  /** Tables for a stream whose value {@code i} has predicted scale {@code scales[from + i]}. */
  public TableAssignment assignment(float[] scales, int from) {
    return TableAssignment.perScale(scales, from, index);
  }

  /** {@code indexes[outFrom + i] = indexOf(scales[from + i])} for {@code i < count}. */
  public void buildIndexes(float[] scales, int from, int count, int[] indexes, int outFrom) {
    index.indexesOf(scales, from, count, indexes, outFrom);
  }

  /** {@code q = rint(y)}. */
  public static void quantize(float[] y, int count, int[] q) {
    for (int i = 0; i < count; i++) {
      q[i] = (int) Math.rint(y[i]);
    }
  }

  /** {@code y_hat = (float) q}. */
  public static void dequantize(int[] q, int count, float[] yHat) {
    dequantize(q, count, yHat, 0);
  }

  /** {@code yHat[outFrom + i] = (float) q[i]}. */
  public static void dequantize(int[] q, int count, float[] yHat, int outFrom) {
    for (int i = 0; i < count; i++) {
      yHat[outFrom + i] = q[i];
    }
  }
}
