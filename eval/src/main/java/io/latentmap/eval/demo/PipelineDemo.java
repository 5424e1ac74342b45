package io.latentmap.eval.demo;

import io.latentmap.eval.bench.Figures;
import io.latentmap.eval.embedded.Embedded;
import io.latentmap.eval.embedded.EmbeddedPipeline;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.eval.map.ChangeScoring;
import io.latentmap.eval.map.FleetViews;
import io.latentmap.eval.map.MapEval;
import io.latentmap.eval.mapquality.MapQuality;
import io.latentmap.jobs.MapUpdateConfig;
import io.latentmap.jobs.MapUpdateJob;
import io.latentmap.jobs.MapUpdateOptions;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.MapTile;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole system on one machine: an in-process KRaft broker, a simulated fleet that renders, encodes and
 * publishes its frames, the map-update job on a Flink MiniCluster reading them, and the resulting map scored
 * against the simulator's ground truth. The job is exactly {@link MapUpdateJob}; only its surroundings are embedded.
 */
public final class PipelineDemo {
  private final DemoSettings settings;
  private final PrintStream out;
  private final PrintStream err;
  private DemoCompanion companion;

  public PipelineDemo(DemoSettings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /** Runs {@code c} beside the demo on its broker (e.g. the viewer); see {@link DemoCompanion}. */
  public PipelineDemo with(DemoCompanion c) {
    this.companion = c;
    return this;
  }

  public Figures run() throws Exception {
    City city = CityGenerator.generate(settings.seed());
    // Capture times end a minute before now: the job refuses frames from the future.
    Instant epoch = Instant.now().minus(Duration.ofSeconds(settings.seconds() + 60L)).truncatedTo(ChronoUnit.SECONDS);
    Fleet fleet = MapEval.fleet(city, settings.vehicles(), epoch, settings.routes(), settings.seconds());
    List<FleetSource> sources = EmbeddedPipeline.sources(fleet, settings.cameras());
    Map<String, FleetSource> byId = sources.stream().collect(Collectors.toMap(FleetSource::id, Function.identity()));
    MapUpdateConfig defaults = MapUpdateConfig.defaults();
    FleetViews views = new FleetViews(defaults.get(MapUpdateOptions.MAX_CELL_RANGE));
    Path bundleDir = settings.bundle() != null ? settings.bundle() : Embedded.fixtureBundle(settings.seed());
    err.printf("city %s (seed %d), %d vehicles (%s routes) + %d roadside cameras, %d s of drive, bundle %s%s%n",
        city.name(), settings.seed(), settings.vehicles(), settings.routes().name().toLowerCase(Locale.ROOT),
        sources.size() - settings.vehicles(), settings.seconds(), ModelBundle.load(bundleDir).id(),
        settings.bundle() == null ? " (fixture: untrained networks, map content is arbitrary)" : "");

    Figures summary = new Figures();
    EmbeddedPipeline.Drive drive = new EmbeddedPipeline.Drive(fleet, sources, settings.ticks(), settings.tickStride(),
        bundleDir, settings.parallelism(), settings.producerThreads(), Map.of(),
        outcome -> views.record(fleet, byId, outcome));
    new EmbeddedPipeline(err).run(drive, new EmbeddedPipeline.Hooks() {
      @Override
      public void brokerReady(String bootstrapServers) throws Exception {
        if (companion != null) {
          companion.brokerReady(bootstrapServers, EmbeddedPipeline.TOPICS, city, epoch);
        }
      }

      @Override
      public void finished(EmbeddedPipeline.Result result) throws Exception {
        double simEnd = settings.seconds();
        summarize(summary, result, new MapQuality(city, TileScheme.standard()), simEnd,
            MapEval.scoreChanges(city, TileScheme.standard(), epoch, views, result.updates(), simEnd));
        new DemoOutputs(settings.out(), city, TileScheme.standard()).write(result.snapshots(), simEnd, summary);
        if (companion != null) {
          companion.runFinished(summary.table());
        }
      }
    });
    return summary;
  }

  private void summarize(Figures s, EmbeddedPipeline.Result r, MapQuality quality, double simEnd,
      ChangeScoring.Score changes) {
    var produced = r.produced();
    s.add("demo.frames.sent", produced.framesSent(), "frames");
    s.add("demo.frames.not_sent", produced.framesNotSent(), "frames");
    s.add("demo.wire.bytes", produced.bytesSent(), "bytes");
    s.add("demo.wire.bpp_mean", produced.meanBitsPerPixel(), "bpp");
    s.add("demo.fleet.frames_per_s", produced.framesPerSecond(), "fps");
    s.add("demo.job.seconds", r.jobSeconds(), "s");
    s.add("demo.job.frames_per_s", produced.framesSent() / r.jobSeconds(), "fps");
    s.add("demo.dead_letters", r.deadLetters().size(), "records");
    List<MapTile> tiles = MapQuality.lastSnapshots(r.snapshots());
    s.add("demo.tiles", tiles.size(), "tiles");
    s.add("demo.tile_updates", r.updates().size(), "records");
    MapQuality.CellScore cells = quality.cells(r.snapshots(), simEnd);
    s.add("demo.map.observed_cells", cells.observedCells(), "cells");
    s.add("demo.map.cell_accuracy", cells.accuracy(), "ratio");
    s.add("demo.map.mean_iou", cells.meanIou(), "ratio");
    MapQuality.LandmarkScore landmarks = quality.landmarks(r.snapshots(), simEnd);
    s.add("demo.map.landmarks", landmarks.mapLandmarks(), "landmarks");
    s.add("demo.map.landmarks_matched", landmarks.matched(), "landmarks");
    s.add("demo.map.landmark_error_median", landmarks.median(), "m");
    s.add("demo.map.landmark_error_p90", landmarks.p90(), "m");
    changes.addCountsTo(s, "demo.changes");
  }
}
