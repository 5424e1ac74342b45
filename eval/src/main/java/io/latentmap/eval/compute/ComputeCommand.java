package io.latentmap.eval.compute;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "compute", mixinStandardHelpOptions = true, description = "placeholder")
public final class ComputeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
