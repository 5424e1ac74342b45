package io.latentmap.eval.map;

import io.latentmap.eval.Statistics;
import io.latentmap.eval.bench.Figures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Matches the changes a map claimed against the changes that were scheduled, and scores the map's change detection:
 * precision over claims, recall over the changes the fleet could have seen (a traversal before the change, so that
 * there was something to change, and one after it), and for each detected change how long it took, in seconds of
 * event time and in traversals after the change. Pure: footprints, traversals and claims in, figures out.
 */
public final class ChangeScoring {
  /** A claimed landmark farther than this from the changed one does not describe it (metres). */
  public static final double LANDMARK_MATCH_METERS = io.latentmap.eval.mapquality.MapQuality.LANDMARK_MATCH_METERS;
  /**
   * A claimed cell counts for an area change within this distance of a cell whose truth changed (metres): a tree's
   * crown hides ground up to a few metres from its trunk, so the map's picture of a cut tree is wider than its
   * footprint.
   */
  public static final double AREA_MATCH_METERS = 3.0;
  /** Claimed cells, agreeing with the truth after the change and near its footprint, that detect an area change. */
  public static final int MIN_AGREEING_CELLS = 5;

  private ChangeScoring() {}

  /** A scheduled change with the traversals that saw it. */
  public record Site(Footprint footprint, List<Pass> passes) {
    public Site {
      passes = List.copyOf(passes);
    }

    public long passesBefore() {
      return passes.stream().filter(p -> p.start() < footprint.time()).count();
    }

    public long passesAfter() {
      return passes.stream().filter(p -> p.end() >= footprint.time()).count();
    }

    /** Traversals after the change that had begun by {@code time} (a pass under way at the change counts). */
    public long passesAfterUntil(double time) {
      return passes.stream()
          .filter(p -> p.end() >= footprint.time() && Math.max(p.start(), footprint.time()) <= time).count();
    }

    /** The fleet saw the place before the change and again after it. */
    public boolean observable() {
      return !footprint.isEmpty() && passesBefore() > 0 && passesAfter() > 0;
    }
  }

  /**
   * What became of one scheduled change.
   *
   * @param firstClaim the earliest claim describing it, if any
   * @param delaySeconds event time from the change to that claim (NaN when undetected)
   * @param delayTraversals traversals after the change up to and including that claim's (0 when undetected)
   */
  public record Outcome(Site site, Optional<ChangeClaim> firstClaim, double delaySeconds, long delayTraversals) {
    public boolean detected() {
      return firstClaim.isPresent();
    }
  }

  /** The whole score. */
  public record Score(List<Outcome> outcomes, List<ChangeClaim> claims, List<Boolean> claimMatched) {
    public long scheduled() {
      return outcomes.size();
    }

    public long observable() {
      return outcomes.stream().filter(o -> o.site().observable()).count();
    }

    public long detected() {
      return outcomes.stream().filter(Outcome::detected).count();
    }

    public long detectedObservable() {
      return outcomes.stream().filter(o -> o.detected() && o.site().observable()).count();
    }

    public long truePositiveClaims() {
      return claimMatched.stream().filter(b -> b).count();
    }

    /** Share of claims that describe a scheduled change (NaN when the map claimed nothing). */
    public double precision() {
      return claims.isEmpty() ? Double.NaN : (double) truePositiveClaims() / claims.size();
    }

    /** Share of observable changes detected (NaN when none was observable). */
    public double recall() {
      long observable = observable();
      return observable == 0 ? Double.NaN : (double) detectedObservable() / observable;
    }

    public double medianDelaySeconds() {
      return Statistics.median(outcomes.stream().filter(Outcome::detected).mapToDouble(Outcome::delaySeconds).toArray());
    }

    public double medianDelayTraversals() {
      return Statistics.median(outcomes.stream().filter(Outcome::detected).mapToDouble(Outcome::delayTraversals).toArray());
    }

    /** The counts and precision every report of a run shows (eval map, the demo), under {@code prefix}. */
    public void addCountsTo(Figures figures, String prefix) {
      figures.add(prefix + ".scheduled", scheduled(), "changes");
      figures.add(prefix + ".observable", observable(), "changes");
      figures.add(prefix + ".detected", detected(), "changes");
      figures.add(prefix + ".claims", claims.size(), "claims");
      figures.add(prefix + ".precision", precision(), "ratio");
    }
  }

  public static Score score(List<Site> sites, List<ChangeClaim> claims) {
    List<Boolean> matched = new ArrayList<>();
    for (ChangeClaim c : claims) {
      matched.add(sites.stream().anyMatch(s -> describes(c, s.footprint())));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Site s : sites) {
      Optional<ChangeClaim> first = claims.stream().filter(c -> describes(c, s.footprint()))
          .min(Comparator.comparingDouble(ChangeClaim::time));
      outcomes.add(new Outcome(s, first, first.map(c -> c.time() - s.footprint().time()).orElse(Double.NaN),
          first.map(c -> Math.max(1, s.passesAfterUntil(c.time()))).orElse(0L)));
    }
    return new Score(outcomes, List.copyOf(claims), matched);
  }

  /** Whether a claim, made after the change, says what the change did where it did it. */
  public static boolean describes(ChangeClaim claim, Footprint change) {
    if (claim.time() < change.time()) {
      return false;
    }
    return switch (claim.kind()) {
      case APPEARED -> near(claim, change.appeared());
      case DISAPPEARED -> near(claim, change.disappeared());
      case AREA -> agreeingCellsNear(claim, change) >= MIN_AGREEING_CELLS;
    };
  }

  private static boolean near(ChangeClaim claim, List<Footprint.Point> points) {
    return points.stream().anyMatch(p -> p.type() == claim.type()
        && Math.hypot(p.east() - claim.east(), p.north() - claim.north()) <= LANDMARK_MATCH_METERS);
  }

  static int agreeingCellsNear(ChangeClaim claim, Footprint change) {
    if (change.cells().isEmpty()) {
      return 0;
    }
    double minE = Double.POSITIVE_INFINITY;
    double maxE = Double.NEGATIVE_INFINITY;
    double minN = Double.POSITIVE_INFINITY;
    double maxN = Double.NEGATIVE_INFINITY;
    for (Footprint.Cell f : change.cells()) {
      minE = Math.min(minE, f.east());
      maxE = Math.max(maxE, f.east());
      minN = Math.min(minN, f.north());
      maxN = Math.max(maxN, f.north());
    }
    int n = 0;
    double r2 = AREA_MATCH_METERS * AREA_MATCH_METERS;
    for (ChangeClaim.ClaimCell c : claim.cells()) {
      if (!c.agrees() || c.east() < minE - AREA_MATCH_METERS || c.east() > maxE + AREA_MATCH_METERS
          || c.north() < minN - AREA_MATCH_METERS || c.north() > maxN + AREA_MATCH_METERS) {
        continue;
      }
      for (Footprint.Cell f : change.cells()) {
        double de = f.east() - c.east();
        double dn = f.north() - c.north();
        if (de * de + dn * dn <= r2) {
          n++;
          break;
        }
      }
    }
    return n;
  }

}
