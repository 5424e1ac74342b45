package io.latentmap.eval.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Option;

/** The JMH settings the bench commands share (a picocli mixin), and one single-threaded throughput run. */
public final class JmhRun {
  @Option(names = "--warmup-iterations", defaultValue = "3", description = "JMH warm-up iterations (default ${DEFAULT-VALUE}).")
  int warmupIterations;

  @Option(names = "--iterations", defaultValue = "5", description = "JMH measured iterations (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--iteration-ms", defaultValue = "1000", description = "Length of one JMH iteration (default ${DEFAULT-VALUE}).")
  int iterationMillis;

  String describe(int forks) {
    return "JMH, " + forks + " fork(s) x 1 thread, " + warmupIterations + " warm-up + " + iterations + " x "
        + iterationMillis + " ms per benchmark";
  }

  /**
   * Operations per second of every benchmark of {@code benchmarks}, keyed by method name, with {@code .value} of
   * its {@code paramName} parameter appended when it has one.
   */
  Map<String, Double> throughput(Class<?> benchmarks, int forks, String paramName) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(benchmarks.getName() + "\\.")
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
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String param = paramName == null ? null : result.getParams().getParam(paramName);
      opsPerSecond.put(param == null ? method : method + "." + param, result.getPrimaryResult().getScore());
    }
    return opsPerSecond;
  }
}
