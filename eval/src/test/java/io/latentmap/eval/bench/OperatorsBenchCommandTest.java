package io.latentmap.eval.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.cli.LatentmapCli;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OperatorsBenchCommandTest {

  @Test
  void theWorkloadExercisesEveryStageOnRealData() {
    OperatorWorkload w = OperatorWorkload.create(OperatorBenchmarks.SEED);
    OperatorBenchmarks b = new OperatorBenchmarks();
    OperatorBenchmarks.Work work = new OperatorBenchmarks.Work();
    work.workload = w;

    assertThat(b.segmentation(work).trainIds()).hasSize(OperatorWorkload.GRID_HEIGHT * OperatorWorkload.GRID_WIDTH);
    assertThat(b.detections(work)).isNotEmpty();
    // a frame the producer made for a loaded bundle passes validation: the benchmark times the full check
    assertThat(b.validate(work)).isEmpty();
    assertThat(b.georeference(work)).isNotEmpty();
    assertThat(b.aggregate(work)).isPositive();
  }

  @Test
  void figuresAreFramesPerSecondAndMicrosecondsPerFrame() {
    Map<String, Double> f = OperatorsBenchCommand.figures(Map.of("segmentation", 1000.0), 4, 6000).stream()
        .collect(Collectors.toMap(Figure::name, Figure::value));
    assertThat(f).containsEntry("operators.segmentation.frames_per_s", 1000.0)
        .containsEntry("operators.segmentation.us_per_frame", 1000.0)
        .containsEntry("operators.workload.tiles_per_frame", 4.0);
  }

  @Test
  void theCliOffersTheEvaluationAndBenchmarkCommands() {
    CommandLine cli = new CommandLine(new LatentmapCli());
    assertThat(cli.getSubcommands().get("eval").getSubcommands().keySet()).containsAll(List.of("rate-accuracy", "compute"));
    assertThat(cli.getSubcommands().get("bench").getSubcommands().keySet()).contains("operators", "codec");
  }
}
