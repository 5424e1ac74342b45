package io.latentmap.codec.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.rans.Rans;
import io.latentmap.codec.stream.ChannelRange;
import io.latentmap.codec.stream.CodecSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses and validates {@code manifest.json} (docs/formats.md 5.2). Every message names the offending key. */
public final class ManifestParser {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  static final int MAX_INPUT_SIDE = 8192;
  static final int MAX_FILES = 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestParser() {}

  public static BundleManifest parse(byte[] manifestJson) throws BundleException {
    JsonNode root;
    try {
      root = JSON.readTree(manifestJson);
    } catch (IOException e) {
      throw new BundleException("manifest.json is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new BundleException("manifest.json must hold a JSON object");
    }
    if (!BundleManifest.FORMAT.equals(string(root, "format"))) {
      throw new BundleException("manifest.json: format must be \"" + BundleManifest.FORMAT + "\"");
    }
    int version = integer(root, "format_version", 1, Integer.MAX_VALUE);
    if (version != BundleManifest.FORMAT_VERSION) {
      throw new BundleException("manifest.json: format_version " + version + " is not supported");
    }
    String id = string(root, "id");
    if (!ID.matcher(id).matches()) {
      throw new BundleException("manifest.json: id \"" + id + "\" does not match " + ID.pattern());
    }
    BundleManifest.Kind kind = kind(string(root, "kind"));
    String description = root.path("description").asText("");

    BundleManifest.Input input = input(object(root, "input"));
    BundleManifest.Tensor tensor = tensor(object(root, "tensor"), input);
    List<ChannelRange> layers = layers(array(root, "layers"), tensor.channels());
    BundleManifest.EntropyModel entropy = entropyModel(object(root, "entropy_model"));
    Map<String, String> networks = strings(object(root, "networks"), "networks");
    requireNetwork(networks, BundleManifest.EDGE_ENCODER);
    if (entropy.type() == EntropyModelType.HYPERPRIOR) {
      requireNetwork(networks, BundleManifest.HYPER_ENCODER);
      requireNetwork(networks, BundleManifest.HYPER_DECODER);
    }
    List<BundleManifest.Head> heads = heads(array(root, "heads"), layers.size());
    JsonNode classes = object(root, "classes");
    List<BundleManifest.ClassLabel> segmentation = classLabels(array(classes, "segmentation"), "classes.segmentation");
    List<BundleManifest.ClassLabel> detection = classes.has("detection")
        ? classLabels(array(classes, "detection"), "classes.detection") : List.of();
    List<BundleManifest.FileEntry> files = files(array(root, "files"));
    BundleManifest.Metrics metrics = metrics(object(root, "metrics"));

    BundleManifest manifest = new BundleManifest(id, kind, description, input, tensor, layers, entropy,
        networks, heads, segmentation, detection, files, metrics);
    requireListed(manifest);
    return manifest;
  }

  private static BundleManifest.Kind kind(String kind) throws BundleException {
    try {
      return BundleManifest.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BundleException("manifest.json: kind \"" + kind + "\" is not latent or feature");
    }
  }

  private static BundleManifest.Input input(JsonNode node) throws BundleException {
    int height = integer(node, "height", 1, MAX_INPUT_SIDE);
    int width = integer(node, "width", 1, MAX_INPUT_SIDE);
    int channels = integer(node, "channels", 3, 3);
    JsonNode normalization = object(node, "normalization");
    List<Double> mean = numbers(array(normalization, "mean"), "input.normalization.mean", channels);
    List<Double> std = numbers(array(normalization, "std"), "input.normalization.std", channels);
    for (double s : std) {
      if (!(s > 0)) {
        throw new BundleException("manifest.json: input.normalization.std must be > 0");
      }
    }
    return new BundleManifest.Input(height, width, channels, mean, std);
  }

  private static BundleManifest.Tensor tensor(JsonNode node, BundleManifest.Input input) throws BundleException {
    int channels = integer(node, "channels", 1, CodecSpec.MAX_CHANNELS);
    int stride = integer(node, "stride", 1, MAX_INPUT_SIDE);
    int height = integer(node, "height", 1, CodecSpec.MAX_SIDE);
    int width = integer(node, "width", 1, CodecSpec.MAX_SIDE);
    if (height != ceilDiv(input.height(), stride) || width != ceilDiv(input.width(), stride)) {
      throw new BundleException("manifest.json: tensor " + height + "x" + width + " is not input size / stride ("
          + ceilDiv(input.height(), stride) + "x" + ceilDiv(input.width(), stride) + ")");
    }
    return new BundleManifest.Tensor(channels, stride, height, width);
  }

  private static List<ChannelRange> layers(JsonNode node, int channels) throws BundleException {
    if (node.size() < 1 || node.size() > CodecSpec.MAX_LAYERS) {
      throw new BundleException("manifest.json: layers must hold 1.." + CodecSpec.MAX_LAYERS + " entries");
    }
    List<ChannelRange> layers = new ArrayList<>();
    int next = 0;
    for (int k = 0; k < node.size(); k++) {
      JsonNode range = array(node.get(k), "channels");
      if (range.size() != 2 || !range.get(0).canConvertToInt() || !range.get(1).canConvertToInt()) {
        throw new BundleException("manifest.json: layers[" + k + "].channels must be [start, end]");
      }
      int start = range.get(0).asInt();
      int end = range.get(1).asInt();
      if (start != next || end <= start || end > channels) {
        throw new BundleException("manifest.json: layers[" + k + "].channels [" + start + ", " + end
            + ") must start at " + next + ", be non-empty and end by " + channels);
      }
      layers.add(new ChannelRange(start, end));
      next = end;
    }
    if (next != channels) {
      throw new BundleException("manifest.json: layers cover channels [0, " + next + "), tensor has " + channels);
    }
    return List.copyOf(layers);
  }

  private static BundleManifest.EntropyModel entropyModel(JsonNode node) throws BundleException {
    String typeName = string(node, "type");
    EntropyModelType type = EntropyModelType.fromManifestName(typeName);
    if (type == null) {
      throw new BundleException("manifest.json: entropy_model.type \"" + typeName + "\" is not factorized or hyperprior");
    }
    int precision = integer(node, "precision_bits", Rans.PROB_BITS, Rans.PROB_BITS);
    int lanes = integer(node, "rans_lanes", 1, 4);
    if (!Rans.isValidLaneCount(lanes)) {
      throw new BundleException("manifest.json: entropy_model.rans_lanes must be 1, 2 or 4");
    }
    String tables = string(node, "tables");
    int zChannels = 0;
    int zStride = 0;
    if (type == EntropyModelType.HYPERPRIOR) {
      JsonNode z = object(node, "z");
      zChannels = integer(z, "channels", 1, CodecSpec.MAX_CHANNELS);
      zStride = integer(z, "stride", 1, CodecSpec.MAX_Z_STRIDE);
    }
    return new BundleManifest.EntropyModel(type, precision, lanes, tables, zChannels, zStride);
  }

  private static List<BundleManifest.Head> heads(JsonNode node, int layerCount) throws BundleException {
    List<BundleManifest.Head> heads = new ArrayList<>();
    boolean[] covered = new boolean[layerCount + 1];
    for (int i = 0; i < node.size(); i++) {
      JsonNode head = node.get(i);
      String key = "heads[" + i + "]";
      int min = integer(head, "min_layers", 1, layerCount);
      int max = integer(head, "max_layers", min, layerCount);
      for (int n = min; n <= max; n++) {
        if (covered[n]) {
          throw new BundleException("manifest.json: " + key + " overlaps another head at " + n + " layers");
        }
        covered[n] = true;
      }
      Map<String, String> outputs = strings(object(head, "outputs"), key + ".outputs");
      if (!outputs.containsKey("segmentation")) {
        throw new BundleException("manifest.json: " + key + ".outputs.segmentation is missing");
      }
      heads.add(new BundleManifest.Head(min, max, string(head, "path"), outputs,
          head.path("detection_format").asText("")));
    }
    for (int n = 1; n <= layerCount; n++) {
      if (!covered[n]) {
        throw new BundleException("manifest.json: no head covers " + n + " layers");
      }
    }
    return List.copyOf(heads);
  }

  private static List<BundleManifest.ClassLabel> classLabels(JsonNode node, String key) throws BundleException {
    List<BundleManifest.ClassLabel> labels = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      labels.add(new BundleManifest.ClassLabel(
          integer(node.get(i), "train_id", 0, 255), string(node.get(i), "name")));
    }
    if (labels.isEmpty()) {
      throw new BundleException("manifest.json: " + key + " is empty");
    }
    return List.copyOf(labels);
  }

  private static List<BundleManifest.FileEntry> files(JsonNode node) throws BundleException {
    if (node.size() > MAX_FILES) {
      throw new BundleException("manifest.json: more than " + MAX_FILES + " files");
    }
    List<BundleManifest.FileEntry> files = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode file = node.get(i);
      String path = string(file, "path");
      if (!BundleFiles.isSafeRelativePath(path)) {
        throw new BundleException("manifest.json: files[" + i + "].path \"" + path + "\" is not a plain relative path");
      }
      if (!seen.add(path)) {
        throw new BundleException("manifest.json: file " + path + " is listed twice");
      }
      String sha = string(file, "sha256");
      if (!SHA256_HEX.matcher(sha).matches()) {
        throw new BundleException("manifest.json: sha256 of " + path + " is not 64 lowercase hex digits");
      }
      JsonNode bytes = file.get("bytes");
      if (bytes == null || !bytes.canConvertToLong() || bytes.asLong() < 0) {
        throw new BundleException("manifest.json: bytes of " + path + " must be a non-negative integer");
      }
      files.add(new BundleManifest.FileEntry(path, sha, bytes.asLong()));
    }
    return List.copyOf(files);
  }

  private static BundleManifest.Metrics metrics(JsonNode node) throws BundleException {
    List<BundleManifest.LayerMetrics> layers = new ArrayList<>();
    JsonNode layerNode = array(node, "layers");
    for (int i = 0; i < layerNode.size(); i++) {
      JsonNode m = layerNode.get(i);
      layers.add(new BundleManifest.LayerMetrics(integer(m, "layers", 1, CodecSpec.MAX_LAYERS),
          number(m, "bpp"), number(m, "miou"), number(m, "map50")));
    }
    List<BundleManifest.BaselineMetrics> baselines = new ArrayList<>();
    JsonNode baselineNode = node.has("baselines") ? array(node, "baselines") : JSON.createArrayNode();
    for (int i = 0; i < baselineNode.size(); i++) {
      JsonNode m = baselineNode.get(i);
      baselines.add(new BundleManifest.BaselineMetrics(string(m, "name"), number(m, "bpp"), number(m, "miou"),
          number(m, "map50")));
    }
    Map<String, Double> flops = new LinkedHashMap<>();
    if (node.has("flops")) {
      JsonNode f = object(node, "flops");
      for (var it = f.fields(); it.hasNext(); ) {
        var entry = it.next();
        if (!entry.getValue().isNumber()) {
          throw new BundleException("manifest.json: metrics.flops." + entry.getKey() + " must be a number");
        }
        flops.put(entry.getKey(), entry.getValue().asDouble());
      }
    }
    return new BundleManifest.Metrics(List.copyOf(layers), List.copyOf(baselines), Map.copyOf(flops));
  }

  /** Every path the manifest refers to must be a listed (hence hash-checked) file. */
  private static void requireListed(BundleManifest manifest) throws BundleException {
    Set<String> listed = new HashSet<>();
    manifest.files().forEach(f -> listed.add(f.path()));
    List<String> referenced = new ArrayList<>(manifest.networks().values());
    referenced.add(manifest.entropyModel().tables());
    manifest.heads().forEach(h -> referenced.add(h.path()));
    for (String path : referenced) {
      if (!listed.contains(path)) {
        throw new BundleException("manifest.json: " + path + " is referenced but not listed in files");
      }
    }
  }

  private static void requireNetwork(Map<String, String> networks, String role) throws BundleException {
    if (!networks.containsKey(role)) {
      throw new BundleException("manifest.json: networks." + role + " is missing");
    }
  }

  // ---------------------------------------------------------------------------------------------- JSON helpers

  private static JsonNode field(JsonNode node, String key) throws BundleException {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw new BundleException("manifest.json: key \"" + key + "\" is missing");
    }
    return value;
  }

  private static JsonNode object(JsonNode node, String key) throws BundleException {
    JsonNode value = field(node, key);
    if (!value.isObject()) {
      throw new BundleException("manifest.json: \"" + key + "\" must be an object");
    }
    return value;
  }

  private static JsonNode array(JsonNode node, String key) throws BundleException {
    JsonNode value = field(node, key);
    if (!value.isArray()) {
      throw new BundleException("manifest.json: \"" + key + "\" must be an array");
    }
    return value;
  }

  private static String string(JsonNode node, String key) throws BundleException {
    JsonNode value = field(node, key);
    if (!value.isTextual()) {
      throw new BundleException("manifest.json: \"" + key + "\" must be a string");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String key, int min, int max) throws BundleException {
    JsonNode value = field(node, key);
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
      throw new BundleException("manifest.json: \"" + key + "\" must be an integer in [" + min + ", " + max + "]");
    }
    return value.asInt();
  }

  private static double number(JsonNode node, String key) throws BundleException {
    JsonNode value = field(node, key);
    if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
      throw new BundleException("manifest.json: \"" + key + "\" must be a finite number");
    }
    return value.asDouble();
  }

  private static List<Double> numbers(JsonNode node, String key, int count) throws BundleException {
    if (node.size() != count) {
      throw new BundleException("manifest.json: " + key + " must hold " + count + " numbers");
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isNumber()) {
        throw new BundleException("manifest.json: " + key + " must hold numbers");
      }
      values.add(n.asDouble());
    }
    return List.copyOf(values);
  }

  private static Map<String, String> strings(JsonNode node, String key) throws BundleException {
    Map<String, String> map = new LinkedHashMap<>();
    for (var it = node.fields(); it.hasNext(); ) {
      var entry = it.next();
      if (!entry.getValue().isTextual()) {
        throw new BundleException("manifest.json: " + key + "." + entry.getKey() + " must be a string");
      }
      map.put(entry.getKey(), entry.getValue().asText());
    }
    return Map.copyOf(map);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
