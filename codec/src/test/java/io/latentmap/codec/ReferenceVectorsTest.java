package io.latentmap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.stream.ChannelRange;
import io.latentmap.codec.stream.CodecSpec;
import io.latentmap.codec.stream.DecodedTensor;
import io.latentmap.codec.stream.ScalePredictor;
import io.latentmap.codec.stream.TensorDecoder;
import io.latentmap.codec.stream.TensorEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known-answer vectors written by codec/scripts/reference_codec.py, an independent Python implementation of
 * docs/formats.md: the Java codec must write the same bytes and read them back, for every lane count and model.
 */
class ReferenceVectorsTest {
  static final String DIR = "/io/latentmap/codec/reference/";

  @ParameterizedTest
  @CsvSource({"factorized,1", "factorized,2", "factorized,4", "hyperprior,1", "hyperprior,2", "hyperprior,4"})
  void javaWritesAndReadsThePythonReferenceBytes(String model, int lanes) throws Exception {
    JsonNode c = new ObjectMapper().readTree(resource("case.json"));
    EntropyModelType type = EntropyModelType.fromManifestName(model);
    EntropyTables tables = EntropyTables.fromBytes(resource(model + ".lmet"));
    boolean hyper = type == EntropyModelType.HYPERPRIOR;
    List<ChannelRange> layers = new ArrayList<>();
    c.get("layers").forEach(l -> layers.add(new ChannelRange(l.get(0).asInt(), l.get(1).asInt())));
    int height = c.get("height").asInt();
    int width = c.get("width").asInt();
    CodecSpec spec = new CodecSpec(type, lanes, HexFormat.of().parseHex(c.get("hash_prefix").asText()),
        c.get("channels").asInt(), height, width, layers, hyper ? c.get("z_channels").asInt() : 0,
        hyper ? c.get("z_stride").asInt() : 0);
    int[] q = ints(c.get(hyper ? "q_hyperprior" : "q_factorized"));
    int[] zq = ints(c.get("z_q"));
    int[] indexes = ints(c.get("scale_index"));
    List<byte[]> expected = new ArrayList<>();
    for (JsonNode name : c.get("messages").get(model + "_lanes" + lanes)) {
      expected.add(resource(name.asText()));
    }

    TensorEncoder encoder = new TensorEncoder(spec, tables);
    List<byte[]> written = hyper
        ? encoder.encodeHyperprior(q, indexes, zq, height, width, layers.size())
        : encoder.encodeFactorized(q, height, width, layers.size());
    assertThat(written).hasSameSizeAs(expected);
    for (int k = 0; k < expected.size(); k++) {
      assertThat(written.get(k)).as("layer %d", k).isEqualTo(expected.get(k));
    }

    DecodedTensor decoded = new TensorDecoder(spec, tables).decode(expected, knownIndexes(tables, indexes));
    assertThat(decoded.symbols()).containsExactly(q);
    if (hyper) {
      assertThat(decoded.zSymbols()).containsExactly(zq);
    }
  }

  /** Scales that map back to exactly the reference indexes: indexOf(scale_table[i]) == i. */
  static ScalePredictor knownIndexes(EntropyTables tables, int[] indexes) {
    if (tables.type() != EntropyModelType.HYPERPRIOR) {
      return null;
    }
    float[] scaleTable = tables.gaussianY().scaleTable();
    float[] sigma = new float[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      sigma[i] = scaleTable[indexes[i]];
    }
    return (zHat, zc, zh, zw, channels, height, width) -> sigma;
  }

  static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ReferenceVectorsTest.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return in.readAllBytes();
    }
  }
}
