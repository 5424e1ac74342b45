package io.latentmap.sim.world;

import io.latentmap.map.geo.EnuFrame;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A generated city: everything static and dynamic with the times at which it exists, the ground surface in its
 * versions over time, and the change log. Immutable and thread-safe; {@link #at(double)} gives the world at a
 * moment. Build one with {@link CityGenerator#generate}.
 */
public final class City {

  private final long seed;
  private final String name;
  private final EnuFrame frame;
  private final CityConfig config;
  private final RoadNetwork network;
  private final List<StaticObject> objects;
  private final List<Actor> actors;
  private final List<WorldChange> changes;
  private final NavigableMap<Double, GroundRaster> groundVersions;
  private final List<CameraSite> cameraSites;

  City(long seed, String name, EnuFrame frame, CityConfig config, RoadNetwork network, List<StaticObject> objects,
      List<Actor> actors, List<WorldChange> changes, Map<Double, GroundRaster> groundVersions,
      List<CameraSite> cameraSites) {
    this.seed = seed;
    this.name = name;
    this.frame = frame;
    this.config = config;
    this.network = network;
    this.objects = List.copyOf(objects);
    this.actors = List.copyOf(actors);
    this.changes = List.copyOf(changes);
    this.groundVersions = new TreeMap<>(groundVersions);
    this.cameraSites = List.copyOf(cameraSites);
    if (!this.groundVersions.containsKey(Double.NEGATIVE_INFINITY)) {
      throw new IllegalArgumentException("a city needs a base ground version");
    }
  }

  public long seed() {
    return seed;
  }

  /** City name derived from the seed (Cityscapes-style: lowercase, no underscore). */
  public String name() {
    return name;
  }

  /** The local ENU frame anchored at the city's real-world origin. */
  public EnuFrame frame() {
    return frame;
  }

  public CityConfig config() {
    return config;
  }

  public RoadNetwork network() {
    return network;
  }

  /** Every static object ever present (check {@link StaticObject#existsAt}). */
  public List<StaticObject> objects() {
    return objects;
  }

  public List<Actor> actors() {
    return actors;
  }

  /** The ground-truth change log, in time order. */
  public List<WorldChange> changes() {
    return changes;
  }

  public List<CameraSite> cameraSites() {
    return cameraSites;
  }

  /** The ground surface in force at time t. */
  public GroundRaster groundAt(double t) {
    return groundVersions.floorEntry(t).getValue();
  }

  /** The world as it is at simulation time t (seconds). */
  public WorldState at(double t) {
    return new WorldState(this, t);
  }
}
