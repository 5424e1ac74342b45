package io.latentmap.eval.viewer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./latentmap viewer <command>}: the live map in a browser. */
@Command(name = "viewer", mixinStandardHelpOptions = true,
    description = "The live map in a browser: our tiles beside the simulated world's truth, landmarks, recent changes.",
    subcommands = ServeCommand.class)
public final class ViewerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
