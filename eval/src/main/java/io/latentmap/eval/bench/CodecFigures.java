package io.latentmap.eval.bench;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.edge.GoldenCases;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.fuzz.DecoderFuzzer;
import io.latentmap.codec.fuzz.RoundTripSweep;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.stream.DecodedTensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/** The codec figures that need no timing: rate against the model, size against Deflater, and the fuzz run. */
public final class CodecFigures {
  private CodecFigures() {}

  /**
   * Coded rANS bits over model cost per model type, plus bits per value and the Deflater size ratio; also checks
   * that every workload round-trips.
   */
  public static List<Figure> rate(long seed) throws CodecException {
    List<Figure> figures = new ArrayList<>();
    double worstOverhead = 0;
    for (EntropyModelType type : EntropyModelType.values()) {
      CodecWorkload workload = CodecWorkload.create(type, seed);
      var layers = workload.encode();
      DecodedTensor decoded = workload.decode(layers);
      if (!Arrays.equals(decoded.symbols(), workload.symbols())) {
        throw new IllegalStateException(type + " workload does not round-trip");
      }
      long streamBytes = CodecWorkload.streamBytes(layers, workload.spec());
      long messageBytes = layers.stream().mapToLong(l -> l.length).sum();
      double overhead = streamBytes * 8.0 / workload.modelCostBits();
      worstOverhead = Math.max(worstOverhead, overhead);
      String model = type.manifestName();
      figures.add(new Figure("codec.rate_overhead." + model, overhead, "ratio"));
      figures.add(new Figure("codec.bits_per_value." + model, streamBytes * 8.0 / workload.codedValues(), "bit"));
      figures.add(new Figure("codec.frame_bytes." + model, messageBytes, "bytes"));
      figures.add(new Figure("codec.frame_bpp." + model,
          messageBytes * 8.0 / (FixtureBundles.INPUT_HEIGHT * FixtureBundles.INPUT_WIDTH), "bpp"));
      figures.add(new Figure("codec.deflate.size_ratio." + model,
          deflatedSize(workload.int8Bytes()) / (double) messageBytes, "ratio"));
    }
    figures.add(0, new Figure("codec.rate_overhead", worstOverhead, "ratio"));
    return figures;
  }

  static int deflatedSize(byte[] raw) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      return CodecBenchmarks.deflate(deflater, raw, new byte[raw.length * 2 + 1024]);
    } finally {
      deflater.end();
    }
  }

  /**
   * Loads a bundle (every hash verified) and replays its golden cases: bitstreams written by Java must equal the
   * golden ones, decoding must give the golden symbols, and the edge encoder's y is compared with the golden y.
   */
  public static List<Figure> golden(java.nio.file.Path bundleDir) throws Exception {
    ModelBundle bundle = ModelBundle.load(bundleDir);
    List<Figure> figures = new ArrayList<>();
    figures.add(new Figure("codec.bundle.verified_files", bundle.manifest().files().size(), "files"));
    if (!GoldenCases.present(bundle)) {
      figures.add(new Figure("codec.golden.cases", 0, "cases"));
      return figures;
    }
    // One read hash-checks every golden file; both the verification and the timed decode use it.
    var cases = GoldenCases.read(bundle);
    try (BundleNetworks networks = BundleNetworks.open(bundle, BundleNetworks.DEFAULT_INTRA_OP_THREADS)) {
      var outcomes = GoldenCases.verify(bundle, networks, cases);
      long bitstreams = outcomes.stream().filter(o -> o.bitstreamsMatch()).count();
      long symbols = outcomes.stream().filter(o -> o.symbolsMatch()).count();
      double yError = outcomes.stream().mapToDouble(o -> o.yMaxAbsError()).max().orElse(0);
      figures.add(new Figure("codec.golden.cases", outcomes.size(), "cases"));
      figures.add(new Figure("codec.golden.bitstreams_match", bitstreams, "cases"));
      figures.add(new Figure("codec.golden.symbols_match", symbols, "cases"));
      figures.add(new Figure("codec.golden.mismatches", 2L * outcomes.size() - bitstreams - symbols, "checks"));
      figures.add(new Figure("codec.golden.y_max_abs_error", yError, "abs"));
    }
    figures.addAll(bundleFrameDecode(bundle, GoldenCases.replays(bundle, cases), CPU_TIMED_FRAMES));
    return figures;
  }

  /** Random frames of every model type and lane count through encoder and decoder (see RoundTripSweep). */
  public static SweepOutcome roundTrip(long seed, int frames) {
    RoundTripSweep.Report report = RoundTripSweep.run(seed, frames);
    List<Figure> figures = List.of(
        new Figure("codec.roundtrip.frames", report.frames(), "frames"),
        new Figure("codec.roundtrip.failures", report.failures().size(), "frames"),
        new Figure("codec.roundtrip.empty_frames", report.emptyFrames(), "frames"),
        new Figure("codec.roundtrip.single_value_frames", report.singleValueFrames(), "frames"),
        new Figure("codec.roundtrip.all_zero_frames", report.allZeroFrames(), "frames"),
        new Figure("codec.roundtrip.streams", report.streams(), "streams"),
        new Figure("codec.rate_bound.worst_ratio", report.worstRateRatio(), "ratio"));
    return new SweepOutcome(report, figures);
  }

  public record SweepOutcome(RoundTripSweep.Report report, List<Figure> figures) {}

  /** Frames coded per measurement of {@link #cpuThroughput} (after as many warm-up frames). */
  static final int CPU_TIMED_FRAMES = 300;

  /**
   * Encode and decode throughput per second of this thread's CPU time: unlike JMH's wall-clock figures, it does not
   * drop when other processes share the cores, so it is the figure for "one core" on a busy machine.
   */
  public static List<Figure> cpuThroughput(long seed, int frames) throws CodecException {
    var threads = ManagementFactory.getThreadMXBean();
    List<Figure> figures = new ArrayList<>();
    double slowestDecode = Double.MAX_VALUE;
    double slowestEncode = Double.MAX_VALUE;
    for (EntropyModelType type : EntropyModelType.values()) {
      CodecWorkload workload = CodecWorkload.create(type, seed);
      var layers = workload.encode();
      int[] reuse = workload.decode(layers).symbols();
      long sink = 0;
      for (int i = 0; i < frames; i++) {
        sink += workload.encode().size() + workload.decode(layers, reuse).channels();
      }
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < frames; i++) {
        sink += workload.encode().size();
      }
      long encodeNanos = threads.getCurrentThreadCpuTime() - start;
      start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < frames; i++) {
        sink += workload.decode(layers, reuse).channels();
      }
      long decodeNanos = threads.getCurrentThreadCpuTime() - start;
      if (sink == 0) {
        throw new IllegalStateException("nothing was coded");
      }
      double values = (double) workload.codedValues() * frames;
      double encode = values / encodeNanos * 1e3;
      double decode = values / decodeNanos * 1e3;
      slowestEncode = Math.min(slowestEncode, encode);
      slowestDecode = Math.min(slowestDecode, decode);
      figures.add(new Figure("codec.decode." + type.manifestName() + ".msym_per_cpu_s", decode, "Msym/cpu-s"));
      figures.add(new Figure("codec.encode." + type.manifestName() + ".msym_per_cpu_s", encode, "Msym/cpu-s"));
    }
    figures.add(0, new Figure("codec.encode.msym_per_cpu_s", slowestEncode, "Msym/cpu-s"));
    figures.add(0, new Figure("codec.decode.msym_per_cpu_s", slowestDecode, "Msym/cpu-s"));
    return figures;
  }

  /**
   * Decode throughput on the bundle's own golden frames (real latents, as the job receives them) per second of this
   * thread's CPU time: beside the synthetic workload, whose y is 6x larger and denser than a trained bundle's.
   */
  static List<Figure> bundleFrameDecode(ModelBundle bundle, List<GoldenCases.Replay> replays, int frames)
      throws Exception {
    var decoder = bundle.tensorDecoder();
    var threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < frames; i++) {
      var replay = replays.get(i % replays.size());
      sink += decoder.decode(replay.layers(), replay.scales()).channels();
    }
    long values = 0;
    long start = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < frames; i++) {
      var replay = replays.get(i % replays.size());
      DecodedTensor decoded = decoder.decode(replay.layers(), replay.scales());
      values += decoded.symbols().length + decoded.zSymbols().length;
    }
    long nanos = threads.getCurrentThreadCpuTime() - start;
    if (sink == 0 || values == 0) {
      throw new IllegalStateException("nothing was decoded");
    }
    return List.of(
        new Figure("codec.decode.bundle_frames.msym_per_cpu_s", values / (double) nanos * 1e3, "Msym/cpu-s"),
        new Figure("codec.decode.bundle_frames.values_per_frame", values / (double) frames, "values"));
  }

  /** Runs the decoder fuzzer and reports its outcome. */
  public static FuzzOutcome fuzz(long seed, long execs) {
    long start = System.nanoTime();
    DecoderFuzzer.Report report = DecoderFuzzer.run(seed, execs);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Figure> figures = List.of(
        new Figure("codec.fuzz.execs", report.execs(), "inputs"),
        new Figure("codec.fuzz.failures", report.failures().size(), "inputs"),
        new Figure("codec.fuzz.rejected", report.rejected(), "inputs"),
        new Figure("codec.fuzz.decoded", report.decoded(), "inputs"),
        new Figure("codec.fuzz.max_alloc_bytes", report.maxAllocatedBytes(), "bytes"),
        new Figure("codec.fuzz.alloc_bound_bytes", report.allocationBound(), "bytes"),
        new Figure("codec.fuzz.max_exec_ms", report.maxNanosPerExec() / 1e6, "ms"),
        new Figure("codec.fuzz.seconds", seconds, "s"));
    return new FuzzOutcome(report, figures);
  }

  public record FuzzOutcome(DecoderFuzzer.Report report, List<Figure> figures) {}
}
