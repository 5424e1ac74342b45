package io.latentmap.sim.cli;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.onnx.BundleNetworks;
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
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityConfig;
import io.latentmap.sim.world.CityGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "produce", mixinStandardHelpOptions = true,
    description = "Run the simulated fleet's edge devices (render, encode, choose layers by link, publish "
        + "CompressedFrames to Kafka), or replay a Cityscapes-layout folder.")
final class ProduceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, HOST:PORT[,...].")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = "fleet.frames", description = "Topic to publish to. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(names = "--bundle", required = true, description = "Model bundle folder (models/<id>).")
  Path bundle;

  @Option(names = "--seed", defaultValue = "1", description = "City seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--vehicles", defaultValue = "8", description = "Camera vehicles. Default: ${DEFAULT-VALUE}.")
  int vehicles;

  @Option(names = "--cameras", defaultValue = "4", description = "Roadside cameras. Default: ${DEFAULT-VALUE}.")
  int cameras;

  @Option(names = "--seconds", defaultValue = "60", description = "Simulated seconds of driving. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--threads", description = "Render-and-encode threads (output is identical for any count). "
      + "Default: the number of cores.")
  Integer threads;

  @Option(names = "--tick-stride", defaultValue = "1", description = "Each source captures every this many 0.1 s "
      + "ticks (1 = 10 Hz, 10 = 1 Hz); its link then carries fewer, larger frames. Default: ${DEFAULT-VALUE}.")
  int tickStride;

  @Option(names = "--pace", defaultValue = "0", description = "Send frames no faster than this many times real "
      + "time by their capture times (1 = a live fleet); 0 = as fast as they are made. Default: ${DEFAULT-VALUE}.")
  double pace;

  @Option(names = "--epoch", defaultValue = "2026-11-25T08:00:00Z", description = "Capture time of simulation "
      + "time 0, an ISO-8601 instant, or 'now' (with --pace 1, capture times are then live). Default: "
      + "${DEFAULT-VALUE}.")
  String epoch;

  @Option(names = "--replay", description = "Instead of the simulated fleet, publish every frame of this "
      + "Cityscapes-layout folder with all layers.")
  Path replay;

  @Override
  public Integer call() throws Exception {
    if (!(seconds > 0 && seconds <= 86_400)) {
      throw new IllegalArgumentException("--seconds outside (0, 86400]: " + seconds);
    }
    ProducerSettings settings = (threads == null ? ProducerSettings.defaults() : ProducerSettings.withThreads(threads))
        .withTickStride(tickStride).withPace(pace);
    ModelBundle loaded = ModelBundle.load(bundle);
    ProduceSummary summary;
    try (BundleNetworks networks = BundleNetworks.open(loaded, BundleNetworks.DEFAULT_INTRA_OP_THREADS);
        FleetProducer producer = new FleetProducer(loaded, networks, settings);
        KafkaFrameSink sink = KafkaFrameSink.connect(bootstrapServers, topic)) {
      if (replay != null) {
        summary = producer.replay(replay, sink, progressBar("replay " + replay.getFileName()));
      } else {
        City city = city(seed, cameras);
        Fleet fleet = new Fleet(city, vehicles, epochInstant(epoch));
        List<FleetSource> sources = sources(fleet, cameras);
        long ticks = Math.round(seconds * Fleet.FRAME_RATE_HZ);
        summary = producer.produceFleet(fleet, sources, ticks, BandwidthPolicy.FLEET_LINKS, sink,
            progressBar("produce " + city.name()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    summary.figureLines().forEach(out::println);
    out.flush();
    return 0;
  }

  private static Instant epochInstant(String text) {
    if ("now".equals(text)) {
      return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--epoch must be an ISO-8601 instant such as 2026-11-25T08:00:00Z, or now: "
          + text, e);
    }
  }

  /** A progress bar on stderr, sized by the first frame's report of how many will come. */
  private static ProduceListener progressBar(String label) {
    return new ProduceListener() {
      private ProgressBar bar;

      @Override
      public void onFrame(FrameOutcome outcome) {
        if (bar == null) {
          bar = new ProgressBar(label, outcome.total());
        }
        bar.update(outcome.done());
      }
    };
  }

  /** The seed's city; regenerated with more camera sites only when more roadside cameras are asked for. */
  private static City city(long seed, int cameras) {
    City city = CityGenerator.generate(seed);
    if (cameras <= city.cameraSites().size()) {
      return city;
    }
    CityConfig c = city.config();
    return CityGenerator.generate(seed, city.frame().anchor(), new CityConfig(c.ringHalfSize(), c.margin(),
        c.groundCellSize(), c.minBlock(), c.maxBlock(), c.changesFrom(), c.changesUntil(), c.changesPerKind(),
        cameras));
  }

  /** All vehicles and the first {@code cameras} roadside cameras. */
  private static List<FleetSource> sources(Fleet fleet, int cameras) {
    if (cameras < 0) {
      throw new IllegalArgumentException("--cameras must be >= 0: " + cameras);
    }
    List<FleetSource> out = new ArrayList<>();
    int roadside = 0;
    for (FleetSource s : fleet.sources()) {
      if (s.kind() == SourceKind.VEHICLE || roadside++ < cameras) {
        out.add(s);
      }
    }
    if (roadside < cameras) {
      throw new IllegalArgumentException("the city has room for " + roadside + " roadside cameras, not " + cameras);
    }
    return out;
  }
}
