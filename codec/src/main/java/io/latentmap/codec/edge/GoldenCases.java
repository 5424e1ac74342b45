package io.latentmap.codec.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleException;
import io.latentmap.codec.bundle.BundleFiles;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.stream.CodecSpec;
import io.latentmap.codec.stream.DecodedTensor;
import io.latentmap.codec.stream.ScalePredictor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle's {@code golden/} cases (docs/formats.md section 6): inputs with their expected quantised tensors and
 * layer messages, on which the Python trainer and the Java codec must agree bit for bit. Golden files sit outside
 * the manifest's hashed {@code files} (their layer messages carry the bundle hash, which covers the manifest), so
 * {@code golden/cases.json} lists them with their own SHA-256.
 */
public final class GoldenCases {
  public static final String CASES = "golden/cases.json";
  static final long MAX_CASES_JSON_BYTES = 1 << 20;
  static final int MAX_LAYER_BYTES = 64 << 20;

  /** One case; every path is relative to the bundle directory. */
  public record Case(String name, String image, String y, String q, String zq, String scaleIndex,
      List<String> layers) {}

  /**
   * How a case compares.
   *
   * @param bitstreamsMatch the Java encoder wrote exactly the golden layer messages from the golden symbols
   * @param symbolsMatch decoding the golden layer messages gave exactly the golden symbols
   * @param yMaxAbsError largest |y_java - y_golden| of the edge encoder (ONNX Runtime vs the trainer); NaN when
   *     no networks were given
   */
  public record Outcome(String name, int layerCount, boolean bitstreamsMatch, boolean symbolsMatch,
      double yMaxAbsError) {}

  private GoldenCases() {}

  public static boolean present(ModelBundle bundle) {
    return Files.isRegularFile(bundle.directory().resolve(CASES));
  }

  /** Reads the case list and checks every golden file against its SHA-256. */
  public static List<Case> read(ModelBundle bundle) throws BundleException {
    JsonNode root;
    Path casesFile = bundle.directory().resolve(CASES);
    try {
      if (Files.size(casesFile) > MAX_CASES_JSON_BYTES) {
        throw new BundleException(CASES + " is larger than " + MAX_CASES_JSON_BYTES + " bytes");
      }
      root = new ObjectMapper().readTree(casesFile.toFile());
    } catch (IOException e) {
      throw new BundleException(CASES + " cannot be read: " + e.getMessage(), e);
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    for (JsonNode file : root.path("files")) {
      hashes.put(file.path("path").asText(), file.path("sha256").asText());
    }
    List<Case> cases = new ArrayList<>();
    for (JsonNode c : root.path("cases")) {
      List<String> layers = new ArrayList<>();
      c.path("layers").forEach(l -> layers.add(l.asText()));
      cases.add(new Case(c.path("name").asText(), c.path("image").asText(), c.path("y").asText(),
          c.path("q").asText(), c.path("z_q").asText(""), c.path("scale_index").asText(""), List.copyOf(layers)));
    }
    for (Case c : cases) {
      for (String path : paths(c)) {
        String expected = hashes.get(path);
        if (expected == null) {
          throw new BundleException(CASES + " does not list the SHA-256 of " + path);
        }
        try {
          Path file = resolve(bundle, path);
          if (!BundleFiles.sha256(file).equals(expected)) {
            throw new BundleException("golden file " + path + " does not match its SHA-256: refused");
          }
        } catch (IOException e) {
          throw new BundleException("golden file " + path + " cannot be read: " + e.getMessage(), e);
        }
      }
    }
    if (cases.isEmpty()) {
      throw new BundleException(CASES + " holds no cases");
    }
    return List.copyOf(cases);
  }

  /**
   * Re-encodes and decodes every case.
   *
   * @param networks when given, the edge encoder is also run on each image and compared with the golden y
   */
  public static List<Outcome> verify(ModelBundle bundle, BundleNetworks networks)
      throws BundleException, CodecException {
    return verify(bundle, networks, read(bundle));
  }

  /** {@link #verify(ModelBundle, BundleNetworks)} on cases already {@link #read} (and hash-checked). */
  public static List<Outcome> verify(ModelBundle bundle, BundleNetworks networks, List<Case> cases)
      throws BundleException, CodecException {
    CodecSpec spec = bundle.codecSpec();
    boolean hyper = spec.entropyModel() == EntropyModelType.HYPERPRIOR;
    int height = spec.maxHeight();
    int width = spec.maxWidth();
    int values = spec.channels() * height * width;
    int zValues = hyper ? spec.zChannels() * spec.zHeight(height) * spec.zWidth(width) : 0;
    List<Outcome> outcomes = new ArrayList<>();
    for (Case c : cases) {
      int[] q = readInts(bundle, c.q(), values);
      int[] zq = hyper ? readInts(bundle, c.zq(), zValues) : new int[0];
      int[] indexes = hyper ? readInts(bundle, c.scaleIndex(), values) : new int[0];
      List<byte[]> golden = readLayers(bundle, c);
      int layerCount = golden.size();
      if (layerCount < 1 || layerCount > spec.layers().size()) {
        throw new BundleException("golden case " + c.name() + " has " + layerCount + " layers");
      }
      List<byte[]> written = hyper
          ? bundle.tensorEncoder().encodeHyperprior(q, indexes, zq, height, width, layerCount)
          : bundle.tensorEncoder().encodeFactorized(q, height, width, layerCount);
      boolean bitstreams = true;
      for (int k = 0; k < layerCount; k++) {
        bitstreams &= Arrays.equals(written.get(k), golden.get(k));
      }
      DecodedTensor decoded = bundle.tensorDecoder().decode(golden, knownIndexes(bundle, indexes));
      boolean symbols = Arrays.equals(decoded.symbols(), Arrays.copyOf(q, decoded.symbols().length))
          && Arrays.equals(decoded.zSymbols(), zq);
      double yError = Double.NaN;
      if (networks != null) {
        BundleInput input = BundleInput.of(bundle);
        float[] image = readFloats(bundle, c.image(), input.values());
        float[] y = readFloats(bundle, c.y(), values);
        float[] javaY = new EdgeEncoder(bundle, networks).encode(image, layerCount).y();
        yError = maxAbsDifference(y, javaY);
      }
      outcomes.add(new Outcome(c.name(), layerCount, bitstreams, symbols, yError));
    }
    return outcomes;
  }

  /** A case's layer messages and what decoding them needs: real frames for throughput measurements. */
  public record Replay(String name, List<byte[]> layers, ScalePredictor scales) {}

  /** Cases already {@link #read} (and hash-checked) as {@link Replay}s. */
  public static List<Replay> replays(ModelBundle bundle, List<Case> cases) throws BundleException {
    CodecSpec spec = bundle.codecSpec();
    boolean hyper = spec.entropyModel() == EntropyModelType.HYPERPRIOR;
    int values = spec.channels() * spec.maxHeight() * spec.maxWidth();
    List<Replay> replays = new ArrayList<>();
    for (Case c : cases) {
      int[] indexes = hyper ? readInts(bundle, c.scaleIndex(), values) : new int[0];
      replays.add(new Replay(c.name(), readLayers(bundle, c), knownIndexes(bundle, indexes)));
    }
    return List.copyOf(replays);
  }

  private static List<byte[]> readLayers(ModelBundle bundle, Case c) throws BundleException {
    List<byte[]> layers = new ArrayList<>();
    for (String layer : c.layers()) {
      layers.add(readBytes(bundle, layer, MAX_LAYER_BYTES));
    }
    return List.copyOf(layers);
  }

  /** Scales that map back to exactly the given table indexes, since indexOf(scale_table[i]) == i. */
  static ScalePredictor knownIndexes(ModelBundle bundle, int[] indexes) {
    if (bundle.codecSpec().entropyModel() != EntropyModelType.HYPERPRIOR) {
      return null;
    }
    float[] table = bundle.entropyTables().gaussianY().scaleTable();
    float[] sigma = new float[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      if (indexes[i] < 0 || indexes[i] >= table.length) {
        throw new IllegalArgumentException("golden scale index " + indexes[i] + " outside the scale table");
      }
      sigma[i] = table[indexes[i]];
    }
    return (zHat, zc, zh, zw, channels, height, width) -> sigma;
  }

  /**
   * Writes {@code golden/} for a bundle: each image is encoded by the bundle's own networks into
   * {@code layerCount} layers. Used for fixture bundles; a trainer writes the same layout from Python.
   */
  public static void write(ModelBundle bundle, BundleNetworks networks, List<float[]> images, int layerCount)
      throws IOException, CodecException {
    Path dir = Files.createDirectories(bundle.directory().resolve("golden"));
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    ArrayNode cases = root.putArray("cases");
    ArrayNode files = root.putArray("files");
    EdgeEncoder encoder = new EdgeEncoder(bundle, networks);
    for (int i = 0; i < images.size(); i++) {
      String name = "case" + i;
      EdgeEncoder.EncodedFrame frame = encoder.encode(images.get(i), layerCount);
      ObjectNode c = cases.addObject().put("name", name);
      c.put("image", writeFile(dir, files, name + "/image.f32", floats(images.get(i))));
      c.put("y", writeFile(dir, files, name + "/y.f32", floats(frame.y())));
      c.put("q", writeFile(dir, files, name + "/q.i32", ints(frame.symbols())));
      if (frame.zSymbols().length > 0) {
        c.put("z_q", writeFile(dir, files, name + "/z_q.i32", ints(frame.zSymbols())));
        c.put("scale_index", writeFile(dir, files, name + "/scale_index.i32", ints(frame.scaleIndexes())));
      }
      ArrayNode layers = c.putArray("layers");
      for (int k = 0; k < frame.layers().size(); k++) {
        layers.add(writeFile(dir, files, name + "/layer" + k + ".bin", frame.layers().get(k)));
      }
    }
    Files.write(dir.resolve("cases.json"), json.writeValueAsBytes(root));
  }

  private static String writeFile(Path goldenDir, ArrayNode files, String relative, byte[] content)
      throws IOException {
    Path file = goldenDir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    String path = "golden/" + relative;
    files.addObject().put("path", path).put("sha256", HexFormat.of().formatHex(BundleFiles.sha256(content)))
        .put("bytes", content.length);
    return path;
  }

  private static List<String> paths(Case c) {
    List<String> paths = new ArrayList<>(List.of(c.image(), c.y(), c.q()));
    if (!c.zq().isEmpty()) {
      paths.add(c.zq());
      paths.add(c.scaleIndex());
    }
    paths.addAll(c.layers());
    return paths;
  }

  private static Path resolve(ModelBundle bundle, String relative) throws BundleException {
    if (!BundleFiles.isSafeRelativePath(relative)) {
      throw new BundleException("golden path \"" + relative + "\" is not a plain relative path");
    }
    return bundle.directory().resolve(relative);
  }

  private static byte[] readBytes(ModelBundle bundle, String relative, long maxBytes) throws BundleException {
    Path file = resolve(bundle, relative);
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new BundleException("golden file " + relative + " has " + size + " bytes, more than " + maxBytes);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BundleException("golden file " + relative + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static ByteBuffer readExactly(ModelBundle bundle, String relative, int values) throws BundleException {
    byte[] bytes = readBytes(bundle, relative, (long) values * Integer.BYTES);
    if (bytes.length != values * Integer.BYTES) {
      throw new BundleException("golden file " + relative + " has " + bytes.length + " bytes, expected "
          + values * Integer.BYTES);
    }
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  static int[] readInts(ModelBundle bundle, String relative, int values) throws BundleException {
    int[] out = new int[values];
    readExactly(bundle, relative, values).asIntBuffer().get(out);
    return out;
  }

  static float[] readFloats(ModelBundle bundle, String relative, int values) throws BundleException {
    float[] out = new float[values];
    readExactly(bundle, relative, values).asFloatBuffer().get(out);
    return out;
  }

  static byte[] ints(int[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asIntBuffer().put(values);
    return buffer.array();
  }

  static byte[] floats(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  static double maxAbsDifference(float[] a, float[] b) {
    if (a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** The normalised image size of a bundle. */
  private record BundleInput(int values) {
    static BundleInput of(ModelBundle bundle) {
      var input = bundle.manifest().input();
      return new BundleInput(input.channels() * input.height() * input.width());
    }
  }
}
