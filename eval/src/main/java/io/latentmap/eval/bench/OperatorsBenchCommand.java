package io.latentmap.eval.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
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

  @Option(names = "--warmup-iterations", defaultValue = "3", description = "JMH warm-up iterations (default ${DEFAULT-VALUE}).")
  int warmupIterations;

  @Option(names = "--iterations", defaultValue = "5", description = "JMH measured iterations (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--iteration-ms", defaultValue = "1000", description = "Length of one JMH iteration (default ${DEFAULT-VALUE}).")
  int iterationMillis;

  @Option(names = "--forks", defaultValue = "1",
      description = "JMH forks; 0 runs in this JVM (quick, less isolated) (default ${DEFAULT-VALUE}).")
  int forks;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    System.err.println("bench operators: JMH, " + forks + " fork(s) x 1 thread, " + warmupIterations + " warm-up + "
        + iterations + " x " + iterationMillis + " ms per benchmark ...");
    Options options = new OptionsBuilder()
        .include(OperatorBenchmarks.class.getName() + "\\.")
        .forks(forks)
        .threads(1)
        .warmupIterations(warmupIterations)
        .warmupTime(TimeValue.milliseconds(iterationMillis))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.milliseconds(iterationMillis))
        .verbosity(VerboseMode.SILENT)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Double> opsPerSecond = new LinkedHashMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      opsPerSecond.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
    }
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
