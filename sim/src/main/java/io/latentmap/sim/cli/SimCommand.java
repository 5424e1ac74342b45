package io.latentmap.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./latentmap sim ...}: the synthetic fleet world. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "The synthetic fleet world: Cityscapes-layout export, ground truth, statistics, benchmarks.",
    subcommands = {ExportCommand.class, TruthCommand.class, BenchCommand.class, StatsCommand.class,
        SheetCommand.class, ProduceCommand.class})
public final class SimCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
