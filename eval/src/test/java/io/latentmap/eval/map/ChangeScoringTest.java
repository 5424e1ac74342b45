package io.latentmap.eval.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Change matching on hand-made changes, traversals and claims. */
class ChangeScoringTest {
  private static final int ROAD = StaticClass.ROAD.trainId();
  private static final int FENCE = StaticClass.FENCE.trainId();

  /** A sign taken down at t = 100 s at (10, 20), passed at 50 s and then at 120 s and 180 s. */
  private static final ChangeScoring.Site SIGN_REMOVED = new ChangeScoring.Site(
      new Footprint(0, "SIGN_REMOVED", 100, 10, 20, List.of(),
          List.of(new Footprint.Point(LandmarkType.TRAFFIC_SIGN, 10, 20), new Footprint.Point(LandmarkType.POLE, 10,
              20)), List.of()),
      List.of(pass(50), pass(120), pass(180)));

  /** A fence across a lane at t = 200 s: a 2 x 1 m patch of road cells turned fence around (-40, 0). */
  private static final ChangeScoring.Site LANE_CLOSED = new ChangeScoring.Site(
      new Footprint(1, "LANE_CLOSED", 200, -40, 0, List.of(), List.of(), patch(-40, 0, 2, 1, ROAD, FENCE)),
      List.of(pass(150), pass(230), pass(260)));

  /** A sign put up at t = 300 s that no vehicle came back to see. */
  private static final ChangeScoring.Site UNSEEN = new ChangeScoring.Site(
      new Footprint(2, "SIGN_ADDED", 300, 80, 80, List.of(new Footprint.Point(LandmarkType.TRAFFIC_SIGN, 80, 80)),
          List.of(), List.of()),
      List.of(pass(250)));

  @Test
  void aClaimMatchingKindTypePlaceAndTimeDetectsTheChangeWithItsDelay() {
    ChangeClaim gone = ChangeClaim.landmark(ChangeClaim.Kind.DISAPPEARED, LandmarkType.TRAFFIC_SIGN, 11, 21, 181);

    ChangeScoring.Score score = ChangeScoring.score(List.of(SIGN_REMOVED), List.of(gone));

    ChangeScoring.Outcome outcome = score.outcomes().get(0);
    assertThat(outcome.detected()).isTrue();
    assertThat(outcome.delaySeconds()).isCloseTo(81, within(1e-9));
    assertThat(outcome.delayTraversals()).isEqualTo(2); // the pass at 120 s missed it, the one at 180 s did not
    assertThat(score.precision()).isEqualTo(1.0);
    assertThat(score.recall()).isEqualTo(1.0);
  }

  @Test
  void claimsOfTheWrongKindTypePlaceOrTimeDoNotMatch() {
    List<ChangeClaim> wrong = List.of(
        ChangeClaim.landmark(ChangeClaim.Kind.APPEARED, LandmarkType.TRAFFIC_SIGN, 10, 20, 130),
        ChangeClaim.landmark(ChangeClaim.Kind.DISAPPEARED, LandmarkType.TRAFFIC_LIGHT, 10, 20, 130),
        ChangeClaim.landmark(ChangeClaim.Kind.DISAPPEARED, LandmarkType.TRAFFIC_SIGN, 10, 24, 130),
        ChangeClaim.landmark(ChangeClaim.Kind.DISAPPEARED, LandmarkType.TRAFFIC_SIGN, 10, 20, 99));

    ChangeScoring.Score score = ChangeScoring.score(List.of(SIGN_REMOVED), wrong);

    assertThat(score.detected()).isZero();
    assertThat(score.claimMatched()).containsOnly(false);
    assertThat(score.precision()).isZero();
    assertThat(score.recall()).isZero();
    assertThat(score.outcomes().get(0).delaySeconds()).isNaN();
  }

  @Test
  void anAreaChangeNeedsEnoughFlippedCellsThatAgreeWithTheTruthNearItsFootprint() {
    ChangeClaim agreeing = ChangeClaim.area(231, cells(-40, 0, 6, FENCE, true));
    ChangeClaim disagreeing = ChangeClaim.area(232, cells(-40, 0, 12, ROAD, false));
    ChangeClaim tooFew = ChangeClaim.area(233, cells(-40, 0, ChangeScoring.MIN_AGREEING_CELLS - 1, FENCE, true));
    ChangeClaim elsewhere = ChangeClaim.area(234, cells(-40, 10, 20, FENCE, true));

    ChangeScoring.Score score =
        ChangeScoring.score(List.of(LANE_CLOSED), List.of(agreeing, disagreeing, tooFew, elsewhere));

    assertThat(score.claimMatched()).containsExactly(true, false, false, false);
    assertThat(score.outcomes().get(0).firstClaim()).contains(agreeing);
    assertThat(score.outcomes().get(0).delayTraversals()).isEqualTo(1);
    assertThat(score.precision()).isEqualTo(0.25);
  }

  @Test
  void recallCountsOnlyChangesSeenBeforeAndAfterWhilePrecisionCountsEveryClaim() {
    List<ChangeClaim> claims = List.of(
        ChangeClaim.landmark(ChangeClaim.Kind.DISAPPEARED, LandmarkType.POLE, 10, 20, 121),
        ChangeClaim.landmark(ChangeClaim.Kind.DISAPPEARED, LandmarkType.TRAFFIC_SIGN, 10, 20, 122),
        ChangeClaim.landmark(ChangeClaim.Kind.DISAPPEARED, LandmarkType.POLE, 200, 200, 50));

    ChangeScoring.Score score = ChangeScoring.score(List.of(SIGN_REMOVED, LANE_CLOSED, UNSEEN), claims);

    assertThat(UNSEEN.observable()).isFalse();
    assertThat(score.scheduled()).isEqualTo(3);
    assertThat(score.observable()).isEqualTo(2);
    assertThat(score.detected()).isEqualTo(1);
    assertThat(score.recall()).isEqualTo(0.5);
    assertThat(score.precision()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(score.outcomes().get(0).firstClaim().orElseThrow().type()).isEqualTo(LandmarkType.POLE);
    assertThat(score.medianDelaySeconds()).isCloseTo(21, within(1e-9));
  }

  @Test
  void aPassUnderWayWhenTheWorldChangesCountsOnBothSides() {
    ChangeScoring.Site watched = new ChangeScoring.Site(SIGN_REMOVED.footprint(),
        List.of(new Pass("rsu-000", 0, 300, 1500)));

    assertThat(watched.passesBefore()).isEqualTo(1);
    assertThat(watched.passesAfter()).isEqualTo(1);
    assertThat(watched.observable()).isTrue();
    assertThat(watched.passesAfterUntil(150)).isEqualTo(1);
  }

  @Test
  void withoutClaimsPrecisionIsUndefinedRatherThanPerfect() {
    ChangeScoring.Score score = ChangeScoring.score(List.of(SIGN_REMOVED), List.of());

    assertThat(score.precision()).isNaN();
    assertThat(score.recall()).isZero();
  }

  private static Pass pass(double start) {
    return new Pass("veh-000", start, start + 1.5, 8);
  }

  private static List<Footprint.Cell> patch(double e0, double n0, double width, double height, int was, int is) {
    List<Footprint.Cell> cells = new ArrayList<>();
    for (double e = e0; e < e0 + width; e += 0.2) {
      for (double n = n0; n < n0 + height; n += 0.2) {
        cells.add(new Footprint.Cell(e, n, was, is));
      }
    }
    return cells;
  }

  private static List<ChangeClaim.ClaimCell> cells(double e0, double n0, int count, int trainId, boolean agrees) {
    List<ChangeClaim.ClaimCell> cells = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cells.add(new ChangeClaim.ClaimCell(e0 + 0.2 * i, n0, trainId, agrees));
    }
    return cells;
  }
}
