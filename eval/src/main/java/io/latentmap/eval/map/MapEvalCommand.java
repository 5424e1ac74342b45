package io.latentmap.eval.map;

import io.latentmap.eval.embedded.Embedded;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./latentmap eval map}: the map the job builds over a held-out city with scheduled world changes, scored
 * against the simulator's truth. Prints {@code name value unit} lines (and {@code name 1 pass} or {@code name 0 fail} for goals
 * given), writes CSVs, plots and summary.json to {@code --out}.
 */
@Command(name = "map", mixinStandardHelpOptions = true,
    description = "Runs the map-update job (embedded Kafka + Flink MiniCluster) over a held-out city whose world"
        + " changes on a schedule, then scores the map: static-cell accuracy and per-class IoU on observed cells,"
        + " landmark error vs traversals, change detection precision/recall/delay. Writes map_quality.csv,"
        + " landmark_error_vs_traversals.csv/.png, landmarks.csv, tiles_errors.png, changes.csv,"
        + " change_claims.csv and summary.json.")
public final class MapEvalCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "9",
      description = "Held-out city seed (training uses 1-6; default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--bundle", description = "Model bundle folder (default: models/latent-scalable when present,"
      + " else the codec's fixture bundle with untrained networks).")
  Path bundle;

  @Option(names = "--vehicles", defaultValue = "8", description = "Camera vehicles (default ${DEFAULT-VALUE}).")
  int vehicles;

  @Option(names = "--cameras", defaultValue = "4", description = "Roadside cameras (default ${DEFAULT-VALUE}).")
  int cameras;

  @Option(names = "--duration", defaultValue = "360",
      description = "Simulated drive, seconds (default ${DEFAULT-VALUE}).")
  int duration;

  @Option(names = "--tick-stride", defaultValue = "2",
      description = "Each source captures every n-th 0.1 s tick (default ${DEFAULT-VALUE}: 5 frames/s).")
  int tickStride;

  @Option(names = "--changes-from", defaultValue = "30",
      description = "Simulation time of the first scheduled world change, s (default ${DEFAULT-VALUE}).")
  double changesFrom;

  @Option(names = "--settle", defaultValue = "120",
      description = "The drive goes on this long after the last change, s, so the fleet passes it again"
          + " (default ${DEFAULT-VALUE}).")
  double settle;

  @Option(names = "--routes", defaultValue = "CHANGES",
      description = "CHANGES: every vehicle repeats one lap through the scheduled changes; RANDOM: the demo's random"
          + " routes (default ${DEFAULT-VALUE}).")
  MapEvalSettings.Routes routes;

  @Option(names = "--perception", defaultValue = "MODEL",
      description = "MODEL: the job with the bundle's heads on latents; TRUTH: the true labels through the same"
          + " georeferencing and fusion, no job (an upper bound for the map logic) (default ${DEFAULT-VALUE}).")
  MapEvalSettings.Perception perception;

  @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--threads", defaultValue = "2",
      description = "Fleet render/encode threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--tiles", defaultValue = "6",
      description = "Tiles drawn in tiles_errors.png, the most observed first (default ${DEFAULT-VALUE}).")
  int tiles;

  @Option(names = "--job", paramLabel = "KEY=VALUE",
      description = "A map-update job setting for this run, e.g. --job map.min-cell-confidence=0 (repeatable;"
          + " see ./latentmap job --help).")
  Map<String, String> job = new LinkedHashMap<>();

  @Option(names = "--goal-static-accuracy", defaultValue = "NaN",
      description = "Judge static-cell accuracy against this minimum (0..1; unset: not judged).")
  double goalAccuracy;

  @Option(names = "--goal-landmark-median", defaultValue = "NaN",
      description = "Judge the median landmark error against this maximum, m (unset: not judged).")
  double goalLandmark;

  @Option(names = "--goal-changes-recall", defaultValue = "NaN",
      description = "Judge change recall against this minimum (0..1; unset: not judged).")
  double goalRecall;

  @Option(names = "--goal-changes-precision", defaultValue = "NaN",
      description = "Judge change precision against this minimum (0..1; unset: not judged).")
  double goalPrecision;

  PrintStream stdout = System.out;
  PrintStream stderr = System.err;

  @Override
  public Integer call() throws Exception {
    MapEvalSettings settings = new MapEvalSettings(seed, vehicles, cameras, duration, tickStride, changesFrom,
        settle, routes, perception, Embedded.chosenOrShipped(bundle), out, parallelism, threads, job, tiles);
    MapGoals goals = new MapGoals(goalAccuracy, goalLandmark, goalRecall, goalPrecision);
    MapEval.Report report = new MapEval(settings, goals, stderr).run();
    stdout.print(report.figures().table());
    report.verdicts().forEach(v -> stdout.println(v.line()));
    stderr.println("wrote " + out.toAbsolutePath());
    return report.verdicts().stream().allMatch(MapGoals.Verdict::pass) ? 0 : 1;
  }
}
