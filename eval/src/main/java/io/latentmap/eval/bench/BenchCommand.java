package io.latentmap.eval.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./latentmap bench <what>}: benchmarks that print {@code name value unit} lines. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints name value unit lines.",
    subcommands = {CodecBenchCommand.class, PipelineBenchCommand.class, OperatorsBenchCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
