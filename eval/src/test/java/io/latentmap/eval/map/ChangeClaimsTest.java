package io.latentmap.eval.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How flipped cells become area claims, and how traversals are told apart. */
class ChangeClaimsTest {
  @Test
  void neighbouringCellsFormOnePatchAndDistantOnesAnother() {
    List<ChangeClaim.ClaimCell> cells = new ArrayList<>(row(0, 0, 6));
    cells.addAll(row(10, 0, 3));

    List<List<ChangeClaim.ClaimCell>> patches = ChangeClaims.connected(cells, ChangeClaims.PATCH_LINK_METERS);

    assertThat(patches).extracting(List::size).containsExactlyInAnyOrder(6, 3);
  }

  @Test
  void aPatchCloseInSpaceAndTimeToAnEarlierClaimContinuesIt() {
    ChangeClaim first = ChangeClaim.area(100, row(0, 0, 6));
    ChangeClaim next = ChangeClaim.area(101, row(1.5, 0, 6));
    ChangeClaim later = ChangeClaim.area(100 + ChangeClaims.MERGE_SECONDS + 1, row(0, 0, 6));
    ChangeClaim farther = ChangeClaim.area(101, row(0, ChangeClaims.MERGE_METERS + 2, 6));

    List<ChangeClaim> merged = ChangeClaims.merge(List.of(first, next, later, farther));

    assertThat(merged).hasSize(3);
    assertThat(merged.get(0).cells()).hasSize(12);
    assertThat(merged.get(0).time()).isEqualTo(100);
  }

  @Test
  void sightingsOfOneSourceSplitIntoTraversalsAtGaps() {
    List<Pass> passes = FleetViews.group("veh-001", List.of(10.0, 10.2, 10.4, 40.0, 10.6, 40.2,
        40.2 + FleetViews.PASS_GAP_SECONDS + 0.1));

    assertThat(passes).containsExactly(new Pass("veh-001", 10.0, 10.6, 4), new Pass("veh-001", 40.0, 40.2, 2),
        new Pass("veh-001", 40.2 + FleetViews.PASS_GAP_SECONDS + 0.1, 40.2 + FleetViews.PASS_GAP_SECONDS + 0.1, 1));
  }

  private static List<ChangeClaim.ClaimCell> row(double e0, double n0, int count) {
    List<ChangeClaim.ClaimCell> cells = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cells.add(new ChangeClaim.ClaimCell(e0 + 0.2 * i, n0, 3, true));
    }
    return cells;
  }
}
