package io.latentmap.eval.bench;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.stream.DecodedTensor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** JMH throughput of one frame's encode and decode, and of java.util.zip on the same int8 bytes. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmarks {
  static final long SEED = 20261126L;

  /** One frame of one model type, encoded once for the decode benchmark. */
  @State(Scope.Thread)
  public static class Frame {
    @Param({"factorized", "hyperprior"})
    public String model;

    CodecWorkload workload;
    List<byte[]> layers;
    int[] symbols;

    @Setup
    public void setUp() throws CodecException {
      workload = CodecWorkload.create(EntropyModelType.fromManifestName(model), SEED);
      layers = workload.encode();
      symbols = workload.decode(layers).symbols();
    }
  }

  /** The factorized frame's y symbols as int8 bytes, deflated once for the inflate benchmark. */
  @State(Scope.Thread)
  public static class Int8Frame {
    byte[] raw;
    byte[] deflated;
    byte[] scratch;
    Deflater deflater;
    Inflater inflater;

    @Setup
    public void setUp() {
      raw = CodecWorkload.create(EntropyModelType.FACTORIZED, SEED).int8Bytes();
      deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
      inflater = new Inflater();
      scratch = new byte[raw.length * 2 + 1024];
      deflated = java.util.Arrays.copyOf(scratch, deflate(deflater, raw, scratch));
    }

    @TearDown
    public void tearDown() {
      deflater.end();
      inflater.end();
    }
  }

  @Benchmark
  public List<byte[]> encode(Frame frame) {
    return frame.workload.encode();
  }

  /** A streaming consumer's decode: into the symbol buffer of the previous frame, which it is done with. */
  @Benchmark
  public DecodedTensor decode(Frame frame) throws CodecException {
    return frame.workload.decode(frame.layers, frame.symbols);
  }

  /** Every frame into a new array: G1 allocates the 1.5 MB tensor as a humongous object each time. */
  @Benchmark
  public DecodedTensor decodeAllocating(Frame frame) throws CodecException {
    return frame.workload.decode(frame.layers);
  }

  @Benchmark
  public int deflate(Int8Frame frame) {
    return deflate(frame.deflater, frame.raw, frame.scratch);
  }

  @Benchmark
  public int inflate(Int8Frame frame) throws DataFormatException {
    frame.inflater.reset();
    frame.inflater.setInput(frame.deflated);
    return frame.inflater.inflate(frame.scratch);
  }

  static int deflate(Deflater deflater, byte[] input, byte[] output) {
    deflater.reset();
    deflater.setInput(input);
    deflater.finish();
    int length = deflater.deflate(output);
    if (!deflater.finished()) {
      throw new IllegalStateException("deflate output buffer too small");
    }
    return length;
  }
}
