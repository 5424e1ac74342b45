package io.latentmap.sim.world;

import io.latentmap.map.geo.GeoPoint;
import io.latentmap.sim.util.Rng;
import java.util.SplittableRandom;

/**
 * Generates a {@link City} from a seed: a warped grid of streets inside a ring road, junctions with crossings,
 * traffic lights and signs, street lights and trees, buildings along the frontage and inside blocks, yards with
 * walls, fences and hedges, parks, parked and moving traffic, a tram line, pedestrians and cyclists, fixed cameras
 * at junctions, and a schedule of world changes. The same seed always gives the same city.
 */
public final class CityGenerator {

  /** Real places the synthetic cities are anchored at (chosen by seed), lat/lon in degrees. */
  private static final double[][] ANCHORS = {
    {50.7753, 6.0839}, {53.0793, 8.8017}, {47.3769, 8.5417}, {48.5734, 7.7521}, {51.2277, 6.7735},
    {49.4875, 8.4660}, {48.7758, 9.1829}, {50.9375, 6.9603}, {52.3759, 9.7320}, {48.1351, 11.5820}
  };
  private static final String[] SYLLABLES = {
    "ka", "len", "dor", "mar", "bu", "ri", "sta", "wen", "hol", "tin", "gra", "fel", "no", "ber", "lu", "ven",
    "sel", "ar", "mo", "ten"
  };

  private CityGenerator() {}

  /** A city anchored at one of a few real European city centres chosen by the seed. */
  public static City generate(long seed) {
    double[] a = ANCHORS[(int) Math.floorMod(Rng.hash(seed, 1), (long) ANCHORS.length)];
    return generate(seed, GeoPoint.of(a[0], a[1]), CityConfig.defaults());
  }

  public static City generate(long seed, GeoPoint anchor, CityConfig config) {
    return new CityBuilder(seed, anchor, config).run();
  }

  /** The Cityscapes-style city name of a seed: lowercase letters then the seed, e.g. "kalendor17". */
  public static String cityName(long seed) {
    SplittableRandom r = Rng.of(seed, 2);
    StringBuilder sb = new StringBuilder();
    int n = 2 + r.nextInt(2);
    for (int i = 0; i < n; i++) {
      sb.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    return sb.append(seed < 0 ? "m" + (-seed) : Long.toString(seed)).toString();
  }

}
