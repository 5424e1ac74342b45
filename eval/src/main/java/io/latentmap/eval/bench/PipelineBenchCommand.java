package io.latentmap.eval.bench;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.eval.Statistics;
import io.latentmap.eval.embedded.Embedded;
import io.latentmap.eval.embedded.JobTopics;
import io.latentmap.jobs.MapUpdateConfig;
import io.latentmap.jobs.MapUpdateJob;
import io.latentmap.operators.infer.InferOnLatents;
import io.latentmap.operators.infer.LatentPerceiver;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.producer.BandwidthPolicy;
import io.latentmap.sim.producer.FleetProducer;
import io.latentmap.sim.producer.FrameSink;
import io.latentmap.sim.producer.KafkaFrameSink;
import io.latentmap.sim.producer.ProducerSettings;
import io.latentmap.sim.world.CityGenerator;
import io.latentmap.testkit.InProcessBroker;
import io.latentmap.testkit.TopicReader;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./latentmap bench pipeline}: the map-update job's throughput, Kafka in to tile updates out, on this
 * machine's cores, against the same job doing decode-then-infer, and against the bare ONNX heads; then the
 * capture-to-update latency at half the measured rate. Every figure comes from one run on the same machine.
 *
 * <p>Job start-up (a few seconds) is not throughput: a rate is the frames over a run's {@link SteadyWindow}, the
 * whole seconds in which every perception subtask had frames (job accumulators), with everything downstream of it
 * pushing back on it.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Job frames/s (heads on latents vs decode-then-infer vs heads alone) and p99 latency at half rate.")
public final class PipelineBenchCommand implements Callable<Integer> {
  static final int HEADS_BATCH = 8;
  /** Issue 5's goals, on a 2-core machine. */
  static final double GOAL_FPS = 200;
  static final double GOAL_SPEEDUP = 3;
  static final double GOAL_EFFICIENCY = 0.7;
  static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
  /** Bandwidth that lets every frame carry all its layers: the benchmark measures the job, not the links. */
  static final double UNLIMITED_BITS_PER_SECOND = 1e12;

  @Spec CommandSpec spec;

  @Option(names = "--bundle", description = "Model bundle (default: models/latent-scalable, else the fixture).")
  Path bundle;

  /**
   * Long enough for a steady state: through a 1,200-frame run (4 s of perception, after the warm-up run) the JIT
   * compilers were still busy, about 2 of its 11 core-seconds by JFR's per-thread CPU, which a long-running job
   * pays once; 3,600-frame runs left steady windows of 4-6 s, whose rates scattered by several percent.
   */
  @Option(names = "--frames", defaultValue = "4800", description = "Frames of the full run (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism = cores used (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--seed", defaultValue = "1", description = "City seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--latency-seconds", defaultValue = "20",
      description = "Duration of the paced latency run; 0 skips it (default ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(names = "--warm-up-runs", defaultValue = "5",
      description = "Unreported runs over the same frames before the measured ones (default ${DEFAULT-VALUE}).")
  int warmUpRuns;

  @Option(names = "--measured-runs", defaultValue = "3",
      description = "Measured job runs, each followed at once by a pass of the heads alone over the same frames; the"
          + " figures are the medians, the efficiency the median of each pair's ratio (default ${DEFAULT-VALUE}).")
  int measuredRuns;

  /** The compilers are quiet when they worked less than this in the last {@link #QUIET_WINDOW}. */
  static final Duration QUIET_COMPILE_TIME = Duration.ofMillis(20);
  static final Duration QUIET_WINDOW = Duration.ofSeconds(1);
  static final Duration MAX_QUIET_WAIT = Duration.ofSeconds(60);
  /**
   * Rates are measured after each run's first seconds (see {@link SteadyWindow}): the job's start-up (task
   * deployment, the sinks' first transactions) overlaps its first batches.
   */
  static final Duration SETTLE = Duration.ofSeconds(2);
  static final Duration MIN_STEADY_WINDOW = Duration.ofSeconds(3);

  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() throws Exception {
    if (measuredRuns < 1 || warmUpRuns < 0) {
      throw new ParameterException(spec.commandLine(), "--measured-runs must be at least 1 and --warm-up-runs at least 0");
    }
    Path chosen = Embedded.chosenOrShipped(bundle);
    Path bundleDir = chosen != null ? chosen : Embedded.fixtureBundle(seed);
    ModelBundle loaded = ModelBundle.load(bundleDir);
    boolean rgbBaseline = loaded.manifest().network("rgb_decoder").isPresent()
        && loaded.manifest().network("rgb_baseline").isPresent();
    err.println("bench pipeline: bundle " + loaded.id() + ", " + frames + " frames, parallelism " + parallelism);
    List<CompressedFrame> fleetFrames = fleetFrames(loaded);
    List<Figure> figures = new ArrayList<>();
    List<Goal> goals = new ArrayList<>();
    figures.add(new Figure("pipeline.frames", fleetFrames.size(), "frames"));
    try (InProcessBroker broker = Embedded.broker(); MiniCluster cluster = flinkCluster()) {
      Bench bench = new Bench(broker.bootstrapServers(), cluster, bundleDir, fleetFrames);
      // A long-running job's rate is that of compiled code: the first job in this JVM pays for the JIT compiling
      // Flink's, Kafka's and our paths, which would otherwise count against whichever mode runs first. A warm-up
      // run leaves the compilers a backlog (they get no core while the job holds both): measured, they took 1 of
      // the 5.9 CPU-ms of each frame of the run after it. Each further run brings more of the warm code (checkpoint,
      // transaction and broker request paths) to its compile thresholds: 0.36-0.48 CPU-ms a frame after two runs,
      // 0.27 after five. Long-running jobs do not pay that, so the measured run starts when the compilers have gone
      // quiet after five.
      for (int run = 0; run < warmUpRuns; run++) {
        bench.warmUp(LatentPerceiver.Mode.HEADS_ON_LATENT);
      }
      awaitQuietCompilers();
      // The host's speed drifts by several percent over minutes (the heads alone measured 646-735 frames/s across
      // runs): each job run is paired with a pass of the heads alone right after it, and the efficiency is the
      // median of the pairs' ratios, so drift between the two measurements cancels.
      List<Rate> jobs = new ArrayList<>();
      List<Rate> headsAlone = new ArrayList<>();
      double[] pairEfficiency = new double[measuredRuns];
      double[] pairEfficiencyCpu = new double[measuredRuns];
      try (HeadsOnly headsOnly = new HeadsOnly(loaded, fleetFrames)) {
        for (int run = 0; run < measuredRuns; run++) {
          Rate jobRun = bench.jobRate(LatentPerceiver.Mode.HEADS_ON_LATENT);
          Rate headsRun = headsOnly.rate();
          jobs.add(jobRun);
          headsAlone.add(headsRun);
          pairEfficiency[run] = jobRun.framesPerSecond() / headsRun.framesPerSecond();
          pairEfficiencyCpu[run] = headsRun.cpuMillisPerFrame() / jobRun.cpuMillisPerFrame();
          err.printf("  measured run %d: %.1f frames/s, heads alone %.1f frames/s, efficiency %.3f%n", run + 1,
              jobRun.framesPerSecond(), headsRun.framesPerSecond(), pairEfficiency[run]);
        }
      }
      Rate job = Rate.medianOf(jobs);
      Rate heads = Rate.medianOf(headsAlone);
      double fps = job.framesPerSecond();
      figures.add(new Figure("pipeline.measured_runs", measuredRuns, "runs"));
      figures.add(new Figure("pipeline.fps", fps, "fps"));
      figures.add(new Figure("pipeline.cpu_ms_per_frame", job.cpuMillisPerFrame(), "ms"));
      figures.addAll(job.cpuByThreadGroup("pipeline.cpu_ms_per_frame."));
      if (rgbBaseline) {
        Rate baseline = bench.jobRate(LatentPerceiver.Mode.DECODE_THEN_INFER);
        double speedup = fps / baseline.framesPerSecond();
        figures.add(new Figure("pipeline.decode_then_infer.fps", baseline.framesPerSecond(), "fps"));
        figures.add(new Figure("pipeline.decode_then_infer.cpu_ms_per_frame", baseline.cpuMillisPerFrame(), "ms"));
        figures.add(new Figure("pipeline.speedup", speedup, "ratio"));
        figures.add(new Figure("pipeline.speedup_cpu", baseline.cpuMillisPerFrame() / job.cpuMillisPerFrame(),
            "ratio"));
        goals.add(new Goal("pipeline.goal.speedup_at_least_3", speedup, "ratio", "decode-then-infer ratio >= "
            + GOAL_SPEEDUP, speedup >= GOAL_SPEEDUP));
      } else {
        err.println("bundle " + loaded.id() + " has no RGB decoder and network: no decode-then-infer figures");
      }
      double efficiency = median(pairEfficiency);
      figures.add(new Figure("pipeline.heads_only.fps", heads.framesPerSecond(), "fps"));
      figures.add(new Figure("pipeline.heads_only.cpu_ms_per_frame", heads.cpuMillisPerFrame(), "ms"));
      figures.add(new Figure("pipeline.efficiency", efficiency, "ratio"));
      figures.add(new Figure("pipeline.efficiency_min", Arrays.stream(pairEfficiency).min().orElseThrow(), "ratio"));
      figures.add(new Figure("pipeline.efficiency_max", Arrays.stream(pairEfficiency).max().orElseThrow(), "ratio"));
      figures.add(new Figure("pipeline.efficiency_cpu", median(pairEfficiencyCpu), "ratio"));
      goals.add(0, new Goal("pipeline.goal.fps_at_least_200", fps, "fps", "frames/s >= " + GOAL_FPS, fps >= GOAL_FPS));
      goals.add(new Goal("pipeline.goal.efficiency_at_least_0_7", efficiency, "ratio",
          "pipeline / heads-only >= " + GOAL_EFFICIENCY, efficiency >= GOAL_EFFICIENCY));
      if (latencySeconds > 0) {
        figures.add(new Figure("pipeline.latency_rate", fps / 2, "fps"));
        figures.add(new Figure("pipeline.latency_p99_ms", bench.latencyP99Millis(fps / 2, latencySeconds), "ms"));
      }
    }
    figures.forEach(f -> f.printTo(out));
    goals.forEach(g -> g.figures().forEach(f -> f.printTo(out)));
    return 0;
  }

  /**
   * One Flink cluster for every run, as a long-running job has: a local environment per run would start a
   * cluster (RPC system, TaskManager, Pekko's configuration) each time, work that a long-running job's cluster does
   * once and that the JIT then compiles during the run.
   */
  private MiniCluster flinkCluster() throws Exception {
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(new Configuration())
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(parallelism)
        .build());
    cluster.start();
    return cluster;
  }

  /** Waits (up to {@link #MAX_QUIET_WAIT}) until the JIT compilers' queue has drained. */
  private void awaitQuietCompilers() throws InterruptedException {
    CompilationMXBean compilers = ManagementFactory.getCompilationMXBean();
    if (compilers == null || !compilers.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long start = System.nanoTime();
    long before = compilers.getTotalCompilationTime();
    while (System.nanoTime() - start < MAX_QUIET_WAIT.toNanos()) {
      Thread.sleep(QUIET_WINDOW.toMillis()); // polling the compilers' clock, not synchronising with a test
      long now = compilers.getTotalCompilationTime();
      if (now - before < QUIET_COMPILE_TIME.toMillis()) {
        break;
      }
      before = now;
    }
    err.printf("  compilers quiet after %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /** Renders and encodes the frames once (all layers), kept in memory: the job runs are then not waiting on them. */
  private List<CompressedFrame> fleetFrames(ModelBundle loaded) throws Exception {
    Fleet fleet = new Fleet(CityGenerator.generate(seed), 8, Instant.now().minus(Duration.ofHours(1)));
    long ticks = (frames + fleet.sources().size() - 1) / fleet.sources().size();
    List<CompressedFrame> collected = new ArrayList<>();
    try (BundleNetworks networks = BundleNetworks.open(loaded, 1);
        FleetProducer producer = new FleetProducer(loaded, networks,
            ProducerSettings.withThreads(Runtime.getRuntime().availableProcessors()))) {
      producer.produceFleet(fleet, fleet.sources(), ticks, BandwidthPolicy.constant(UNLIMITED_BITS_PER_SECOND),
          new FrameSink() {
            @Override
            public void send(CompressedFrame frame) {
              collected.add(frame);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          }, outcome -> {});
    }
    return collected.subList(0, Math.min(frames, collected.size()));
  }

  /**
   * Frames/s and CPU per frame of one run: wall-clock rate, and this process's CPU time over the same span, which
   * a shared machine's load distorts far less.
   */
  record Rate(double framesPerSecond, double cpuMillisPerFrame, double[] cpuShares) {
    Rate(double framesPerSecond, double cpuMillisPerFrame) {
      this(framesPerSecond, cpuMillisPerFrame, new double[0]);
    }

    /** The run with the median rate (its CPU split with it); of an even count, the slower of the middle two. */
    static Rate medianOf(List<Rate> rates) {
      List<Rate> sorted = new ArrayList<>(rates);
      sorted.sort(Comparator.comparingDouble(Rate::framesPerSecond));
      return sorted.get((sorted.size() - 1) / 2);
    }

    /** CPU-ms per frame by kind of thread (where the time goes); none where threads cannot be told apart. */
    List<Figure> cpuByThreadGroup(String prefix) {
      List<Figure> figures = new ArrayList<>();
      for (int g = 0; g < cpuShares.length; g++) {
        figures.add(new Figure(prefix + ThreadGroupCpu.Group.values()[g].figure, cpuShares[g] * cpuMillisPerFrame,
            "ms"));
      }
      return figures;
    }
  }

  /** {@link Statistics#median} of the measured runs' figures, of which there is always at least one. */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    return Statistics.median(values);
  }

  /**
   * Frames/s of the heads alone on already-decoded latents, batches of {@link #HEADS_BATCH}, one thread per core:
   * the frames are decoded and the heads warmed once, then every {@link #rate} is a pass over all of them.
   */
  private final class HeadsOnly implements AutoCloseable {
    private final BundleNetworks networks;
    private final LatentPerceiver perceiver;
    private final List<LatentPerceiver.DecodedFrame> decoded = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(parallelism);

    HeadsOnly(ModelBundle loaded, List<CompressedFrame> all) throws Exception {
      this.networks = BundleNetworks.open(loaded, 1);
      this.perceiver = new LatentPerceiver(networks, LatentPerceiver.DetectionSettings.DEFAULTS);
      for (CompressedFrame f : all) {
        decoded.add(perceiver.decode(f));
      }
      pass(); // warm-up
    }

    Rate rate() throws Exception {
      long startCpu = ProcessCpuClock.processCpuNanos();
      long start = System.nanoTime();
      pass();
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Rate(decoded.size() / seconds, (ProcessCpuClock.processCpuNanos() - startCpu) / 1e6 / decoded.size());
    }

    private void pass() throws Exception {
      List<Future<?>> batches = new ArrayList<>();
      for (int i = 0; i < decoded.size(); i += HEADS_BATCH) {
        List<LatentPerceiver.DecodedFrame> batch = decoded.subList(i, Math.min(decoded.size(), i + HEADS_BATCH));
        batches.add(pool.submit(() -> perceiver.perceive(batch)));
      }
      for (Future<?> f : batches) {
        f.get();
      }
    }

    @Override
    public void close() {
      pool.shutdownNow();
      networks.close();
    }
  }

  /** Job runs against one broker; every run gets topics of its own. */
  private final class Bench {
    private final String bootstrap;
    private final MiniCluster cluster;
    private final Path bundleDir;
    private final List<CompressedFrame> all;
    private final Map<String, Integer> partitionBySource = new HashMap<>();
    private int runs;
    private final Path checkpoints;

    Bench(String bootstrap, MiniCluster cluster, Path bundleDir, List<CompressedFrame> all) throws java.io.IOException {
      this.cluster = cluster;
      this.checkpoints = io.latentmap.eval.embedded.ScratchDirectory.create("latentmap-bench-checkpoints");
      this.bootstrap = bootstrap;
      this.bundleDir = bundleDir;
      this.all = all;
    }

    /** A run over the same frames whose figures are not kept (a shorter one left C2 compiling through the next). */
    void warmUp(LatentPerceiver.Mode mode) throws Exception {
      Rate rate = jobRate(mode);
      err.printf("  warm-up run: %.1f frames/s, %.2f CPU-ms/frame (not reported)%n", rate.framesPerSecond(),
          rate.cpuMillisPerFrame());
    }

    /** Each perception subtask's first and last batch, from the job's accumulators. */
    private static List<SteadyWindow.Span> perceptionSpans(JobExecutionResult result) {
      List<SteadyWindow.Span> spans = new ArrayList<>();
      for (int subtask = 0; ; subtask++) {
        Long first = result.getAccumulatorResult(InferOnLatents.FIRST_BATCH_MILLIS_PREFIX + subtask);
        Long last = result.getAccumulatorResult(InferOnLatents.LAST_BATCH_MILLIS_PREFIX + subtask);
        Long frames = result.getAccumulatorResult(InferOnLatents.FRAMES_PREFIX + subtask);
        if (first == null || last == null || frames == null) {
          return spans;
        }
        if (frames > 0) {
          spans.add(new SteadyWindow.Span(first, last, frames));
        }
      }
    }

    /** Frames over the steady part of a bounded run over all frames, and CPU over that time. */
    Rate jobRate(LatentPerceiver.Mode mode) throws Exception {
      String run = "bench-" + (++runs);
      JobTopics topics = createTopics(run, false);
      send(topics.frames(), all, null, 0);
      JobGraph job = jobGraph(run, config(run, topics, mode, true));
      JobExecutionResult result;
      SteadyWindow steady;
      long cpuNanos;
      double[] cpuShares;
      List<SteadyWindow.Span> subtasks;
      try (ProcessCpuClock cpu = new ProcessCpuClock()) {
        result = cluster.executeJobBlocking(job);
        subtasks = perceptionSpans(result);
        steady = SteadyWindow.of(result.getAccumulatorResult(InferOnLatents.FRAMES_BY_SECOND),
            InferOnLatents.SECONDS_EPOCH, subtasks, SETTLE, MIN_STEADY_WINDOW);
        cpuNanos = cpu.cpuNanosBetween(steady.fromMillis(), steady.toMillis());
        cpuShares = cpu.groupSharesBetween(steady.fromMillis(), steady.toMillis());
      }
      long frames = subtasks.stream().mapToLong(SteadyWindow.Span::frames).sum();
      long firstBatch = subtasks.stream().mapToLong(SteadyWindow.Span::firstMillis).min().orElseThrow();
      err.printf("  %s: %d frames in %.1f s of perception (%d in %.1f s with every subtask busy; by subtask %s),"
          + " %.1f s job wall time%n", mode, frames,
          (subtasks.stream().mapToLong(SteadyWindow.Span::lastMillis).max().orElseThrow() - firstBatch) / 1e3,
          steady.frames(), steady.seconds(), subtasks.stream()
              .map(s -> String.format("%d frames done at %.1f s", s.frames(), (s.lastMillis() - firstBatch) / 1e3))
              .collect(Collectors.joining(", ")), result.getNetRuntime() / 1e3);
      if (frames != all.size()) {
        throw new IllegalStateException("the job perceived " + frames + " of the " + all.size() + " frames sent");
      }
      return new Rate(steady.frames() / steady.seconds(), cpuNanos / 1e6 / steady.frames(), cpuShares);
    }

    /**
     * Frames re-stamped to the wall clock as they are sent, at {@code rate} per second; latency of an update =
     * the broker's append time of the update minus the capture time of the newest frame in it.
     */
    double latencyP99Millis(double rate, int seconds) throws Exception {
      String run = "bench-live";
      JobTopics topics = createTopics(run, true);
      JobID job = cluster.submitJob(jobGraph(run, config(run, topics, LatentPerceiver.Mode.HEADS_ON_LATENT, false)))
          .get().getJobID();
      try {
        int count = (int) Math.min(all.size() * 4L, Math.round(rate * seconds));
        List<CompressedFrame> paced = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          paced.add(all.get(i % all.size()));
        }
        send(topics.frames(), paced, Instant.now(), rate);
        // One more publish interval and out-of-orderness for the last frames to leave the job.
        Thread.sleep(Duration.ofSeconds(6).toMillis()); // a benchmark's settling time, not test synchronisation
      } finally {
        cluster.cancelJob(job).get();
      }
      List<Double> latencies = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(Map.of("bootstrap.servers", bootstrap),
          topics.tileUpdates(), READ_TIMEOUT)) {
        TileUpdate u = AvroWire.tileUpdates().decode(r.value());
        latencies.add((double) (r.timestamp() - u.getEventTimeEnd().toEpochMilli()));
      }
      latencies.sort(Double::compare);
      return latencies.isEmpty() ? Double.NaN : latencies.get((int) Math.floor(0.99 * (latencies.size() - 1)));
    }

    /** The job as the shared cluster runs it. */
    private JobGraph jobGraph(String run, MapUpdateConfig config) throws Exception {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
      env.setParallelism(parallelism);
      MapUpdateJob.build(env, config);
      StreamGraph graph = env.getStreamGraph();
      graph.setJobName(run);
      return graph.getJobGraph();
    }

    private MapUpdateConfig config(String run, JobTopics topics, LatentPerceiver.Mode mode, boolean bounded) {
      return MapUpdateConfig.load(new String[] {
        "--kafka.bootstrap-servers", bootstrap, "--bundle.dir", bundleDir.toString(),
        "--topic.frames", topics.frames(), "--topic.tile-updates", topics.tileUpdates(), "--topic.tiles", topics.tiles(),
        "--topic.dead-letters", topics.deadLetters(), "--kafka.group-id", run, "--kafka.transactional-id-prefix", run,
        "--kafka.starting-offsets", "EARLIEST", "--kafka.stop-at-latest", String.valueOf(bounded),
        "--inference.mode", mode.name(), "--checkpoint.interval", "1 s", "--watermark.idleness", "2 s",
        "--checkpoint.dir", checkpoints.toUri().toString(),
        "--parallelism", String.valueOf(parallelism)
      }, Map.of());
    }

    /** Two partitions per subtask of the job's source. */
    private int topicPartitions() {
      return parallelism * 2;
    }

    /** The run's topics; a latency run's updates carry the broker's append time. */
    private JobTopics createTopics(String run, boolean appendTime) {
      JobTopics topics = JobTopics.prefixed(run);
      topics.create(bootstrap, topicPartitions(), parallelism,
          appendTime ? Map.of("message.timestamp.type", "LogAppendTime") : Map.of());
      return topics;
    }

    /**
     * Sends frames, each source's to one partition as the fleet's keyed records are, but spread evenly: the
     * benchmark's 12 sources hash 5 : 7 onto the two subtasks' partitions, where a fleet of thousands evens out.
     * With a start time, re-stamps each frame to the wall clock and paces them at {@code rate}.
     */
    private void send(String topic, List<CompressedFrame> frames, Instant paceFrom, double rate) throws Exception {
      Map<String, Object> config = KafkaFrameSink.producerConfig(bootstrap);
      AvroWire<CompressedFrame> wire = AvroWire.compressedFrames();
      AtomicReference<Exception> firstError = new AtomicReference<>();
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
        long startNanos = System.nanoTime();
        for (int i = 0; i < frames.size(); i++) {
          CompressedFrame frame = frames.get(i);
          if (paceFrom != null) {
            long due = startNanos + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            frame = CompressedFrame.newBuilder(frame).setCaptureTime(Instant.now()).build(); // CRC covers no time
          }
          ProducerRecord<byte[], byte[]> keyed = KafkaFrameSink.record(topic, frame, wire.encode(frame));
          int partition = partitionBySource.computeIfAbsent(frame.getSourceId().toString(),
              source -> partitionBySource.size() % topicPartitions());
          ProducerRecord<byte[], byte[]> placed =
              new ProducerRecord<>(topic, partition, keyed.timestamp(), keyed.key(), keyed.value());
          producer.send(placed, (metadata, error) -> {
            if (error != null) {
              firstError.compareAndSet(null, error);
            }
          });
        }
        producer.flush();
      }
      if (firstError.get() != null) {
        throw new IllegalStateException("the benchmark could not send all its frames to " + topic, firstError.get());
      }
    }
  }
}
