package io.latentmap.eval;

import io.latentmap.eval.map.MapEvalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./latentmap eval <command>}: evaluation of the deployed path against the simulator's truth. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluates the deployed path on held-out cities; figures print as `name value unit` lines.",
    subcommands = {MapEvalCommand.class, CommandLine.HelpCommand.class})
public final class EvalCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
