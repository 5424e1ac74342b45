package io.latentmap.sim.cli;

import picocli.CommandLine.Command;

@Command(name = "sim", mixinStandardHelpOptions = true, description = "The synthetic fleet world: export, ground truth, bench.")
public final class SimCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("sim: not built yet");
  }
}
