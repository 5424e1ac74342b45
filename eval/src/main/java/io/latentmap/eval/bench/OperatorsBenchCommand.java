package io.latentmap.eval.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./latentmap bench operators}: JMH throughput (one thread) of the operators' per-frame hot paths, as
 * frames per second and microseconds per frame, beside the workload's size.
 */
@Command(name = "operators", mixinStandardHelpOptions = true,
    description = "Operators' hot paths (JMH): softmax/argmax, CenterNet decode, validation, georeference, tile update.")
public final class OperatorsBenchCommand implements Callable<Integer> {
  static final double MICROS_PER_SECOND = 1e6;

  @CommandLine.Mixin JmhRun jmh = new JmhRun();

  @Option(names = "--forks", defaultValue = "1",
      description = "JMH forks; 0 runs in this JVM (quick, less isolated) (default ${DEFAULT-VALUE}).")
  int forks;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    System.err.println("bench operators: " + jmh.describe(forks) + " ...");
    Map<String, Double> opsPerSecond = jmh.throughput(OperatorBenchmarks.class, forks, null);
    OperatorWorkload workload = OperatorWorkload.create(OperatorBenchmarks.SEED);
    List<Figure> figures = figures(opsPerSecond, workload.placed.size(),
        workload.cellsPerTile().values().stream().mapToInt(Integer::intValue).sum());
    figures.add(new Figure("operators.bench.load_average",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), "load"));
    figures.forEach(f -> f.printTo(out));
    return 0;
  }

  /** Per benchmark: frames per second and microseconds per frame; then what one frame places on the map. */
  static List<Figure> figures(Map<String, Double> opsPerSecond, int tiles, int cells) {
    List<Figure> figures = new ArrayList<>();
    opsPerSecond.forEach((name, ops) -> {
      figures.add(new Figure("operators." + name + ".frames_per_s", ops, "fps"));
      figures.add(new Figure("operators." + name + ".us_per_frame", MICROS_PER_SECOND / ops, "us"));
    });
    figures.add(new Figure("operators.workload.tiles_per_frame", tiles, "tiles"));
    figures.add(new Figure("operators.workload.cells_per_frame", cells, "cells"));
    return figures;
  }
}
