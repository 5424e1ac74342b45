package io.latentmap.eval.viewer;

import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./latentmap viewer serve}: serves the page until stopped (Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Reads the job's tile snapshots and updates from Kafka and serves the live map as a web page "
        + "until stopped (Ctrl-C). Prints viewer.url.")
public final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, HOST:PORT[,...].")
  String bootstrapServers;

  @Option(names = "--port", defaultValue = "" + ViewerSettings.DEFAULT_PORT,
      description = "Port of the page; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = ViewerSettings.DEFAULT_BIND_ADDRESS,
      description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 shows the map to the network).")
  String bind;

  @Option(names = "--tiles-topic", defaultValue = ViewerSettings.DEFAULT_TILES_TOPIC,
      description = "MapTile snapshots, compacted (default ${DEFAULT-VALUE}).")
  String tilesTopic;

  @Option(names = "--updates-topic", defaultValue = ViewerSettings.DEFAULT_UPDATES_TOPIC,
      description = "TileUpdate deltas (default ${DEFAULT-VALUE}).")
  String updatesTopic;

  @Option(names = "--zoom", defaultValue = "" + ViewerSettings.DEFAULT_ZOOM,
      description = "Tile zoom of the map, the job's map.zoom (default ${DEFAULT-VALUE}).")
  int zoom;

  @Option(names = "--city-seed", defaultValue = "" + ViewerSettings.DEFAULT_CITY_SEED,
      description = "Seed of the simulated city the fleet drives in, for the ground truth (default ${DEFAULT-VALUE}).")
  long citySeed;

  @Option(names = "--epoch", description = "Capture time of simulation time 0 (the fleet's --epoch, ISO-8601; "
      + "local-cluster/fleet.sh writes it to run/fleet.epoch): each tile's truth is then the world when its evidence "
      + "was captured. Without it, the truth is the world at --truth-time.")
  String epoch;

  @Option(names = "--truth-time", defaultValue = "0",
      description = "Simulation seconds of the truth when no --epoch is given (default ${DEFAULT-VALUE}).")
  double truthTime;

  @Option(names = "--recent-seconds", defaultValue = "30", description = "Updates whose evidence is at most this "
      + "older than the newest evidence are highlighted as recent (default ${DEFAULT-VALUE}).")
  long recentSeconds;

  @Override
  public Integer call() throws Exception {
    ViewerSettings settings = new ViewerSettings(bootstrapServers, bind, port, tilesTopic, updatesTopic, zoom,
        citySeed, epoch == null ? null : parseEpoch(epoch), truthTime, Duration.ofSeconds(recentSeconds));
    City city = CityGenerator.generate(settings.citySeed());
    CountDownLatch stopped = new CountDownLatch(1);
    try (ViewerServer server = ViewerServer.start(settings, city)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "viewer-stop"));
      PrintWriter out = spec.commandLine().getOut();
      out.println("viewer.url " + server.url() + " url");
      out.flush();
      spec.commandLine().getErr().printf("viewer of %s (city %s, seed %d) on %s; Ctrl-C stops it%n",
          settings.bootstrapServers(), city.name(), city.seed(), server.url());
      stopped.await();
    }
    return 0;
  }

  static Instant parseEpoch(String text) {
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--epoch must be an ISO-8601 instant such as 2026-11-25T08:00:00Z: " + text, e);
    }
  }
}
