package io.latentmap.map.fusion;

import io.latentmap.map.landmark.LandmarkType;

/**
 * A landmark being fused in one tile: a Gaussian estimate of its ground position (tile-local east/north metres),
 * how often it was seen and missed, and what the map last published of it. Mutable; owned by {@link TileState}.
 */
public final class TrackedLandmark {
  /** A tentative landmark is not in the map yet; a confirmed one is. */
  public enum Status { TENTATIVE, CONFIRMED }

  final String id;
  final LandmarkType type;
  double east;
  double north;
  /** {@code [var_e, var_n, cov_en]}. */
  final double[] covariance;
  int hits;
  int consecutiveMisses;
  long lastObservedMicros;
  Status status = Status.TENTATIVE;
  double publishedEast = Double.NaN;
  double publishedNorth = Double.NaN;

  TrackedLandmark(String id, LandmarkObservation first, long captureMicros) {
    this.id = id;
    this.type = first.type();
    this.east = first.east();
    this.north = first.north();
    this.covariance = first.covariance();
    this.hits = 1;
    this.lastObservedMicros = captureMicros;
  }

  /** An independent copy (the covariance is updated in place by {@link #fuse}). */
  TrackedLandmark copy() {
    TrackedLandmark copy = new TrackedLandmark(id, new LandmarkObservation(type, east, north, covariance.clone()),
        lastObservedMicros);
    copy.hits = hits;
    copy.consecutiveMisses = consecutiveMisses;
    copy.status = status;
    copy.publishedEast = publishedEast;
    copy.publishedNorth = publishedNorth;
    return copy;
  }

  public String id() {
    return id;
  }

  public LandmarkType type() {
    return type;
  }

  public double east() {
    return east;
  }

  public double north() {
    return north;
  }

  public double[] covariance() {
    return covariance.clone();
  }

  public int hits() {
    return hits;
  }

  public long lastObservedMicros() {
    return lastObservedMicros;
  }

  public Status status() {
    return status;
  }

  private void floorVariance(double minVariance) {
    double scale = Math.max(1, Math.max(minVariance / covariance[0], minVariance / covariance[1]));
    covariance[0] *= scale;
    covariance[1] *= scale;
    covariance[2] *= scale;
  }

  /** Squared Mahalanobis distance of an observation under the combined uncertainty of both. */
  double mahalanobisSquared(LandmarkObservation o) {
    double a = covariance[0] + o.covariance()[0];
    double d = covariance[1] + o.covariance()[1];
    double b = covariance[2] + o.covariance()[2];
    double det = a * d - b * b;
    double de = o.east() - east;
    double dn = o.north() - north;
    return (d * de * de - 2 * b * de * dn + a * dn * dn) / det;
  }

  /** Kalman update of a static point with a position measurement: x += K (z - x), P = (I - K) P. */
  void fuse(LandmarkObservation o, long captureMicros, double minVariance) {
    double[] r = o.covariance();
    double a = covariance[0] + r[0];
    double d = covariance[1] + r[1];
    double b = covariance[2] + r[2];
    double det = a * d - b * b;
    // S^-1 = [d, -b; -b, a] / det ; K = P S^-1
    double p00 = covariance[0];
    double p11 = covariance[1];
    double p01 = covariance[2];
    double k00 = (p00 * d - p01 * b) / det;
    double k01 = (-p00 * b + p01 * a) / det;
    double k10 = (p01 * d - p11 * b) / det;
    double k11 = (-p01 * b + p11 * a) / det;
    double de = o.east() - east;
    double dn = o.north() - north;
    east += k00 * de + k01 * dn;
    north += k10 * de + k11 * dn;
    covariance[0] = (1 - k00) * p00 - k01 * p01;
    covariance[1] = -k10 * p01 + (1 - k11) * p11;
    covariance[2] = (1 - k00) * p01 - k01 * p11;
    floorVariance(minVariance);
    hits++;
    consecutiveMisses = 0;
    lastObservedMicros = Math.max(lastObservedMicros, captureMicros);
  }
}
