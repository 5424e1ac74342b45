package io.latentmap.map.fusion;

/**
 * How observations turn into map content. Evidence is an exponentially decayed vote per cell and class: each new
 * observation of a cell scales that cell's evidence by {@code evidenceDecay} and adds its weight to the observed
 * class, so old evidence fades as new traversals arrive and a changed world wins after a few observations.
 *
 * @param evidenceDecay factor applied to a cell's evidence per observation of that cell, in (0, 1)
 * @param minEvidence evidence a class needs before a cell is published with it
 * @param switchRatio a published label yields only to a class with at least this many times its evidence (>= 1):
 *     the hysteresis that keeps a cell from flickering between two classes
 * @param gateMahalanobisSquared association gate for landmark observations (chi-square, 2 degrees of freedom)
 * @param maxAssociationMeters hard limit on the distance between an observation and the landmark it updates
 * @param confirmHits observations that turn a tentative landmark into a map landmark
 * @param removeAfterMisses consecutive frames that should have seen a landmark and did not, before it is removed
 * @param minUnseenSeconds a landmark is removed only when, besides those misses, it has gone unseen this long (event
 *     time): a roadside camera that watches a pole five times a second loses sight of it behind every passing bus,
 *     which is not the pole going away, while a traversal that comes back to a removed one sees it gone for good
 * @param moveThresholdMeters a landmark whose estimate drifts this far from its published position is re-published
 *     as moved
 * @param minPositionVariance floor of a fused landmark's position variance (m^2): observations of one traversal
 *     share its GNSS bias, so their errors are not independent and an estimate must not become overconfident
 */
public record FusionPolicy(
    float evidenceDecay,
    float minEvidence,
    float switchRatio,
    double gateMahalanobisSquared,
    double maxAssociationMeters,
    int confirmHits,
    int removeAfterMisses,
    double minUnseenSeconds,
    double moveThresholdMeters,
    double minPositionVariance) implements java.io.Serializable {

  /** Chi-square with 2 degrees of freedom at 99%: a true match falls outside the gate 1% of the time. */
  public static final double CHI2_2DOF_99 = 9.21;

  public static final FusionPolicy DEFAULTS =
      new FusionPolicy(0.8f, 2.0f, 2.0f, CHI2_2DOF_99, 2.5, 3, 8, 10.0, 1.0, 0.3 * 0.3);

  public FusionPolicy {
    if (!(evidenceDecay > 0 && evidenceDecay < 1)) {
      throw new IllegalArgumentException("evidenceDecay must be in (0, 1): " + evidenceDecay);
    }
    if (!(minEvidence > 0) || !(switchRatio >= 1)) {
      throw new IllegalArgumentException("need minEvidence > 0 and switchRatio >= 1");
    }
    if (!(gateMahalanobisSquared > 0) || !(maxAssociationMeters > 0) || !(moveThresholdMeters > 0)
        || !(minPositionVariance > 0)) {
      throw new IllegalArgumentException("association gate, distance and move threshold must be positive");
    }
    if (confirmHits < 1 || removeAfterMisses < 1) {
      throw new IllegalArgumentException("confirmHits and removeAfterMisses must be >= 1");
    }
    if (!(minUnseenSeconds >= 0)) {
      throw new IllegalArgumentException("minUnseenSeconds must be >= 0: " + minUnseenSeconds);
    }
  }
}
