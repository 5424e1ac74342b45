package io.latentmap.eval.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.map.landmark.LandmarkType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Landmark error binned by traversals, on hand-made landmarks. */
class LandmarkTraversalsTest {
  private static final List<LandmarkTraversals.Truth> TRUTH = List.of(
      new LandmarkTraversals.Truth(1, LandmarkType.POLE, 0, 0, 1),
      new LandmarkTraversals.Truth(2, LandmarkType.POLE, 20, 0, 1),
      new LandmarkTraversals.Truth(3, LandmarkType.TRAFFIC_SIGN, 40, 0, 7),
      new LandmarkTraversals.Truth(4, LandmarkType.POLE, 60, 0, 12),
      new LandmarkTraversals.Truth(5, LandmarkType.POLE, 80, 0, 0));

  @Test
  void mapLandmarksPairWithTheNearestTrueOneOfTheirTypeWithinTheMatchDistance() {
    List<LandmarkTraversals.Pair> pairs = LandmarkTraversals.pair(List.of(
        mapped("a", LandmarkType.POLE, 1.5, 0),
        mapped("b", LandmarkType.POLE, 40.5, 0), // a sign stands there, not a pole
        mapped("c", LandmarkType.POLE, 20, 2.9),
        mapped("d", LandmarkType.POLE, 60, 3.1)), TRUTH);

    assertThat(pairs).extracting(p -> p.matched() ? p.truth().id() : -1L).containsExactly(1L, -1L, 2L, -1L);
    assertThat(pairs.get(0).errorMeters()).isCloseTo(1.5, within(1e-9));
    assertThat(pairs.get(2).errorMeters()).isCloseTo(2.9, within(1e-9));
  }

  @Test
  void binsGroupErrorsByTraversalsAndCountTheTrueLandmarksMapped() {
    List<LandmarkTraversals.Pair> pairs = LandmarkTraversals.pair(List.of(
        mapped("a", LandmarkType.POLE, 2, 0),
        mapped("a2", LandmarkType.POLE, 0, 1), // a duplicate of the same true pole
        mapped("s", LandmarkType.TRAFFIC_SIGN, 40.5, 0),
        mapped("p", LandmarkType.POLE, 60.2, 0)), TRUTH);

    List<LandmarkTraversals.Bin> bins = LandmarkTraversals.bins(pairs, TRUTH);

    assertThat(bins).extracting(LandmarkTraversals.Bin::label).containsExactly("1", "2", "3", "4-5", "6-9", "10+");
    LandmarkTraversals.Bin once = bins.get(0);
    assertThat(once.trueLandmarks()).isEqualTo(2);
    assertThat(once.trueMapped()).isEqualTo(1);
    assertThat(once.errors()).containsExactlyInAnyOrder(2.0, 1.0);
    assertThat(once.median()).isEqualTo(1.0);
    assertThat(once.p90()).isEqualTo(2.0);
    assertThat(bins.get(4).errors()).hasSize(1);
    assertThat(bins.get(5).median()).isCloseTo(0.2, within(1e-9));
    assertThat(bins.get(1).median()).isNaN();
    assertThat(bins.stream().mapToLong(LandmarkTraversals.Bin::trueLandmarks).sum()).isEqualTo(4); // one never passed
  }

  @Test
  void quantilesAreNearestRank() {
    List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0, 6.0, 7.0, 8.0, 9.0, 10.0);

    assertThat(LandmarkTraversals.quantile(values, 0.5)).isEqualTo(5.0);
    assertThat(LandmarkTraversals.quantile(values, 0.9)).isEqualTo(9.0);
    assertThat(LandmarkTraversals.quantile(List.of(), 0.5)).isNaN();
  }

  private static LandmarkTraversals.Mapped mapped(String id, LandmarkType type, double east, double north) {
    return new LandmarkTraversals.Mapped(id, type, east, north, 5);
  }
}
