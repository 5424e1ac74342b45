package io.latentmap.eval.demo;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.eval.embedded.Embedded;
import io.latentmap.eval.mapquality.MapQuality;
import io.latentmap.jobs.MapUpdateConfig;
import io.latentmap.jobs.MapUpdateJob;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.sim.cli.ProgressBar;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.fleet.SourceKind;
import io.latentmap.sim.producer.BandwidthPolicy;
import io.latentmap.sim.producer.FleetProducer;
import io.latentmap.sim.producer.KafkaFrameSink;
import io.latentmap.sim.producer.ProduceSummary;
import io.latentmap.sim.producer.ProducerSettings;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import io.latentmap.testkit.InProcessBroker;
import io.latentmap.testkit.TopicReader;
import io.latentmap.testkit.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole system on one machine: an in-process KRaft broker, a simulated fleet that renders, encodes and
 * publishes its frames, the map-update job on a Flink MiniCluster reading them, and the resulting map scored
 * against the simulator's ground truth. The job is exactly {@link MapUpdateJob}; only its surroundings are embedded.
 */
public final class PipelineDemo {
  static final String FRAMES = "fleet.frames";
  static final String DEAD_LETTERS = "fleet.frames.dlq";
  static final String UPDATES = "hdmap.tile-updates";
  static final String TILES = "hdmap.tiles";
  static final String GROUP = "latentmap-demo";
  static final int FRAME_PARTITIONS = 4;
  static final int MAX_MESSAGE_BYTES = 8 << 20;
  static final java.time.Duration TOPIC_TIMEOUT = java.time.Duration.ofSeconds(30);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
  private static final long PROGRESS_POLL_MILLIS = 500;

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

  public DemoSummary run() throws Exception {
    City city = CityGenerator.generate(settings.seed());
    // Capture times end a minute before now: the job refuses frames from the future.
    Instant epoch = Instant.now().minus(Duration.ofSeconds(settings.seconds() + 60L)).truncatedTo(ChronoUnit.SECONDS);
    Fleet fleet = new Fleet(city, settings.vehicles(), epoch);
    List<FleetSource> sources = sources(fleet);
    Path bundleDir = settings.bundle() != null ? settings.bundle() : Embedded.fixtureBundle(settings.seed());
    ModelBundle bundle = ModelBundle.load(bundleDir);
    err.printf("city %s (seed %d), %d vehicles + %d roadside cameras, %d s of drive, bundle %s%s%n", city.name(),
        settings.seed(), settings.vehicles(), sources.size() - settings.vehicles(), settings.seconds(), bundle.id(),
        settings.bundle() == null ? " (fixture: untrained networks, map content is arbitrary)" : "");

    DemoSummary summary = new DemoSummary();
    try (InProcessBroker broker = Embedded.broker()) {
      String bootstrap = broker.bootstrapServers();
      createTopics(bootstrap);
      if (companion != null) {
        companion.brokerReady(bootstrap, new DemoCompanion.DemoTopics(FRAMES, UPDATES, TILES), city, epoch);
      }
      ProduceSummary produced = produce(bundle, fleet, sources, bootstrap);
      double jobSeconds = runJob(bundleDir, bootstrap, produced.framesSent());

      Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
      List<TileUpdate> updates = read(client, UPDATES, AvroWire.tileUpdates());
      List<MapTile> snapshots = read(client, TILES, AvroWire.mapTiles());
      List<DeadLetter> deadLetters = read(client, DEAD_LETTERS, AvroWire.deadLetters());

      MapQuality quality = new MapQuality(city, TileScheme.standard(), epoch);
      double simEnd = settings.seconds();
      summarize(summary, produced, jobSeconds, updates, snapshots, deadLetters, quality, simEnd);
      new DemoOutputs(settings.out(), city, TileScheme.standard()).write(snapshots, simEnd, summary);
      if (companion != null) {
        companion.runFinished(summary.table());
      }
    }
    return summary;
  }

  private List<FleetSource> sources(Fleet fleet) {
    List<FleetSource> chosen = new ArrayList<>();
    int cameras = 0;
    for (FleetSource s : fleet.sources()) {
      if (s.kind() == SourceKind.VEHICLE || cameras++ < settings.cameras()) {
        chosen.add(s);
      }
    }
    return chosen;
  }

  private static void createTopics(String bootstrap) throws Exception {
    Map<String, String> large = Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    Topics.createAndAwaitLeaders(bootstrap, List.of(
        new NewTopic(FRAMES, FRAME_PARTITIONS, (short) 1).configs(large),
        new NewTopic(DEAD_LETTERS, 1, (short) 1).configs(large),
        new NewTopic(UPDATES, 2, (short) 1),
        new NewTopic(TILES, 2, (short) 1).configs(Map.of("cleanup.policy", "compact"))), TOPIC_TIMEOUT);
  }

  private ProduceSummary produce(ModelBundle bundle, Fleet fleet, List<FleetSource> sources, String bootstrap)
      throws Exception {
    ProducerSettings producerSettings = new ProducerSettings(settings.producerThreads(),
        ProducerSettings.DEFAULT_FRAMES_IN_FLIGHT_PER_THREAD, ProducerSettings.DEFAULT_SENSOR,
        ProducerSettings.CITYSCAPES_FRAME_RATE_HZ, settings.tickStride(), ProducerSettings.UNPACED);
    long total = FleetProducer.capturesIn(settings.ticks(), settings.tickStride()) * sources.size();
    ProgressBar bar = new ProgressBar("fleet      ", total, err);
    try (BundleNetworks networks = BundleNetworks.open(bundle, 1);
        FleetProducer producer = new FleetProducer(bundle, networks, producerSettings);
        KafkaFrameSink sink = KafkaFrameSink.connect(bootstrap, FRAMES)) {
      return producer.produceFleet(fleet, sources, settings.ticks(), BandwidthPolicy.FLEET_LINKS, sink,
          outcome -> bar.update(outcome.done()));
    }
  }

  /** Runs the job over everything produced, with a progress bar fed by the offsets it commits; returns seconds. */
  private double runJob(Path bundleDir, String bootstrap, long frames) throws Exception {
    MapUpdateConfig config = MapUpdateConfig.load(new String[] {
      "--kafka.bootstrap-servers", bootstrap, "--bundle.dir", bundleDir.toString(),
      "--kafka.group-id", GROUP, "--kafka.starting-offsets", "EARLIEST", "--kafka.stop-at-latest", "true",
      "--checkpoint.interval", "2 s", "--watermark.idleness", "2 s",
      "--checkpoint.dir", Files.createTempDirectory("latentmap-demo-checkpoints").toUri().toString(),
      "--parallelism", String.valueOf(settings.parallelism())
    });
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), new Configuration());
    MapUpdateJob.build(env, config);
    ProgressBar bar = new ProgressBar("map update ", frames, err);
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      poller.scheduleAtFixedRate(() -> bar.update(Math.min(frames - 1, committed(admin))), PROGRESS_POLL_MILLIS,
          PROGRESS_POLL_MILLIS, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      env.execute("latentmap demo");
      double seconds = (System.nanoTime() - start) / 1e9;
      poller.shutdownNow();
      bar.update(frames);
      return seconds;
    } finally {
      poller.shutdownNow();
    }
  }

  /** Frames the job has checkpointed past (offsets it committed), counted against the topic's start. */
  private static long committed(Admin admin) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
      offsets.keySet().forEach(p -> earliest.put(p, OffsetSpec.earliest()));
      var starts = admin.listOffsets(earliest).all().get();
      long done = 0;
      for (var e : offsets.entrySet()) {
        if (e.getValue() != null) {
          done += e.getValue().offset() - starts.get(e.getKey()).offset();
        }
      }
      return done;
    } catch (Exception e) {
      return 0; // the group appears with the first checkpoint
    }
  }

  private static <T extends SpecificRecord> List<T> read(Map<String, Object> client, String topic, AvroWire<T> wire)
      throws Exception {
    List<T> records = new ArrayList<>();
    for (var record : TopicReader.readCommitted(client, topic, READ_TIMEOUT)) {
      records.add(wire.decode(record.value()));
    }
    return records;
  }

  private void summarize(DemoSummary s, ProduceSummary produced, double jobSeconds, List<TileUpdate> updates,
      List<MapTile> snapshots, List<DeadLetter> deadLetters, MapQuality quality, double simEnd) {
    s.add("demo.frames.sent", produced.framesSent(), "frames");
    s.add("demo.frames.not_sent", produced.framesNotSent(), "frames");
    s.add("demo.wire.bytes", produced.bytesSent(), "bytes");
    s.add("demo.wire.bpp_mean", produced.meanBitsPerPixel(), "bpp");
    s.add("demo.fleet.frames_per_s", produced.framesPerSecond(), "fps");
    s.add("demo.job.seconds", jobSeconds, "s");
    s.add("demo.job.frames_per_s", produced.framesSent() / jobSeconds, "fps");
    s.add("demo.dead_letters", deadLetters.size(), "records");
    List<MapTile> tiles = MapQuality.lastSnapshots(snapshots);
    s.add("demo.tiles", tiles.size(), "tiles");
    s.add("demo.tile_updates", updates.size(), "records");
    MapQuality.CellScore cells = quality.cells(snapshots, simEnd);
    s.add("demo.map.observed_cells", cells.observedCells(), "cells");
    s.add("demo.map.cell_accuracy", cells.accuracy(), "ratio");
    s.add("demo.map.mean_iou", cells.meanIou(), "ratio");
    MapQuality.LandmarkScore landmarks = quality.landmarks(snapshots, simEnd);
    s.add("demo.map.landmarks", landmarks.mapLandmarks(), "landmarks");
    s.add("demo.map.landmarks_matched", landmarks.matched(), "landmarks");
    s.add("demo.map.landmark_error_median", landmarks.median(), "m");
    s.add("demo.map.landmark_error_p90", landmarks.p90(), "m");
    List<MapQuality.ChangeOutcome> changes = quality.changes(updates, snapshots, simEnd);
    s.add("demo.changes.scheduled", changes.size(), "changes");
    s.add("demo.changes.in_mapped_tiles", changes.stream().filter(MapQuality.ChangeOutcome::observable).count(),
        "changes");
    s.add("demo.changes.detected", changes.stream().filter(MapQuality.ChangeOutcome::detected).count(), "changes");
  }
}
