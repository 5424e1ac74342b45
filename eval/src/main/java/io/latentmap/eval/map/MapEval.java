package io.latentmap.eval.map;

import io.latentmap.eval.bench.Figures;
import io.latentmap.eval.embedded.Embedded;
import io.latentmap.eval.embedded.EmbeddedPipeline;
import io.latentmap.eval.mapquality.MapQuality;
import io.latentmap.jobs.MapUpdateConfig;
import io.latentmap.jobs.MapUpdateJob;
import io.latentmap.jobs.MapUpdateOptions;
import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.sim.cli.ProgressBar;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityConfig;
import io.latentmap.sim.world.CityGenerator;
import io.latentmap.sim.world.WorldChange;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code eval map}: drives a fleet through a held-out city whose world changes on a schedule, lets the map-update
 * job (or the oracle, {@link TruthPerception}) build the map, and scores the map against the simulator's truth:
 * static cells, landmarks by traversals, and change detection. Writes the CSVs, plots and summary of
 * {@link MapEvalOutputs}.
 */
public final class MapEval {
  /** Changes a camera is asked to have seen are probed at points this far apart (metres) across their footprint. */
  static final double PROBE_SPACING_METERS = 2.0;

  private final MapEvalSettings settings;
  private final MapGoals goals;
  private final PrintStream err;

  public MapEval(MapEvalSettings settings, MapGoals goals, PrintStream err) {
    this.settings = settings;
    this.goals = goals;
    this.err = err;
  }

  /** Everything the run measured. */
  public record Report(Figures figures, List<MapGoals.Verdict> verdicts, ChangeScoring.Score changes,
      List<LandmarkTraversals.Bin> landmarkBins) {}

  public Report run() throws Exception {
    TileScheme scheme = TileScheme.standard();
    City city = city();
    // Capture times end a minute before now: the job refuses frames from the future.
    Instant epoch = Instant.now().minus(Duration.ofSeconds(settings.durationSeconds() + 60L))
        .truncatedTo(ChronoUnit.SECONDS);
    List<WorldChange> scheduled = city.changes().stream()
        .filter(c -> c.time() <= settings.durationSeconds()).toList();
    Fleet fleet = fleet(city, settings.vehicles(), epoch, settings.routes(), settings.durationSeconds());
    List<FleetSource> sources = EmbeddedPipeline.sources(fleet, settings.cameras());
    MapUpdateConfig job = jobConfig();
    FleetViews views = new FleetViews(job.get(MapUpdateOptions.MAX_CELL_RANGE));
    err.printf("city %s (seed %d), %d vehicles (%s routes) + %d roadside cameras, %d s, %d changes scheduled,"
            + " perception %s%n", city.name(), settings.seed(), settings.vehicles(),
        settings.routes().name().toLowerCase(Locale.ROOT), sources.size() - settings.vehicles(),
        settings.durationSeconds(), scheduled.size(), settings.perception().name().toLowerCase(Locale.ROOT));

    Figures figures = new Figures();
    List<TileUpdate> updates;
    List<MapTile> snapshots;
    if (settings.perception() == MapEvalSettings.Perception.MODEL) {
      Path bundleDir = settings.bundle() != null ? settings.bundle() : Embedded.fixtureBundle(settings.seed());
      Map<String, FleetSource> byId = sources.stream().collect(Collectors.toMap(FleetSource::id, Function.identity()));
      EmbeddedPipeline.Result result = new EmbeddedPipeline(err).run(new EmbeddedPipeline.Drive(fleet, sources,
          settings.ticks(), settings.tickStride(), bundleDir, settings.parallelism(), settings.threads(),
          settings.jobSettings(), outcome -> views.record(fleet, byId, outcome)));
      updates = result.updates();
      snapshots = result.snapshots();
      figures.add("map.frames", result.produced().framesSent(), "frames");
      figures.add("map.wire.bpp_mean", result.produced().meanBitsPerPixel(), "bpp");
      figures.add("map.job.seconds", result.jobSeconds(), "s");
      figures.add("map.dead_letters", result.deadLetters().size(), "records");
    } else {
      TruthPerception oracle = new TruthPerception(scheme, new TruthPerception.Settings(
          TruthPerception.DEFAULT_SEGMENTATION_STRIDE, TruthPerception.DEFAULT_MIN_BOX_PIXELS,
          MapUpdateJob.georeferencePolicy(job), MapUpdateJob.fusionPolicy(job),
          job.get(MapUpdateOptions.PUBLISH_INTERVAL), settings.threads()));
      long total = io.latentmap.sim.producer.FleetProducer.capturesIn(settings.ticks(), settings.tickStride())
          * sources.size();
      ProgressBar bar = new ProgressBar("oracle map ", total, err);
      TruthPerception.Result result = oracle.run(fleet, sources, settings.ticks(), settings.tickStride(),
          f -> views.add(new FleetViews.View(f.sourceId(), f.simTime(), f.camera())), bar::update);
      updates = result.updates();
      snapshots = result.snapshots();
      figures.add("map.frames", result.frames(), "frames");
    }

    double end = settings.durationSeconds();
    List<MapTile> last = MapQuality.lastSnapshots(snapshots);
    figures.add("map.tiles", last.size(), "tiles");
    figures.add("map.tile_updates", updates.size(), "records");

    MapQuality quality = new MapQuality(city, scheme);
    MapQuality.CellScore cells = quality.cells(snapshots, end);
    figures.add("map.observed_cells", cells.observedCells(), "cells");
    figures.add("map.static_accuracy", cells.accuracy(), "ratio");
    figures.add("map.miou", cells.meanIou(), "ratio");
    for (StaticClass c : StaticClass.values()) {
      Double iou = cells.iouByTrainId().get(c.trainId());
      figures.add("map.iou." + CityscapesLabels.byTrainId(c.trainId()).name().replace(' ', '_'),
          iou == null ? Double.NaN : iou, "ratio");
    }

    List<LandmarkTraversals.Truth> trueLandmarks = trueLandmarks(city, end, views);
    List<LandmarkTraversals.Pair> pairs = LandmarkTraversals.pair(mapLandmarks(city, last), trueLandmarks);
    List<LandmarkTraversals.Bin> bins = LandmarkTraversals.bins(pairs, trueLandmarks);
    List<Double> errors = pairs.stream().filter(LandmarkTraversals.Pair::matched)
        .map(LandmarkTraversals.Pair::errorMeters).toList();
    figures.add("map.landmarks", pairs.size(), "landmarks");
    figures.add("map.landmarks.matched", errors.size(), "landmarks");
    figures.add("map.landmarks.true_passed", trueLandmarks.stream().filter(t -> t.passes() > 0).count(), "landmarks");
    figures.add("map.landmark.median_m", LandmarkTraversals.quantile(errors, 0.5), "m");
    figures.add("map.landmark.p90_m", LandmarkTraversals.quantile(errors, 0.9), "m");

    ChangeScoring.Score score = scoreChanges(city, scheme, epoch, views, updates, end);
    score.addCountsTo(figures, "map.changes");
    figures.add("map.changes.recall", score.recall(), "ratio");
    figures.add("map.changes.delay_s", score.medianDelaySeconds(), "s");
    figures.add("map.changes.delay_traversals", score.medianDelayTraversals(), "traversals");

    List<MapGoals.Verdict> verdicts = goals.judge(figures);
    new MapEvalOutputs(settings.out(), city, scheme, end, settings.tilePictures())
        .write(last, cells, pairs, bins, score, figures, verdicts);
    return new Report(figures, verdicts, score, bins);
  }

  /**
   * The map's change detection over a drive: the changes scheduled up to {@code end} with the traversals that saw
   * them, against the changes the map claimed in its updates.
   */
  public static ChangeScoring.Score scoreChanges(City city, TileScheme scheme, Instant epoch, FleetViews views,
      List<TileUpdate> updates, double end) {
    List<ChangeScoring.Site> sites = new ArrayList<>();
    for (Footprint f : Footprints.of(city, scheme, end)) {
      sites.add(new ChangeScoring.Site(f, views.passes(f.probes(PROBE_SPACING_METERS))));
    }
    return ChangeScoring.score(sites, new ChangeClaims(city, scheme, epoch, views).extract(updates));
  }

  /** The fleet of a drive: touring the scheduled changes, or on random routes. */
  public static Fleet fleet(City city, int vehicles, Instant epoch, MapEvalSettings.Routes routes, double end) {
    List<double[]> sites = city.changes().stream().filter(c -> c.time() <= end)
        .map(c -> new double[] {c.east(), c.north()}).toList();
    return routes == MapEvalSettings.Routes.CHANGES && !sites.isEmpty() && vehicles > 0
        ? Fleet.touring(city, vehicles, epoch, sites)
        : new Fleet(city, vehicles, epoch);
  }

  /** The seed's city, its changes rescheduled into the drive so that each is passed again after it happens. */
  City city() {
    City base = CityGenerator.generate(settings.seed());
    CityConfig c = base.config();
    return CityGenerator.generate(settings.seed(), base.frame().anchor(), new CityConfig(c.ringHalfSize(),
        c.margin(), c.groundCellSize(), c.minBlock(), c.maxBlock(), settings.changesFromSeconds(),
        settings.changesUntilSeconds(), c.changesPerKind(), c.infrastructureCameras()));
  }

  private MapUpdateConfig jobConfig() {
    List<String> args = new ArrayList<>();
    settings.jobSettings().forEach((k, v) -> {
      args.add("--" + k);
      args.add(v);
    });
    return MapUpdateConfig.load(args.toArray(String[]::new));
  }

  private static List<LandmarkTraversals.Truth> trueLandmarks(City city, double end, FleetViews views) {
    List<LandmarkTraversals.Truth> out = new ArrayList<>();
    for (Landmark l : city.at(end).landmarks()) {
      Enu p = city.frame().toEnu(l.position());
      out.add(new LandmarkTraversals.Truth(l.id(), l.type(), p.east(), p.north(),
          views.passes(List.of(new double[] {p.east(), p.north()})).size()));
    }
    return out;
  }

  private static List<LandmarkTraversals.Mapped> mapLandmarks(City city, List<MapTile> tiles) {
    List<LandmarkTraversals.Mapped> out = new ArrayList<>();
    for (MapTile t : tiles) {
      for (io.latentmap.schemas.Landmark l : t.getLandmarks()) {
        Enu p = city.frame().toEnu(GeoPoint.of(l.getLatitude(), l.getLongitude()));
        out.add(new LandmarkTraversals.Mapped(l.getLandmarkId(), LandmarkType.valueOf(l.getType().name()), p.east(),
            p.north(), l.getObservationCount()));
      }
    }
    return out;
  }
}
