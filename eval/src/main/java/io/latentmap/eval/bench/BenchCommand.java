package io.latentmap.eval.bench;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints name value unit lines.")
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("bench: not built yet");
  }
}
