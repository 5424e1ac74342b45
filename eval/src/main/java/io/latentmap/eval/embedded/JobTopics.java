package io.latentmap.eval.embedded;

import io.latentmap.testkit.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The four topics of one embedded run of the job, and how they are created: frames and dead letters hold whole
 * frames (up to {@link #MAX_MESSAGE_BYTES}), tile snapshots are compacted, and nothing is produced before every
 * partition's leader answers.
 */
public record JobTopics(String frames, String deadLetters, String tileUpdates, String tiles) {
  /** The frames topic's message limit, as the job's dead-letter size default assumes. */
  public static final int MAX_MESSAGE_BYTES = 8 << 20;
  static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

  /** Topics named {@code <prefix>.frames}, {@code .dlq}, {@code .updates}, {@code .tiles}. */
  public static JobTopics prefixed(String prefix) {
    return new JobTopics(prefix + ".frames", prefix + ".dlq", prefix + ".updates", prefix + ".tiles");
  }

  /**
   * Creates the topics on a single-broker cluster.
   *
   * @param updatesConfig extra topic configs of the tile-updates topic (e.g. LogAppendTime for latency runs)
   */
  public void create(String bootstrapServers, int framePartitions, int outputPartitions,
      Map<String, String> updatesConfig) {
    Map<String, String> large = Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    Topics.createAndAwaitLeaders(bootstrapServers, List.of(
        new NewTopic(frames, framePartitions, (short) 1).configs(large),
        new NewTopic(deadLetters, 1, (short) 1).configs(large),
        new NewTopic(tileUpdates, outputPartitions, (short) 1).configs(new HashMap<>(updatesConfig)),
        new NewTopic(tiles, outputPartitions, (short) 1).configs(Map.of("cleanup.policy", "compact"))),
        CREATE_TIMEOUT);
  }
}
