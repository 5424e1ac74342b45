package io.latentmap.eval.demo;

import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Runs the end-to-end demo.")
public final class DemoCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("demo: not built yet");
  }
}
