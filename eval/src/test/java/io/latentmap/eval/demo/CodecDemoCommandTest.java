package io.latentmap.eval.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CodecDemoCommandTest {
  @TempDir Path temp;

  @Test
  void demoRoundTripsEveryLayerCountAndKeepsTheBundleWhenAsked() throws Exception {
    CodecDemoCommand command = new CodecDemoCommand();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    command.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    int exit = new CommandLine(command).execute("--bundle-dir", temp.toString());

    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(exit).isZero();
    assertThat(output).contains("demo.roundtrip_ok 1 bool", "demo.layers3.roundtrip_ok 1 bool",
        "demo.layers1.head_classes 19 classes");
    assertThat(output.lines()).allMatch(line -> line.split(" ").length == 3);
    double bpp1 = figure(output, "demo.layers1.bpp");
    double bpp3 = figure(output, "demo.layers3.bpp");
    assertThat(bpp1).isPositive().isLessThan(bpp3);
    try (var bundles = Files.list(temp)) {
      assertThat(bundles.map(p -> p.resolve("manifest.json")).filter(Files::isRegularFile).count()).isEqualTo(1);
    }
  }

  static double figure(String output, String name) {
    return output.lines().filter(l -> l.startsWith(name + " ")).map(l -> Double.parseDouble(l.split(" ")[1]))
        .findFirst().orElseThrow();
  }
}
