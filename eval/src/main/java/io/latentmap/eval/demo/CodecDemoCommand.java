package io.latentmap.eval.demo;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.entropy.FactorizedModel;
import io.latentmap.codec.entropy.GaussianConditional;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.fixture.LatentSampler;
import io.latentmap.codec.fixture.SyntheticEntropyModels;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.onnx.FloatTensor;
import io.latentmap.codec.onnx.OnnxScalePredictor;
import io.latentmap.codec.stream.CodecSpec;
import io.latentmap.codec.stream.DecodedTensor;
import io.latentmap.eval.bench.Figure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./latentmap demo codec}: the layered codec on its own. Writes a hyperprior fixture bundle, draws a
 * frame's latent through the bundle's ONNX hyper-decoder (z -> sigma -> y), encodes it as three scalable layers,
 * then decodes 1, 2 and 3 layers (the hyper-decoder again supplying the scales) and runs the task head for each
 * layer count on the decoded tensor. Prints {@code name value unit} lines.
 */
@Command(name = "codec", mixinStandardHelpOptions = true,
    description = "The layered tensor codec on a fixture bundle: encode, decode 1..n layers, run the heads.")
public final class CodecDemoCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "7", description = "Seed of the fixture tables and the frame (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--bundle-dir", description = "Write the fixture bundle here and keep it (default: a temporary directory).")
  Path bundleDir;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Path parent = bundleDir != null ? Files.createDirectories(bundleDir) : Files.createTempDirectory("latentmap-demo");
    try {
      return run(parent);
    } finally {
      if (bundleDir == null) {
        deleteRecursively(parent);
      }
    }
  }

  private int run(Path parent) throws Exception {
    long start = System.nanoTime();
    ModelBundle bundle = FixtureBundles.load(parent, EntropyModelType.HYPERPRIOR, seed);
    CodecSpec spec = bundle.codecSpec();
    EntropyTables tables = bundle.entropyTables();
    int height = spec.maxHeight();
    int width = spec.maxWidth();
    int zHeight = spec.zHeight(height);
    int zWidth = spec.zWidth(width);
    int pixels = FixtureBundles.INPUT_HEIGHT * FixtureBundles.INPUT_WIDTH;
    boolean allExact = true;
    try (BundleNetworks networks = BundleNetworks.open(bundle, BundleNetworks.DEFAULT_INTRA_OP_THREADS)) {
      OnnxScalePredictor scales = networks.scalePredictor();
      FactorizedModel zModel = tables.hyperLatentZ();
      int zPlane = zHeight * zWidth;
      int[] zq = new int[spec.zChannels() * zPlane];
      zModel.quantize(LatentSampler.laplaceLatent(SyntheticEntropyModels.channelScales(spec.zChannels(), seed),
          zModel.medians(), zPlane, seed + 1), spec.zChannels(), zPlane, zq);
      float[] zHat = new float[zq.length];
      zModel.dequantize(zq, spec.zChannels(), zPlane, zHat);
      float[] sigma = scales.predictScales(zHat, spec.zChannels(), zHeight, zWidth, spec.channels(), height, width);
      GaussianConditional gaussian = tables.gaussianY();
      int[] q = new int[sigma.length];
      GaussianConditional.quantize(LatentSampler.gaussianLatent(sigma, seed + 2), q.length, q);
      int[] indexes = new int[sigma.length];
      gaussian.buildIndexes(sigma, 0, sigma.length, indexes, 0);

      List<byte[]> layers = bundle.tensorEncoder().encodeHyperprior(q, indexes, zq, height, width,
          spec.layers().size());
      print("demo.bundle.channels", spec.channels(), "channels");
      print("demo.latent.height", height, "cells");
      print("demo.latent.width", width, "cells");
      long cumulative = 0;
      for (int k = 0; k < layers.size(); k++) {
        cumulative += layers.get(k).length;
        int layerCount = k + 1;
        print("demo.layer" + k + ".bytes", layers.get(k).length, "bytes");
        print("demo.layers" + layerCount + ".bpp", cumulative * 8.0 / pixels, "bpp");

        long decodeStart = System.nanoTime();
        DecodedTensor decoded = bundle.tensorDecoder().decode(layers.subList(0, layerCount), scales);
        double decodeMillis = (System.nanoTime() - decodeStart) / 1e6;
        int count = decoded.channels() * height * width;
        boolean exact = Arrays.equals(decoded.symbols(), Arrays.copyOf(q, count))
            && Arrays.equals(decoded.zSymbols(), zq);
        allExact &= exact;
        print("demo.layers" + layerCount + ".roundtrip_ok", exact ? 1 : 0, "bool");
        print("demo.layers" + layerCount + ".decode_ms", decodeMillis, "ms");
        FloatTensor logits = networks.head(layerCount).run(
            FloatTensor.nchw(decoded.yHat(), decoded.channels(), height, width), "seg_logits");
        print("demo.layers" + layerCount + ".head_classes", logits.dim(1), "classes");
      }
    }
    print("demo.roundtrip_ok", allExact ? 1 : 0, "bool");
    print("demo.seconds", (System.nanoTime() - start) / 1e9, "s");
    return allExact ? 0 : 1;
  }

  private void print(String name, double value, String unit) {
    new Figure(name, value, unit).printTo(out);
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
