package io.latentmap.eval.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CodecBenchCommandTest {

  @Test
  void printsTheIssueFiguresAsNameValueUnitLines() {
    CodecBenchCommand command = new CodecBenchCommand();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    command.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    int exit = new CommandLine(command).execute("--no-jmh", "--fuzz-execs", "3000", "--roundtrip-frames", "200");

    assertThat(exit).isZero();
    Map<String, Double> figures = parse(buffer.toString(StandardCharsets.UTF_8));
    assertThat(figures.get("codec.rate_overhead")).isBetween(1.0, 1.01);
    assertThat(figures.get("codec.fuzz.execs")).isEqualTo(3000.0);
    assertThat(figures.get("codec.roundtrip.frames")).isEqualTo(200.0);
    assertThat(figures.get("codec.roundtrip.failures")).isZero();
    assertThat(figures.get("codec.rate_bound.worst_ratio")).isBetween(0.5, 1.0);
    assertThat(figures.get("codec.fuzz.failures")).isZero();
    assertThat(figures.get("codec.fuzz.max_alloc_bytes")).isLessThanOrEqualTo(figures.get("codec.fuzz.alloc_bound_bytes"));
    // The learned model must beat a general-purpose compressor on its own latents.
    assertThat(figures.get("codec.deflate.size_ratio.factorized")).isGreaterThan(1.0);
    assertThat(figures.get("codec.deflate.size_ratio.hyperprior")).isGreaterThan(1.0);
  }

  @Test
  void checksTheGoldenCasesOfABundle(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws Exception {
    java.nio.file.Path dir = io.latentmap.codec.fixture.FixtureBundles.writeWithGolden(temp,
        io.latentmap.codec.entropy.EntropyModelType.HYPERPRIOR, 9);
    CodecBenchCommand command = new CodecBenchCommand();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    command.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    int exit = new CommandLine(command).execute("--no-jmh", "--fuzz-execs", "100", "--roundtrip-frames", "10",
        "--bundle", dir.toString());

    Map<String, Double> figures = parse(buffer.toString(StandardCharsets.UTF_8));
    assertThat(exit).isZero();
    assertThat(figures.get("codec.golden.cases")).isEqualTo(1.0);
    assertThat(figures.get("codec.golden.bitstreams_match")).isEqualTo(1.0);
    assertThat(figures.get("codec.golden.mismatches")).isZero();
    assertThat(figures.get("codec.bundle.verified_files")).isEqualTo(7.0);
    assertThat(figures.get("codec.decode.bundle_frames.msym_per_cpu_s")).isPositive();
    // The fixture's golden case carries 2 of its 3 layers of 64 channels at 32 x 64, and all of z (32 x 8 x 16).
    assertThat(figures.get("codec.decode.bundle_frames.values_per_frame")).isEqualTo(2 * 64 * 32 * 64 + 32 * 8 * 16);
  }

  @Test
  void cpuTimeThroughputReportsTheSlowerModelAsHeadline() throws Exception {
    Map<String, Double> figures = CodecFigures.cpuThroughput(3, 3).stream()
        .collect(Collectors.toMap(Figure::name, Figure::value));

    assertThat(figures.get("codec.decode.msym_per_cpu_s")).isPositive().isEqualTo(Math.min(
        figures.get("codec.decode.factorized.msym_per_cpu_s"), figures.get("codec.decode.hyperprior.msym_per_cpu_s")));
    assertThat(figures.get("codec.encode.msym_per_cpu_s")).isPositive();
  }

  @Test
  void throughputHeadlineIsTheSlowerModelInMegaValuesPerSecond() {
    int factorizedValues = CodecWorkload.create(io.latentmap.codec.entropy.EntropyModelType.FACTORIZED, 1)
        .codedValues();
    int hyperpriorValues = CodecWorkload.create(io.latentmap.codec.entropy.EntropyModelType.HYPERPRIOR, 1)
        .codedValues();
    List<Figure> figures = CodecBenchCommand.throughputFigures(Map.of(
        "decode.factorized", 400.0, "decode.hyperprior", 300.0,
        "decodeAllocating.factorized", 350.0, "decodeAllocating.hyperprior", 250.0,
        "encode.factorized", 500.0, "encode.hyperprior", 200.0,
        "deflate", 50.0, "inflate", 1000.0));
    Map<String, Double> byName = figures.stream().collect(Collectors.toMap(Figure::name, Figure::value));

    assertThat(byName.get("codec.decode.msym_per_s"))
        .isEqualTo(Math.min(400.0 * factorizedValues, 300.0 * hyperpriorValues) / 1e6);
    assertThat(byName.get("codec.encode.hyperprior.msym_per_s")).isEqualTo(200.0 * hyperpriorValues / 1e6);
    assertThat(byName.get("codec.decode_allocating.hyperprior.msym_per_s")).isEqualTo(250.0 * hyperpriorValues / 1e6);
    assertThat(byName.get("codec.encode.speed_ratio_vs_deflate")).isEqualTo(10.0);
    assertThat(byName.get("codec.decode.speed_ratio_vs_inflate")).isEqualTo(0.4);
  }

  static Map<String, Double> parse(String output) {
    return Arrays.stream(output.split("\n"))
        .map(line -> line.split(" "))
        .peek(parts -> assertThat(parts).as("name value unit").hasSize(3))
        .collect(Collectors.toMap(parts -> parts[0], parts -> Double.parseDouble(parts[1])));
  }
}
