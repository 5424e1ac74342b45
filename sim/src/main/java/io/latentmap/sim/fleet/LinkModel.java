package io.latentmap.sim.fleet;

import io.latentmap.sim.util.Rng;

/**
 * A source's uplink: a time-varying bandwidth trace, smooth in log space between a floor and a ceiling, with
 * random dropouts (zero bandwidth). A pure function of time, so producers can query any moment in any order.
 */
public final class LinkModel {

  /** Bandwidth knots are this far apart; values in between are interpolated. */
  private static final double KNOT_SECONDS = 2.0;
  /** Dropouts are drawn per window of this length. */
  private static final double DROPOUT_WINDOW_SECONDS = 10.0;
  private static final double MIN_DROPOUT_SECONDS = 0.5;
  private static final double MAX_DROPOUT_SECONDS = 4.0;

  private final long seed;
  private final double minBitsPerSecond;
  private final double maxBitsPerSecond;
  private final double dropoutProbability;

  /**
   * @param dropoutProbability chance that a 10-second window contains one dropout
   */
  public LinkModel(long seed, double minBitsPerSecond, double maxBitsPerSecond, double dropoutProbability) {
    if (!(minBitsPerSecond > 0) || !(maxBitsPerSecond >= minBitsPerSecond)) {
      throw new IllegalArgumentException("bad bandwidth range " + minBitsPerSecond + ".." + maxBitsPerSecond);
    }
    if (!(dropoutProbability >= 0 && dropoutProbability <= 1)) {
      throw new IllegalArgumentException("dropout probability outside 0..1: " + dropoutProbability);
    }
    this.seed = seed;
    this.minBitsPerSecond = minBitsPerSecond;
    this.maxBitsPerSecond = maxBitsPerSecond;
    this.dropoutProbability = dropoutProbability;
  }

  /** A cellular vehicle link: 0.2-20 Mbit/s with dropouts. */
  public static LinkModel cellular(long seed) {
    return new LinkModel(seed, 0.2e6, 20e6, 0.25);
  }

  /** A roadside unit's link: steadier, 5-20 Mbit/s, rare dropouts. */
  public static LinkModel roadside(long seed) {
    return new LinkModel(seed, 5e6, 20e6, 0.03);
  }

  public double minBitsPerSecond() {
    return minBitsPerSecond;
  }

  public double maxBitsPerSecond() {
    return maxBitsPerSecond;
  }

  /** Available uplink bandwidth at time t (seconds), bits per second; 0 during a dropout. */
  public double bitsPerSecondAt(double t) {
    if (inDropout(t)) {
      return 0;
    }
    double k = Math.floor(t / KNOT_SECONDS);
    double f = t / KNOT_SECONDS - k;
    double w = (1 - Math.cos(Math.PI * f)) / 2;
    double a = Rng.unit(seed, 11, (long) k);
    double b = Rng.unit(seed, 11, (long) k + 1);
    double u = a + (b - a) * w;
    double logMin = Math.log(minBitsPerSecond);
    double logMax = Math.log(maxBitsPerSecond);
    return Math.exp(logMin + (logMax - logMin) * u);
  }

  public boolean inDropout(double t) {
    long window = (long) Math.floor(t / DROPOUT_WINDOW_SECONDS);
    if (Rng.unit(seed, 12, window) >= dropoutProbability) {
      return false;
    }
    double length = MIN_DROPOUT_SECONDS + (MAX_DROPOUT_SECONDS - MIN_DROPOUT_SECONDS) * Rng.unit(seed, 13, window);
    double start = window * DROPOUT_WINDOW_SECONDS + (DROPOUT_WINDOW_SECONDS - length) * Rng.unit(seed, 14, window);
    return t >= start && t < start + length;
  }
}
