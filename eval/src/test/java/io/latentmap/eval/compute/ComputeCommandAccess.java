package io.latentmap.eval.compute;

import java.io.PrintStream;

/** Lets tests in other packages make and redirect the compute command. */
public final class ComputeCommandAccess {
  private ComputeCommandAccess() {}

  public static Object command() {
    return new ComputeCommand();
  }

  public static void redirect(Object command, PrintStream stdout, PrintStream stderr) {
    ((ComputeCommand) command).stdout = stdout;
    ((ComputeCommand) command).stderr = stderr;
  }
}
