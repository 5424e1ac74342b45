package io.latentmap.codec.rans;

/**
 * Which CDF table codes each value of a stream: one table per block of consecutive values (factorized: a block is
 * one channel's H*W values), an explicit table index per value, or a predicted scale per value that is turned into
 * a Gaussian table index inside the coding loop.
 */
public final class TableAssignment {
  final int[] tableOfValue;
  final int tableOfValueFrom;
  final int firstTable;
  final int valuesPerTable;
  final float[] scaleOfValue;
  final ScaleTableIndex scaleIndex;

  private TableAssignment(int[] tableOfValue, int tableOfValueFrom, int firstTable, int valuesPerTable,
      float[] scaleOfValue, ScaleTableIndex scaleIndex) {
    this.tableOfValue = tableOfValue;
    this.tableOfValueFrom = tableOfValueFrom;
    this.firstTable = firstTable;
    this.valuesPerTable = valuesPerTable;
    this.scaleOfValue = scaleOfValue;
    this.scaleIndex = scaleIndex;
  }

  /** Values {@code [k*valuesPerTable, (k+1)*valuesPerTable)} use table {@code firstTable + k}. */
  public static TableAssignment perBlock(int firstTable, int valuesPerTable) {
    if (firstTable < 0 || valuesPerTable < 1) {
      throw new IllegalArgumentException("firstTable " + firstTable + ", valuesPerTable " + valuesPerTable);
    }
    return new TableAssignment(null, 0, firstTable, valuesPerTable, null, null);
  }

  /** Value {@code i} uses table {@code tables[from + i]}. */
  public static TableAssignment perValue(int[] tables, int from) {
    if (from < 0 || from > tables.length) {
      throw new IllegalArgumentException("from " + from + " outside the index array");
    }
    return new TableAssignment(tables, from, 0, 0, null, null);
  }

  /** Value {@code i} uses table {@code index.indexOf(scales[from + i])}. */
  public static TableAssignment perScale(float[] scales, int from, ScaleTableIndex index) {
    if (from < 0 || from > scales.length) {
      throw new IllegalArgumentException("from " + from + " outside the scale array");
    }
    return new TableAssignment(null, from, 0, 0, scales, index);
  }

  public int tableOf(int i) {
    if (tableOfValue != null) {
      return tableOfValue[tableOfValueFrom + i];
    }
    if (scaleOfValue != null) {
      return scaleIndex.indexOf(scaleOfValue[tableOfValueFrom + i]);
    }
    return firstTable + i / valuesPerTable;
  }

  /** {@code tables[j] = tableOf(first + j)} for {@code j < count}; not for per-value assignments. */
  void fillTables(int first, int count, int[] tables) {
    if (scaleOfValue != null) {
      scaleIndex.indexesOf(scaleOfValue, tableOfValueFrom + first, count, tables, 0);
      return;
    }
    int j = 0;
    while (j < count) {
      int value = first + j;
      int table = firstTable + value / valuesPerTable;
      int runEnd = Math.min(count, j + valuesPerTable - value % valuesPerTable);
      java.util.Arrays.fill(tables, j, runEnd, table);
      j = runEnd;
    }
  }

  /** Checks that every value of a stream of {@code count} values names an existing table. */
  void checkCovers(int count, int tableCount) {
    if (count == 0) {
      return;
    }
    if (scaleOfValue != null) {
      if (tableOfValueFrom + count > scaleOfValue.length) {
        throw new IllegalArgumentException("scale array shorter than the values");
      }
      return;
    }
    if (tableOfValue == null) {
      int last = firstTable + (count - 1) / valuesPerTable;
      if (last >= tableCount) {
        throw new IllegalArgumentException("values need table " + last + " of " + tableCount);
      }
      return;
    }
    if (tableOfValueFrom + count > tableOfValue.length) {
      throw new IllegalArgumentException("index array shorter than the values");
    }
    for (int i = 0; i < count; i++) {
      int t = tableOfValue[tableOfValueFrom + i];
      if (t < 0 || t >= tableCount) {
        throw new IllegalArgumentException("value " + i + " names table " + t + " of " + tableCount);
      }
    }
  }
}
