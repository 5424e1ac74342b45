package io.latentmap.eval;

import io.latentmap.eval.compute.ComputeCommand;
import io.latentmap.eval.map.MapEvalCommand;
import io.latentmap.eval.rate.RateAccuracyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./latentmap eval <what>}: evaluations of the deployed path on held-out cities; each writes
 * {@code --out DIR} (CSV, PNG, summary.json) and prints {@code name value unit} lines.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluations on held-out cities; each writes --out DIR and prints name value unit lines.",
    subcommands = {
        RateAccuracyCommand.class,
        ComputeCommand.class,
        MapEvalCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class EvalCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
