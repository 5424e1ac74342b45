package io.latentmap.eval.rate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs eval/scripts/cityscapes_eval.py (Debian's python3 with numpy and PIL, as CI installs it). */
final class CityscapesEvaluator {
  static final String PYTHON = "/usr/bin/python3";

  private CityscapesEvaluator() {}

  static JsonNode score(Path gtRoot, Path results, Path json) throws Exception {
    Process process = new ProcessBuilder(PYTHON, EvalCommandsTest.EVALUATOR.toString(), "--gt", gtRoot.toString(),
        "--split", "val", "--results", results.toString(), "--only-predicted", "--json", json.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("cityscapes.class_iou_average");
    return new ObjectMapper().readTree(json.toFile());
  }
}
