package io.latentmap.eval.bench;

import io.latentmap.codec.entropy.EntropyModelType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./latentmap bench codec}: JMH throughput (one fork, one thread), rate against the model, size against
 * Deflater, a random round-trip sweep, the decoder fuzz run, and optionally a bundle's golden cases. Exit status 1
 * if any frame fails to round-trip, a stream breaks the rate bound, the fuzzer finds a failure, or a golden case does
 * not reproduce.
 */
@Command(name = "codec", mixinStandardHelpOptions = true,
    description = "rANS codec figures: throughput (JMH), rate overhead, Deflater anchor, decoder fuzzing.")
public final class CodecBenchCommand implements Callable<Integer> {
  static final double MEGA = 1e6;

  @CommandLine.Mixin JmhRun jmh = new JmhRun();

  @Option(names = "--fuzz-execs", defaultValue = "1000000", description = "Fuzzed decoder inputs (default ${DEFAULT-VALUE}).")
  long fuzzExecs;

  @Option(names = "--roundtrip-frames", defaultValue = "10000", description = "Random frames of the round-trip sweep (default ${DEFAULT-VALUE}).")
  int roundTripFrames;

  @Option(names = "--seed", defaultValue = "1", description = "Fuzzer seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-jmh", description = "Skip the JMH throughput runs.")
  boolean skipJmh;

  @Option(names = "--bundle", description = "Also check this model bundle: hashes, and its golden/ cases bit for bit.")
  Path bundle;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    List<Figure> figures = new ArrayList<>();
    if (!skipJmh) {
      figures.addAll(throughput());
      // Throughput shares the cores with whatever else runs; the load average tells how far to trust it.
      figures.add(new Figure("codec.bench.load_average",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), "load"));
      figures.add(new Figure("codec.bench.cores", Runtime.getRuntime().availableProcessors(), "cores"));
      figures.addAll(CodecFigures.cpuThroughput(CodecBenchmarks.SEED, CodecFigures.CPU_TIMED_FRAMES));
    }
    figures.addAll(CodecFigures.rate(CodecBenchmarks.SEED));
    CodecFigures.SweepOutcome sweep = CodecFigures.roundTrip(seed, roundTripFrames);
    figures.addAll(sweep.figures());
    figures.forEach(f -> f.printTo(out));
    sweep.report().failures().forEach(failure -> System.err.println("round-trip failure: " + failure));
    boolean goldenOk = true;
    if (bundle != null) {
      List<Figure> golden = CodecFigures.golden(bundle);
      golden.forEach(f -> f.printTo(out));
      goldenOk = golden.stream().filter(f -> f.name().equals("codec.golden.mismatches")).allMatch(f -> f.value() == 0);
    }
    CodecFigures.FuzzOutcome fuzz = CodecFigures.fuzz(seed, fuzzExecs);
    fuzz.figures().forEach(f -> f.printTo(out));
    fuzz.report().failures().forEach(failure -> System.err.println("fuzz failure: " + failure));
    return fuzz.report().passed() && sweep.report().passed() && goldenOk ? 0 : 1;
  }

  private List<Figure> throughput() throws RunnerException {
    System.err.println("bench codec: " + jmh.describe(1) + " ...");
    return throughputFigures(jmh.throughput(CodecBenchmarks.class, 1, "model"));
  }

  /** JMH benchmark method -> figure name, in printing order. */
  private static final List<Map.Entry<String, String>> FIGURE_OF_BENCHMARK = List.of(
      Map.entry("decode", "decode"), Map.entry("encode", "encode"), Map.entry("decodeAllocating", "decode_allocating"));

  /** Frames per second -> million values per second; the headline is the slower model type. */
  static List<Figure> throughputFigures(Map<String, Double> opsPerSecond) {
    List<Figure> figures = new ArrayList<>();
    for (Map.Entry<String, String> entry : FIGURE_OF_BENCHMARK) {
      String operation = entry.getValue();
      double slowest = Double.MAX_VALUE;
      List<Figure> perModel = new ArrayList<>();
      for (EntropyModelType type : EntropyModelType.values()) {
        Double ops = opsPerSecond.get(entry.getKey() + "." + type.manifestName());
        if (ops == null) {
          continue;
        }
        double msym = ops * CodecWorkload.create(type, CodecBenchmarks.SEED).codedValues() / MEGA;
        slowest = Math.min(slowest, msym);
        perModel.add(new Figure("codec." + operation + "." + type.manifestName() + ".msym_per_s", msym, "Msym/s"));
      }
      if (!perModel.isEmpty()) {
        figures.add(new Figure("codec." + operation + ".msym_per_s", slowest, "Msym/s"));
        figures.addAll(perModel);
      }
    }
    int int8Values = CodecWorkload.create(EntropyModelType.FACTORIZED, CodecBenchmarks.SEED).symbols().length;
    Double deflate = opsPerSecond.get("deflate");
    Double inflate = opsPerSecond.get("inflate");
    Double decode = opsPerSecond.get("decode.factorized");
    Double encode = opsPerSecond.get("encode.factorized");
    if (deflate != null && inflate != null && decode != null && encode != null) {
      figures.add(new Figure("codec.deflate.msym_per_s", deflate * int8Values / MEGA, "Msym/s"));
      figures.add(new Figure("codec.inflate.msym_per_s", inflate * int8Values / MEGA, "Msym/s"));
      figures.add(new Figure("codec.encode.speed_ratio_vs_deflate", encode / deflate, "ratio"));
      figures.add(new Figure("codec.decode.speed_ratio_vs_inflate", decode / inflate, "ratio"));
    }
    return figures;
  }
}
