package io.latentmap.eval.embedded;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.jobs.MapUpdateConfig;
import io.latentmap.jobs.MapUpdateJob;
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
import io.latentmap.sim.producer.FrameOutcome;
import io.latentmap.sim.producer.KafkaFrameSink;
import io.latentmap.sim.producer.ProduceListener;
import io.latentmap.sim.producer.ProduceSummary;
import io.latentmap.sim.producer.ProducerSettings;
import io.latentmap.testkit.InProcessBroker;
import io.latentmap.testkit.TopicReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One drive of a simulated fleet through the whole system on this machine: an in-process KRaft broker, the fleet
 * rendering, encoding and publishing its frames, {@link MapUpdateJob} on a Flink MiniCluster reading them to the
 * end, and everything the job published read back. What the demo and {@code eval map} share; each scores the result
 * its own way.
 */
public final class EmbeddedPipeline {
  public static final String FRAMES = "fleet.frames";
  public static final String DEAD_LETTERS = "fleet.frames.dlq";
  public static final String UPDATES = "hdmap.tile-updates";
  public static final String TILES = "hdmap.tiles";
  static final String GROUP = "latentmap-embedded";
  static final int FRAME_PARTITIONS = 4;
  static final int OUTPUT_PARTITIONS = 2;
  public static final JobTopics TOPICS = new JobTopics(FRAMES, DEAD_LETTERS, UPDATES, TILES);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
  private static final long PROGRESS_POLL_MILLIS = 500;

  /**
   * What to drive and how to run the job.
   *
   * @param ticks fleet ticks (0.1 s) the drive lasts
   * @param tickStride each source captures every this many ticks
   * @param jobSettings extra job settings ({@code key -> value}, as {@code ./latentmap job --key value}); they
   *     override the embedded defaults
   * @param frames told about every frame slot the fleet handled, sent or not (besides the progress bar)
   */
  public record Drive(
      Fleet fleet,
      List<FleetSource> sources,
      long ticks,
      int tickStride,
      Path bundleDir,
      int parallelism,
      int producerThreads,
      Map<String, String> jobSettings,
      ProduceListener frames) {

    public Drive {
      sources = List.copyOf(sources);
      jobSettings = Map.copyOf(jobSettings);
      if (sources.isEmpty() || ticks < 1 || tickStride < 1 || parallelism < 1 || producerThreads < 1) {
        throw new IllegalArgumentException("a drive needs sources, ticks, stride, parallelism and threads >= 1");
      }
    }
  }

  /** What came out of a drive: the fleet's tally, the job's wall time and every record it published. */
  public record Result(ProduceSummary produced, double jobSeconds, List<TileUpdate> updates, List<MapTile> snapshots,
      List<DeadLetter> deadLetters) {}

  private final PrintStream err;

  /** @param err where progress bars go */
  public EmbeddedPipeline(PrintStream err) {
    this.err = err;
  }

  /** What runs beside a drive on its broker (the demo's viewer): told when the topics exist and when all is read. */
  public interface Hooks {
    Hooks NONE = new Hooks() {};

    /** The topics exist; nothing has been produced yet. */
    default void brokerReady(String bootstrapServers) throws Exception {}

    /** The job is done and its output read; the broker stops when this returns. */
    default void finished(Result result) throws Exception {}
  }

  public Result run(Drive drive) throws Exception {
    return run(drive, Hooks.NONE);
  }

  public Result run(Drive drive, Hooks hooks) throws Exception {
    ModelBundle bundle = ModelBundle.load(drive.bundleDir());
    try (InProcessBroker broker = Embedded.broker()) {
      String bootstrap = broker.bootstrapServers();
      TOPICS.create(bootstrap, FRAME_PARTITIONS, OUTPUT_PARTITIONS, Map.of());
      hooks.brokerReady(bootstrap);
      ProduceSummary produced = produce(bundle, drive, bootstrap);
      double jobSeconds = runJob(drive, bootstrap, produced.framesSent());
      Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
      Result result = new Result(produced, jobSeconds, read(client, UPDATES, AvroWire.tileUpdates()),
          read(client, TILES, AvroWire.mapTiles()), read(client, DEAD_LETTERS, AvroWire.deadLetters()));
      hooks.finished(result);
      return result;
    }
  }

  /** All vehicles of the fleet and its first {@code cameras} roadside cameras. */
  public static List<FleetSource> sources(Fleet fleet, int cameras) {
    List<FleetSource> chosen = new ArrayList<>();
    int roadside = 0;
    for (FleetSource s : fleet.sources()) {
      if (s.kind() == SourceKind.VEHICLE || roadside++ < cameras) {
        chosen.add(s);
      }
    }
    return chosen;
  }

  private ProduceSummary produce(ModelBundle bundle, Drive drive, String bootstrap) throws Exception {
    ProducerSettings producerSettings = new ProducerSettings(drive.producerThreads(),
        ProducerSettings.DEFAULT_FRAMES_IN_FLIGHT_PER_THREAD, ProducerSettings.DEFAULT_SENSOR,
        ProducerSettings.CITYSCAPES_FRAME_RATE_HZ, drive.tickStride(), ProducerSettings.UNPACED);
    long total = FleetProducer.capturesIn(drive.ticks(), drive.tickStride()) * drive.sources().size();
    ProgressBar bar = new ProgressBar("fleet      ", total, err);
    try (BundleNetworks networks = BundleNetworks.open(bundle, 1);
        FleetProducer producer = new FleetProducer(bundle, networks, producerSettings);
        KafkaFrameSink sink = KafkaFrameSink.connect(bootstrap, FRAMES)) {
      return producer.produceFleet(drive.fleet(), drive.sources(), drive.ticks(), BandwidthPolicy.FLEET_LINKS, sink,
          (FrameOutcome outcome) -> {
            bar.update(outcome.done());
            drive.frames().onFrame(outcome);
          });
    }
  }

  /** Runs the job over everything produced, with a progress bar fed by the offsets it commits; returns seconds. */
  private double runJob(Drive drive, String bootstrap, long frames) throws Exception {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    settings.put("kafka.bootstrap-servers", bootstrap);
    settings.put("bundle.dir", drive.bundleDir().toString());
    settings.put("kafka.group-id", GROUP);
    settings.put("kafka.starting-offsets", "EARLIEST");
    settings.put("kafka.stop-at-latest", "true");
    settings.put("checkpoint.interval", "2 s");
    settings.put("watermark.idleness", "2 s");
    // JobManager memory refuses a city's tile state: checkpoints go to files.
    settings.put("checkpoint.dir", ScratchDirectory.create("latentmap-embedded-checkpoints").toUri().toString());
    settings.put("parallelism", String.valueOf(drive.parallelism()));
    settings.putAll(drive.jobSettings());
    List<String> args = new ArrayList<>();
    settings.forEach((key, value) -> {
      args.add("--" + key);
      args.add(value);
    });
    MapUpdateConfig config = MapUpdateConfig.load(args.toArray(String[]::new));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(drive.parallelism(), new Configuration());
    MapUpdateJob.build(env, config);
    ProgressBar bar = new ProgressBar("map update ", frames, err);
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      poller.scheduleAtFixedRate(() -> bar.update(Math.min(frames - 1, committed(admin))), PROGRESS_POLL_MILLIS,
          PROGRESS_POLL_MILLIS, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      env.execute("latentmap embedded");
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
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
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
}
