package io.latentmap.sim.util;

import java.util.SplittableRandom;

/**
 * Deterministic randomness keyed by integers. Every random choice in the simulator derives from a seed and a
 * path of keys (e.g. seed, frame index, purpose), never from shared generator state, so results are identical
 * regardless of thread count or evaluation order.
 */
public final class Rng {

  private Rng() {}

  /** SplitMix64 finaliser: a well-mixed 64-bit hash of its input. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static long hash(long... keys) {
    long h = 0x9E3779B97F4A7C15L;
    for (long k : keys) {
      h = mix(h + k * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    }
    return h;
  }

  public static SplittableRandom of(long... keys) {
    return new SplittableRandom(hash(keys));
  }

  /** Uniform double in [0,1) from a hash. */
  public static double unit(long... keys) {
    return (hash(keys) >>> 11) * 0x1.0p-53;
  }

  public static double uniform(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** Standard normal via Box-Muller (one value per call; simple and deterministic). */
  public static double gaussian(SplittableRandom r) {
    double u1 = Math.max(r.nextDouble(), 1e-300);
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  public static <T> T pick(SplittableRandom r, T[] options) {
    return options[r.nextInt(options.length)];
  }

  public static int pick(SplittableRandom r, int[] options) {
    return options[r.nextInt(options.length)];
  }

  /** Colour 0xRRGGBB with each channel scaled by a factor and clamped. */
  public static int shade(int rgb, double factor) {
    int r = clamp255((int) (((rgb >> 16) & 0xFF) * factor));
    int g = clamp255((int) (((rgb >> 8) & 0xFF) * factor));
    int b = clamp255((int) ((rgb & 0xFF) * factor));
    return (r << 16) | (g << 8) | b;
  }

  /** A colour jittered per channel by up to +-{@code amount} (0..255 units). */
  public static int jitter(SplittableRandom r, int rgb, int amount) {
    int common = r.nextInt(2 * amount + 1) - amount;
    int cr = clamp255(((rgb >> 16) & 0xFF) + common + r.nextInt(amount + 1) - amount / 2);
    int cg = clamp255(((rgb >> 8) & 0xFF) + common + r.nextInt(amount + 1) - amount / 2);
    int cb = clamp255((rgb & 0xFF) + common + r.nextInt(amount + 1) - amount / 2);
    return (cr << 16) | (cg << 8) | cb;
  }

  public static int clamp255(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }
}
