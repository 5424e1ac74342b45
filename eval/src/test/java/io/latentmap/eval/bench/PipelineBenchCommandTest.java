package io.latentmap.eval.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.eval.embedded.Embedded;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PipelineBenchCommandTest {

  @Test
  void theMedianOfAnOddCountIsItsMiddleValueAndOfAnEvenCountTheMeanOfTheMiddleTwo() {
    assertThat(PipelineBenchCommand.median(new double[] {0.72, 0.65, 0.70})).isEqualTo(0.70);
    assertThat(PipelineBenchCommand.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThatThrownBy(() -> PipelineBenchCommand.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noMeasuredRunIsRefusedBeforeAnythingStarts() {
    PipelineBenchCommand command = new PipelineBenchCommand();
    command.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    StringWriter usage = new StringWriter();
    CommandLine cli = new CommandLine(command).setErr(new java.io.PrintWriter(usage));

    assertThat(cli.execute("--measured-runs", "0")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(usage.toString()).contains("--measured-runs must be at least 1");
  }

  /** A short run on the fixture bundle: every mode runs on the one shared cluster and the figures add up. */
  @Test
  void aShortRunPrintsEveryModesRateAndWhereTheCpuWent() throws Exception {
    PipelineBenchCommand command = new PipelineBenchCommand();
    ByteArrayOutputStream figures = new ByteArrayOutputStream();
    command.out = new PrintStream(figures, true, StandardCharsets.UTF_8);
    command.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    int exit = new CommandLine(command).execute("--bundle", Embedded.fixtureBundle(3).toString(), "--frames", "24",
        "--latency-seconds", "0", "--warm-up-runs", "0", "--measured-runs", "3", "--seed", "3");

    assertThat(exit).isZero();
    Map<String, Double> f = new HashMap<>();
    for (String line : figures.toString(StandardCharsets.UTF_8).split("\n")) {
      String[] parts = line.trim().split(" ");
      f.put(parts[0], Double.parseDouble(parts[1]));
    }
    assertThat(f.get("pipeline.frames")).isEqualTo(24.0);
    assertThat(f.get("pipeline.fps")).isPositive();
    assertThat(f.get("pipeline.heads_only.fps")).isPositive();
    assertThat(f.get("pipeline.measured_runs")).isEqualTo(3.0);
    // The efficiency is the median of three paired runs' ratios, so one of them, within the pairs' range.
    assertThat(f.get("pipeline.efficiency")).isPositive()
        .isBetween(f.get("pipeline.efficiency_min"), f.get("pipeline.efficiency_max"));
    if (ThreadGroupCpu.available()) {
      double byGroup = f.entrySet().stream().filter(e -> e.getKey().startsWith("pipeline.cpu_ms_per_frame."))
          .mapToDouble(Map.Entry::getValue).sum();
      assertThat(f.get("pipeline.cpu_ms_per_frame.perception")).isPositive();
      assertThat(byGroup).isCloseTo(f.get("pipeline.cpu_ms_per_frame"), within(1e-3 * f.get("pipeline.cpu_ms_per_frame")));
    }
  }
}
