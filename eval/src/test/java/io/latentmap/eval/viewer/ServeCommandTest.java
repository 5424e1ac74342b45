package io.latentmap.eval.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.sim.cli.UsageErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

  @Test
  void badSettingsAreUsageErrorsNamingTheFlag() {
    assertThat(run("--bootstrap-servers", "127.0.0.1:9092", "--epoch", "yesterday"))
        .contains("--epoch must be an ISO-8601 instant");
    assertThat(run("--bootstrap-servers", "127.0.0.1:9092", "--port", "70000")).contains("port outside 0..65535");
    assertThat(run("--bootstrap-servers", "127.0.0.1:9092", "--recent-seconds", "0"))
        .contains("recent window must be positive");
    assertThat(run("--port", "8088")).contains("Missing required option: '--bootstrap-servers");
  }

  private static String run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = UsageErrors.commandLine(new ServeCommand());
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    assertThat(exit).isEqualTo(UsageErrors.EXIT_CODE);
    return err.toString();
  }
}
