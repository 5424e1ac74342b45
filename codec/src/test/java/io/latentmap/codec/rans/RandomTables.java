package io.latentmap.codec.rans;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random but valid table sets and value sequences for property tests. */
final class RandomTables {
  private RandomTables() {}

  static CdfTableSet tableSet(SplittableRandom random, int tables) {
    List<QuantizedCdf> list = new ArrayList<>();
    for (int t = 0; t < tables; t++) {
      int length = 1 + random.nextInt(random.nextBoolean() ? 8 : 300);
      double[] pmf = new double[length];
      for (int i = 0; i < length; i++) {
        // Peaked, with some zero-probability symbols that the quantiser must lift to frequency 1.
        pmf[i] = random.nextInt(10) == 0 ? 0 : Math.pow(random.nextDouble(), 4);
      }
      pmf[random.nextInt(length)] = 1;
      double tail = Math.pow(10, -1 - 8 * random.nextDouble());
      list.add(QuantizedCdf.fromPmf(pmf, tail, random.nextInt(-50, 50)));
    }
    return CdfTableSet.of(list);
  }

  /** Values inside the tables mostly, with near, far and extreme escapes mixed in. */
  static int[] values(SplittableRandom random, int count, CdfTableSet tables, TableAssignment assignment) {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      int t = assignment.tableOf(i);
      int offset = tables.offset(t);
      int escape = tables.escapeSymbol(t);
      int kind = random.nextInt(20);
      if (kind == 0) {
        values[i] = offset - 1 - random.nextInt(1 << random.nextInt(30));
      } else if (kind == 1) {
        values[i] = offset + escape + random.nextInt(1 << random.nextInt(30));
      } else {
        values[i] = offset + random.nextInt(escape);
      }
    }
    return values;
  }

  /** Values drawn from the tables' own distributions (escapes drawn with the tail mass). */
  static int[] sampleFromModel(SplittableRandom random, int count, CdfTableSet tables, TableAssignment assignment) {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      int t = assignment.tableOf(i);
      int slot = random.nextInt(Rans.PROB_SCALE);
      int s = 0;
      while (tables.cdf[tables.base[t] + s + 1] <= slot) {
        s++;
      }
      values[i] = s == tables.escapeSymbol(t)
          ? tables.offset(t) + tables.escapeSymbol(t) + random.nextInt(1000)
          : s + tables.offset(t);
    }
    return values;
  }

  static TableAssignment assignment(SplittableRandom random, int count, int tables) {
    if (random.nextBoolean()) {
      int perTable = Math.max(1, (count + tables - 1) / tables);
      return TableAssignment.perBlock(0, perTable);
    }
    int[] indexes = new int[count];
    for (int i = 0; i < count; i++) {
      indexes[i] = random.nextInt(tables);
    }
    return TableAssignment.perValue(indexes, 0);
  }
}
