package io.latentmap.eval.demo;

import io.latentmap.eval.bench.Figures;
import io.latentmap.eval.embedded.Embedded;
import io.latentmap.eval.map.MapEvalSettings;
import io.latentmap.eval.viewer.DemoViewer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./latentmap demo}: the whole system on embedded defaults (in-process Kafka, Flink MiniCluster, the
 * simulated fleet, the bundled model), then the map it built scored against the simulator's ground truth.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = CodecDemoCommand.class,
    description = "Runs the map-update job end to end on embedded defaults: in-process Kafka, a Flink MiniCluster,"
        + " a simulated fleet; prints the summary and writes out/ (tile PNGs beside the truth, landmarks GeoJSON,"
        + " summary.json).")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "1", description = "City seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--vehicles", defaultValue = "8", description = "Camera vehicles (default ${DEFAULT-VALUE}).")
  int vehicles;

  @Option(names = "--cameras", defaultValue = "4", description = "Roadside cameras (default ${DEFAULT-VALUE}).")
  int cameras;

  @Option(names = "--seconds", defaultValue = "120", description = "Simulated drive (default ${DEFAULT-VALUE} s).")
  int seconds;

  @Option(names = "--tick-stride", defaultValue = "2",
      description = "Each source captures every n-th 0.1 s tick (default ${DEFAULT-VALUE}: 5 frames/s).")
  int tickStride;

  @Option(names = "--bundle", description = "Model bundle folder (default: models/latent-scalable when present,"
      + " else the codec's fixture bundle).")
  Path bundle;

  @Option(names = "--out", defaultValue = "out", description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--threads", defaultValue = "2", description = "Fleet render/encode threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--viewer", description = "Serve the live map (./latentmap viewer) during the demo and keep it up"
      + " after the summary, until Ctrl-C.")
  boolean viewer;

  @Option(names = "--viewer-port", defaultValue = "8088", description = "Port of the viewer (default ${DEFAULT-VALUE}).")
  int viewerPort;

  @Option(names = "--routes", defaultValue = "CHANGES",
      description = "CHANGES: the vehicles repeat one lap past the world changes of the drive, so the map can see"
          + " them happen; RANDOM: each vehicle its own random route (default ${DEFAULT-VALUE}).")
  MapEvalSettings.Routes routes;

  PrintStream stdout = System.out;
  PrintStream stderr = System.err;

  @Override
  public Integer call() throws Exception {
    DemoSettings settings = new DemoSettings(seed, vehicles, cameras, seconds, tickStride,
        Embedded.chosenOrShipped(bundle), out, parallelism, threads, routes);
    PipelineDemo demo = new PipelineDemo(settings, stdout, stderr);
    if (!viewer) {
      report(demo.run().table());
      return 0;
    }
    try (DemoViewer companion = new DemoViewer(viewerPort, this::report, stderr)) {
      demo.with(companion).run();
    }
    return 0;
  }

  private void report(String figures) {
    stdout.print(figures);
    stderr.println("wrote " + out.resolve("summary.json") + ", " + out.resolve("tiles") + "/ (ours | truth), "
        + out.resolve("landmarks.geojson"));
  }
}
