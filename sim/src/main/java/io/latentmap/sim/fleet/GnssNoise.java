package io.latentmap.sim.fleet;

import io.latentmap.map.camera.VehiclePose;
import io.latentmap.sim.util.Rng;
import java.util.SplittableRandom;

/**
 * Consumer-GNSS-like pose error: a bias that holds for one traversal (a stretch of driving) plus independent
 * per-frame jitter, on position and heading. Deterministic in (seed, source, time).
 *
 * @param biasSigma horizontal RMS of the per-traversal bias, metres
 * @param jitterSigma horizontal RMS of the per-frame jitter, metres
 * @param headingBiasSigma per-traversal heading bias, radians
 * @param headingJitterSigma per-frame heading jitter, radians
 * @param traversalSeconds how long one bias holds
 */
public record GnssNoise(double biasSigma, double jitterSigma, double headingBiasSigma, double headingJitterSigma,
    double traversalSeconds) {

  public GnssNoise {
    if (!(biasSigma >= 0) || !(jitterSigma >= 0) || !(headingBiasSigma >= 0) || !(headingJitterSigma >= 0)
        || !(traversalSeconds > 0)) {
      throw new IllegalArgumentException("bad GNSS noise parameters");
    }
  }

  /** Vehicle receiver: ~0.5 m bias per traversal, ~0.2 m jitter, ~0.6 degree heading noise. */
  public static GnssNoise consumer() {
    return new GnssNoise(0.5, 0.2, Math.toRadians(0.5), Math.toRadians(0.3), 60);
  }

  /** Surveyed roadside camera: a few centimetres. */
  public static GnssNoise surveyed() {
    return new GnssNoise(0.05, 0.0, Math.toRadians(0.1), 0.0, 1e9);
  }

  /** Reported 1-sigma horizontal accuracy. */
  public double horizontalAccuracy() {
    return Math.hypot(biasSigma, jitterSigma);
  }

  /** The measured pose for a true pose at time t of a source (frame index used for jitter). */
  public VehiclePose apply(VehiclePose truth, long seed, long sourceKey, double t, long frame) {
    long traversal = (long) Math.floor(t / traversalSeconds);
    SplittableRandom bias = Rng.of(seed, 21, sourceKey, traversal);
    SplittableRandom jitter = Rng.of(seed, 22, sourceKey, frame);
    double perAxisBias = biasSigma / Math.sqrt(2);
    double perAxisJitter = jitterSigma / Math.sqrt(2);
    double east = truth.east() + perAxisBias * Rng.gaussian(bias) + perAxisJitter * Rng.gaussian(jitter);
    double north = truth.north() + perAxisBias * Rng.gaussian(bias) + perAxisJitter * Rng.gaussian(jitter);
    double heading = truth.heading() + headingBiasSigma * Rng.gaussian(bias) + headingJitterSigma * Rng.gaussian(jitter);
    return new VehiclePose(east, north, heading);
  }
}
