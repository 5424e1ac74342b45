package io.latentmap.map.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PendingFlipsTest {
  private static final int CELLS = 256 * 256;
  private static final int LABELS = 4;

  /**
   * Against the obvious model (a map of cell to its first old label and latest flip, dropping a cell that is back
   * to its old label): random flips of a few or many cells of one column or the whole tile, cleared now and then
   * as a publish does, copied midway.
   */
  @Property(tries = 200)
  void netChangesMatchAMapOfFirstAndLatestLabels(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6000) int flips,
      @ForAll boolean oneColumn) {
    Random random = new Random(seed);
    int[] labels = new int[CELLS]; // label 0 = never published
    PendingFlips pending = new PendingFlips();
    Map<Integer, CellFlip> model = new LinkedHashMap<>();
    PendingFlips copy = null;
    List<CellFlip> copiedModel = null;
    int distinctCells = 1 + random.nextInt(oneColumn ? 256 : 3 * flips);
    for (int i = 0; i < flips; i++) {
      int pick = random.nextInt(distinctCells);
      int cell = oneColumn ? (pick % 256) * 256 + 17 : pick % CELLS;
      int newLabel = 1 + random.nextInt(LABELS - 1);
      if (random.nextInt(4) == 0) {
        newLabel = model.containsKey(cell) ? model.get(cell).oldTrainId() : labels[cell]; // flip back
      }
      float confidence = random.nextFloat();
      pending.record(cell, labels[cell], newLabel, confidence);
      CellFlip earlier = model.get(cell);
      int first = earlier == null ? labels[cell] : earlier.oldTrainId();
      if (first == newLabel) {
        model.remove(cell);
      } else {
        model.put(cell, new CellFlip(cell, first, newLabel, confidence));
      }
      labels[cell] = newLabel;
      if (i == flips / 2) {
        copy = new PendingFlips();
        copy.copyFrom(pending);
        copiedModel = sorted(model.values());
      }
      if (random.nextInt(1000) == 0) {
        assertThat(pending.inCellOrder()).isEqualTo(sorted(model.values()));
        pending.clear();
        model.clear();
      }
    }

    assertThat(pending.inCellOrder()).isEqualTo(sorted(model.values()));
    assertThat(pending.inRecordOrder()).containsExactlyInAnyOrderElementsOf(model.values());
    assertThat(pending.size()).isEqualTo(model.size());
    assertThat(pending.isEmpty()).isEqualTo(model.isEmpty());
    if (copy != null) {
      assertThat(copy.inCellOrder()).isEqualTo(copiedModel);
    }
  }

  @Test
  void aCellThatFlipsBackDropsOutAndAFlipAfterThatBringsItBack() {
    PendingFlips pending = new PendingFlips();
    pending.record(5, 0, 3, 0.5f);
    pending.record(5, 3, 0, 0.6f);
    assertThat(pending.isEmpty()).isTrue();
    assertThat(pending.inCellOrder()).isEmpty();

    pending.record(5, 0, 2, 0.7f);
    assertThat(pending.inCellOrder()).containsExactly(new CellFlip(5, 0, 2, 0.7f));
  }

  @Test
  void clearingAfterABurstStartsEmptyAndStillCountsNewFlips() {
    PendingFlips pending = new PendingFlips();
    for (int cell = 0; cell < 20_000; cell++) {
      pending.record(cell, 0, 1, 1f);
    }
    assertThat(pending.size()).isEqualTo(20_000);
    pending.clear();
    pending.clear();
    assertThat(pending.isEmpty()).isTrue();

    pending.record(19_999, 1, 2, 0.25f);
    pending.record(3, 1, 2, 0.5f);
    assertThat(pending.inCellOrder()).containsExactly(new CellFlip(3, 1, 2, 0.5f), new CellFlip(19_999, 1, 2, 0.25f));
  }

  private static List<CellFlip> sorted(java.util.Collection<CellFlip> flips) {
    List<CellFlip> list = new ArrayList<>(flips);
    list.sort(Comparator.comparingInt(CellFlip::cellIndex));
    return list;
  }
}
