package io.latentmap.sim.cli;

import picocli.CommandLine;

/**
 * Bad input to any command ends as a usage error: the message and the command's usage on stderr, exit code 2, no
 * stack trace. Commands validate by throwing {@link IllegalArgumentException} from their domain objects; this is
 * the one place that turns it into what a user should see.
 */
public final class UsageErrors implements CommandLine.IExecutionExceptionHandler {
  /** Exit code of a usage error, as picocli uses for unparseable arguments. */
  public static final int EXIT_CODE = CommandLine.ExitCode.USAGE;

  /** A command line for {@code root} with this handler on it and on every subcommand. */
  public static CommandLine commandLine(Object root) {
    return new CommandLine(root).setExecutionExceptionHandler(new UsageErrors());
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult)
      throws Exception {
    if (!(e instanceof IllegalArgumentException)) {
      throw e;
    }
    command.getErr().println(command.getColorScheme().errorText(e.getMessage()));
    command.usage(command.getErr());
    return EXIT_CODE;
  }
}
