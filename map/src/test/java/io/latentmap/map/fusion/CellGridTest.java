package io.latentmap.map.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.map.tile.StaticClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellGridTest {
  private static final int ROAD = StaticClass.ROAD.trainId();
  private static final int FENCE = StaticClass.FENCE.trainId();
  private static final int CELL = 17 * 256 + 40;

  private final CellGrid grid = new CellGrid(256);
  private final List<CellFlip> flips = new ArrayList<>();

  @Test
  void aCellIsPublishedOnceItsClassHasEnoughEvidence() {
    observe(ROAD, 1);
    assertThat(grid.label(CELL)).isEqualTo(CellGrid.UNKNOWN);
    observe(ROAD, 2);

    assertThat(grid.label(CELL)).isEqualTo(ROAD);
    assertThat(flips).containsExactly(new CellFlip(CELL, CellGrid.UNKNOWN, ROAD, 1f));
  }

  @Test
  void aSingleContraryObservationDoesNotFlipAPublishedCell() {
    observe(ROAD, 6);
    observe(FENCE, 1);
    observe(ROAD, 1);

    assertThat(grid.label(CELL)).isEqualTo(ROAD);
    assertThat(flips).hasSize(1);
  }

  @Test
  void aLastingChangeWinsAfterAFewObservations() {
    observe(ROAD, 20);
    int needed = 0;
    while (grid.label(CELL) == ROAD) {
      observe(FENCE, 1);
      needed++;
    }

    assertThat(grid.label(CELL)).isEqualTo(FENCE);
    assertThat(needed).isBetween(3, 8);
    assertThat(flips.get(flips.size() - 1).oldTrainId()).isEqualTo(ROAD);
  }

  @Test
  void untouchedCellsStayUnknownAndUnallocated() {
    observe(ROAD, 3);

    assertThat(grid.label(CELL + 1 + 256 * 100)).isEqualTo(CellGrid.UNKNOWN);
    assertThat(grid.observedBlockCount()).isEqualTo(1);
  }

  @Test
  void dynamicClassesNeverEnterTheGrid() {
    int car = 13;
    assertThatThrownBy(() -> grid.observe(CELL, car, 1f, FusionPolicy.DEFAULTS, flips::add))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CellGrid.isStatic(car)).isFalse();
  }

  private void observe(int trainId, int times) {
    for (int i = 0; i < times; i++) {
      grid.observe(CELL, trainId, 1f, FusionPolicy.DEFAULTS, flips::add);
    }
  }
}
