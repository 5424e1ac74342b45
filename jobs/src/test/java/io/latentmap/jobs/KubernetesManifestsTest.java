package io.latentmap.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.junit.jupiter.api.Test;

/**
 * The manifests under k8s/ against the project: the job they run and its flags, the topics it reads and writes,
 * parallelism against partitions, and Flink configuration keys that Flink 2.2 actually has.
 */
class KubernetesManifestsTest {
  private static final Path K8S = Path.of("..", "k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** Reporter keys are templated by reporter name; Flink documents them as metrics.reporter.<name>.<key>. */
  private static final String REPORTER_PREFIX = "metrics.reporter.";

  @Test
  void theFlinkDeploymentRunsThisJobWithFlagsItKnows() throws IOException {
    JsonNode job = single("flink/flink-deployment.yaml", "FlinkDeployment").path("spec").path("job");

    assertThat(job.path("entryClass").asText()).isEqualTo(MapUpdateJob.class.getName());
    assertThat(job.path("jarURI").asText()).endsWith("/latentmap-job.jar");
    List<String> args = new ArrayList<>();
    job.path("args").forEach(a -> args.add(a.asText()));
    Map<String, String> flags = MapUpdateConfig.parseFlags(args.toArray(String[]::new));
    assertThat(flags).isNotEmpty();
    MapUpdateConfig config = MapUpdateConfig.load(args.toArray(String[]::new), Map.of()); // refuses unknown keys
    assertThat(config.get(MapUpdateOptions.STATE_BACKEND)).isEqualTo(MapUpdateOptions.StateBackendChoice.ROCKSDB);
    assertThat(Path.of("..", config.require(MapUpdateOptions.BUNDLE_DIR).replace("/opt/latentmap/", "")))
        .as("the image copies models/ to /opt/latentmap/models").exists();
  }

  @Test
  void everyFlinkConfigurationKeyExistsInFlink() throws Exception {
    JsonNode conf = single("flink/flink-deployment.yaml", "FlinkDeployment").path("spec").path("flinkConfiguration");
    Set<String> known = flinkKeys();
    List<String> unknown = new ArrayList<>();
    conf.fieldNames().forEachRemaining(key -> {
      if (!known.contains(key) && !key.startsWith(REPORTER_PREFIX) && !key.startsWith("s3.")) {
        unknown.add(key);
      }
    });
    assertThat(unknown).as("keys Flink 2.2 does not define").isEmpty();
    assertThat(conf.size()).isGreaterThan(5);
  }

  @Test
  void topicsAreTheJobsAndParallelismFitsThePartitions() throws IOException {
    Map<String, JsonNode> topics = new HashMap<>();
    for (JsonNode doc : documents("kafka/topics.yaml")) {
      topics.put(doc.path("metadata").path("name").asText(), doc.path("spec"));
    }
    assertThat(topics.keySet()).containsExactlyInAnyOrder(MapUpdateOptions.FRAMES_TOPIC.defaultValue(),
        MapUpdateOptions.DEAD_LETTER_TOPIC.defaultValue(), MapUpdateOptions.TILE_UPDATES_TOPIC.defaultValue(),
        MapUpdateOptions.TILES_TOPIC.defaultValue());
    assertThat(topics.get(MapUpdateOptions.TILES_TOPIC.defaultValue()).path("config").path("cleanup.policy").asText())
        .isEqualTo("compact");
    int framePartitions = topics.get(MapUpdateOptions.FRAMES_TOPIC.defaultValue()).path("partitions").asInt();
    int parallelism = single("flink/flink-deployment.yaml", "FlinkDeployment").path("spec").path("job")
        .path("parallelism").asInt();
    assertThat(parallelism).isBetween(1, framePartitions);
  }

  private static JsonNode single(String file, String kind) throws IOException {
    return documents(file).stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst().orElseThrow();
  }

  private static List<JsonNode> documents(String file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(Files.readString(K8S.resolve(file)))) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }

  /** Every key (and fallback key) of every ConfigOption constant in Flink's public *Options classes on the classpath. */
  private static Set<String> flinkKeys() throws Exception {
    Set<String> keys = new HashSet<>();
    for (String name : List.of("CheckpointingOptions", "StateBackendOptions", "HighAvailabilityOptions",
        "RestartStrategyOptions", "TaskManagerOptions", "JobManagerOptions", "MetricOptions", "RestOptions",
        "CoreOptions", "PipelineOptions", "ExecutionOptions", "SecurityOptions")) {
      Class<?> options = Class.forName("org.apache.flink.configuration." + name);
      for (Field field : options.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
          ConfigOption<?> option = (ConfigOption<?>) field.get(null);
          keys.add(option.key());
          for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
          }
        }
      }
    }
    keys.add("state.backend.incremental"); // RocksDB's own option (flink-statebackend-rocksdb), checked there
    return keys;
  }
}
