package io.latentmap.sim;

import io.latentmap.map.geo.GeoPoint;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityConfig;
import io.latentmap.sim.world.CityGenerator;

/** Cities shared by the tests (generation takes about a second, so each is built once per JVM). */
public final class TestWorld {

  /** The default city of seed 1, as the commands use it. */
  public static final City CITY = CityGenerator.generate(1);

  private TestWorld() {}

  /** A small city, quick to generate, for tests that need several. */
  public static City small(long seed) {
    CityConfig d = CityConfig.defaults();
    CityConfig small = new CityConfig(140, 20, d.groundCellSize(), d.minBlock(), d.maxBlock(), d.changesFrom(),
        d.changesUntil(), d.changesPerKind(), 2);
    return CityGenerator.generate(seed, GeoPoint.of(50.7753, 6.0839), small);
  }
}
