package io.latentmap.cli;

import io.latentmap.eval.EvalCommand;
import io.latentmap.eval.bench.BenchCommand;
import io.latentmap.eval.demo.DemoCommand;
import io.latentmap.eval.job.JobCommand;
import io.latentmap.sim.cli.SimCommand;
import io.latentmap.sim.cli.UsageErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Root of {@code ./latentmap <group> <command>}. Each module owns its command group; this class only
 * assembles them, which is why it lives in eval/, the one module that may depend on all the others.
 */
@Command(
    name = "latentmap",
    mixinStandardHelpOptions = true,
    versionProvider = LatentmapCli.Version.class,
    description = "HD-map updates from learned-compressed camera tensors. Figures print as `name value unit` lines.",
    subcommands = {DemoCommand.class, JobCommand.class, SimCommand.class, BenchCommand.class, EvalCommand.class,
        CommandLine.HelpCommand.class})
public final class LatentmapCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(UsageErrors.commandLine(new LatentmapCli()).execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = LatentmapCli.class.getPackage().getImplementationVersion();
      return new String[] {"latentmap " + (v == null ? "dev" : v)};
    }
  }
}
