package io.latentmap.sim.fleet;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.sim.util.Rng;
import io.latentmap.sim.world.CameraSite;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.Polyline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The camera fleet of a city: vehicles driving random routes along lanes at 5-15 m/s and fixed roadside cameras
 * at junctions, all at 10 Hz, with GNSS-like pose noise and a bandwidth trace per source. Iterate it with
 * {@link #frames(long)} or ask for any (source, tick) with {@link #frame}. Immutable and thread-safe.
 */
public final class Fleet {

  public static final double FRAME_RATE_HZ = 10;
  public static final long MICROS_PER_TICK = (long) (1_000_000 / FRAME_RATE_HZ);
  public static final double MIN_SPEED = 5;
  public static final double MAX_SPEED = 15;
  /** Junction-to-junction sections in one vehicle route (the route then wraps around). */
  private static final int ROUTE_SECTIONS = 80;
  private static final double MAX_SPEED_SWING = 2;

  private final City city;
  private final Instant epoch;
  private final List<FleetSource> sources;

  /**
   * @param vehicles number of camera vehicles (roadside cameras come from the city's camera sites)
   * @param epoch wall-clock time of simulation time 0
   */
  public Fleet(City city, int vehicles, Instant epoch) {
    this(city, vehicles, epoch, null);
  }

  /**
   * A fleet whose vehicles all repeat one lap through the given sites ({@link
   * io.latentmap.sim.world.RoadNetwork#tour}), spread evenly along it, so each site is passed at a steady rate from
   * the start: a map's view of those places before and after they change. Vehicles keep their own speeds, camera
   * mounts and links, as in a random fleet.
   *
   * @param sites (east, north) points in the city frame, at least one
   */
  public static Fleet touring(City city, int vehicles, Instant epoch, List<double[]> sites) {
    return new Fleet(city, vehicles, epoch, city.network().tour(sites));
  }

  /** @param lap the route every vehicle repeats, or null for a random route per vehicle */
  private Fleet(City city, int vehicles, Instant epoch, Polyline lap) {
    if (vehicles < 0 || vehicles > 10_000) {
      throw new IllegalArgumentException("vehicle count out of range 0..10000: " + vehicles);
    }
    this.city = city;
    this.epoch = epoch;
    List<FleetSource> list = new ArrayList<>();
    CameraIntrinsics k = CameraIntrinsics.cityscapesDefault();
    for (int i = 0; i < vehicles; i++) {
      SplittableRandom r = Rng.of(city.seed(), 31, i);
      Polyline route = lap != null ? lap : city.network().randomRoute(r, ROUTE_SECTIONS);
      double mean = Rng.uniform(r, MIN_SPEED + 1, MAX_SPEED - 1);
      double swing = Math.min(MAX_SPEED_SWING, Math.min(mean - MIN_SPEED, MAX_SPEED - mean));
      CameraMount mount = new CameraMount(1.7, 0.1, Rng.uniform(r, 1.15, 1.6), Rng.uniform(r, -0.02, 0.02),
          Rng.uniform(r, 0.02, 0.08), Rng.uniform(r, -0.01, 0.01));
      double randomStart = r.nextDouble() * route.length(); // drawn either way: random fleets stay as they were
      double start = lap != null ? route.length() * i / vehicles : randomStart;
      list.add(FleetSource.vehicle(String.format("veh-%03d", i), list.size(), k, mount, route, start, mean, swing,
          r.nextDouble() * 2 * Math.PI, r.nextDouble() / FRAME_RATE_HZ,
          GnssNoise.consumer(), LinkModel.cellular(Rng.hash(city.seed(), 32, i))));
    }
    for (CameraSite site : city.cameraSites()) {
      SplittableRandom r = Rng.of(city.seed(), 33, site.id());
      CameraMount mount = new CameraMount(0, 0, site.height(), 0, site.pitch(), 0);
      list.add(FleetSource.fixed(String.format("rsu-%03d", site.id()), list.size(), k, mount,
          new VehiclePose(site.east(), site.north(), site.heading()), r.nextDouble() / FRAME_RATE_HZ,
          GnssNoise.surveyed(), LinkModel.roadside(Rng.hash(city.seed(), 34, site.id()))));
    }
    this.sources = List.copyOf(list);
  }

  /** A fleet with the default epoch 2026-11-25T08:00:00Z. */
  public Fleet(City city, int vehicles) {
    this(city, vehicles, Instant.parse("2026-11-25T08:00:00Z"));
  }

  public City city() {
    return city;
  }

  public List<FleetSource> sources() {
    return sources;
  }

  /** Simulation time of a source's tick. */
  public static double simTime(FleetSource source, long tick) {
    return tick / FRAME_RATE_HZ + source.phaseSeconds();
  }

  /** The frame slot of one source at one tick. */
  public SourceFrame frame(FleetSource source, long tick) {
    if (tick < 0) {
      throw new IllegalArgumentException("tick must be >= 0: " + tick);
    }
    double t = simTime(source, tick);
    VehiclePose truth = source.poseAt(t);
    VehiclePose measured = source.noise().apply(truth, city.seed(), source.index(), t, tick);
    GeoPoint trueGeo = city.frame().toGeo(truth.east(), truth.north(), 0);
    GeoPoint measuredGeo = city.frame().toGeo(measured.east(), measured.north(), 0);
    GnssFix fix = new GnssFix(measuredGeo.latitude(), measuredGeo.longitude(), measuredGeo.altitude(),
        measured.headingDegrees(), source.noise().horizontalAccuracy());
    long micros = epoch.getEpochSecond() * 1_000_000L + epoch.getNano() / 1000 + Math.round(t * 1_000_000);
    return new SourceFrame(source.id(), source.index(), source.kind(), tick, t, micros, truth, trueGeo, measured, fix,
        new PinholeCamera(source.intrinsics(), source.mount(), truth), source.speedAt(t), yawRate(source, t),
        source.link().bitsPerSecondAt(t));
  }

  /** Central difference of the true heading over one frame interval; compass headings turn the other way. */
  private static double yawRate(FleetSource source, double t) {
    double dt = 0.5 / FRAME_RATE_HZ;
    double delta = source.poseAt(t + dt).heading() - source.poseAt(t - dt).heading();
    delta = Math.atan2(Math.sin(delta), Math.cos(delta));
    return -delta / (2 * dt);
  }

  /** Every source's frame at one tick, in source order. */
  public List<SourceFrame> frames(long tick) {
    List<SourceFrame> out = new ArrayList<>(sources.size());
    for (FleetSource s : sources) {
      out.add(frame(s, tick));
    }
    return out;
  }
}
