package io.latentmap.sim.render;

import io.latentmap.sim.util.Rng;
import java.util.SplittableRandom;

/**
 * Everything about a frame's look that is not geometry: sun, exposure and white balance, haze, sky, surface
 * colours of the ground, sensor noise and blur. Drawn per frame from a seed so that colour never identifies a
 * class across frames.
 */
public record FrameStyle(
    double sunAzimuth, double sunElevation, double ambient, double exposure, double gainR, double gainG,
    double gainB, double hazeDensity, int hazeColor, int skyZenith, int skyHorizon, double cloudiness,
    int asphalt, int paving, int grass, int soil, double noiseSigma, int blurPasses, long noiseSeed) {

  /** A neutral look: midday sun, no haze, no noise, no blur (useful for tests and figures). */
  public static FrameStyle neutral() {
    return new FrameStyle(2.3, 0.9, 0.45, 1.0, 1, 1, 1, 0.0, 0xB0B8C0, 0x4A78B8, 0xB8C8DC, 0.3, 0x555558,
        0x9A9690, 0x5F8A3A, 0x7A6A50, 0, 0, 0);
  }

  /** The look of one fleet frame: a pure function of the city seed, the source and its tick. */
  public static FrameStyle forSource(long citySeed, int sourceIndex, long tick) {
    return random(citySeed, 43, sourceIndex, tick);
  }

  /** A random, plausible look for one frame. */
  public static FrameStyle random(long... keys) {
    SplittableRandom r = Rng.of(keys);
    boolean overcast = r.nextDouble() < 0.35;
    double elevation = Rng.uniform(r, 0.15, 1.2);
    int zenith = overcast ? Rng.jitter(r, 0x9098A0, 20) : Rng.jitter(r, 0x4A78B8, 25);
    int horizon = overcast ? Rng.jitter(r, 0xC0C4C8, 15) : Rng.jitter(r, 0xB8C8DC, 20);
    double warm = Rng.uniform(r, -0.08, 0.08);
    return new FrameStyle(
        Rng.uniform(r, 0, 2 * Math.PI), elevation, overcast ? Rng.uniform(r, 0.6, 0.8) : Rng.uniform(r, 0.3, 0.5),
        Rng.uniform(r, 0.75, 1.3), 1 + warm, 1 + Rng.uniform(r, -0.03, 0.03), 1 - warm,
        Rng.uniform(r, 0.0005, overcast ? 0.012 : 0.006), Rng.jitter(r, overcast ? 0xB8BCC0 : 0xC0C8D0, 12),
        zenith, horizon, overcast ? Rng.uniform(r, 0.5, 1.0) : Rng.uniform(r, 0.0, 0.5),
        Rng.jitter(r, 0x58585A, 22), Rng.jitter(r, Rng.pick(r, new int[] {0x9A9690, 0xA89080, 0x8A8A88, 0xB0A898}), 14),
        Rng.jitter(r, Rng.pick(r, new int[] {0x5F8A3A, 0x7A8A48, 0x6A7A40, 0x8A8A5A}), 14),
        Rng.jitter(r, 0x7A6A50, 14), Rng.uniform(r, 1.0, 5.0), r.nextDouble() < 0.5 ? 1 : (r.nextDouble() < 0.3 ? 2 : 0),
        r.nextLong());
  }
}
