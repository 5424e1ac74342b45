package io.latentmap.localcluster;

import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.schemas.wire.WireFormatException;
import io.latentmap.testkit.TopicReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The drill's view of the job's output, as an exactly-once reader sees it ({@code isolation.level=read_committed}):
 * {@code mark} where the output topics end now, {@code await-updates} until the job has committed tile updates after
 * a mark, and {@code verdict}: were tile versions lost or repeated since a mark. Figures print as
 * {@code name value unit} lines; the verdict exits 1 when a version was lost or repeated.
 */
@Command(name = "drill-check", mixinStandardHelpOptions = true,
    subcommands = {DrillCheck.Mark.class, DrillCheck.AwaitUpdates.class, DrillCheck.VerdictCommand.class},
    description = "Checks the map-update job's committed output for the failure drill.")
public final class DrillCheck implements Runnable {
  static final int EXIT_VERDICT_FAILED = 1;
  static final int EXIT_USAGE = 2;
  private static final Duration POLL = Duration.ofMillis(500);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new DrillCheck());
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      commandLine.getErr().println("drill-check: " + e.getMessage());
      return EXIT_USAGE;
    });
    return cli;
  }

  /** Options every subcommand shares: where the broker and the job's output topics are. */
  static final class Topics {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, HOST:PORT.")
    String bootstrapServers;

    @Option(names = "--updates-topic", defaultValue = "hdmap.tile-updates",
        description = "TileUpdate topic (default ${DEFAULT-VALUE}).")
    String updatesTopic;

    @Option(names = "--tiles-topic", defaultValue = "hdmap.tiles", description = "MapTile topic (default ${DEFAULT-VALUE}).")
    String tilesTopic;

    @Option(names = "--timeout-seconds", defaultValue = "60",
        description = "Longest wait for the broker (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    Map<String, Object> client() {
      return Map.of("bootstrap.servers", bootstrapServers);
    }

    Duration timeout() {
      if (timeoutSeconds <= 0) {
        throw new IllegalArgumentException("--timeout-seconds must be > 0: " + timeoutSeconds);
      }
      return Duration.ofSeconds(timeoutSeconds);
    }

    <T extends SpecificRecord> List<T> read(String topic, OffsetMark from, AvroWire<T> wire)
        throws WireFormatException {
      List<T> records = new ArrayList<>();
      for (var record : TopicReader.readCommitted(client(), topic, from.of(topic), timeout())) {
        records.add(wire.decode(record.value()));
      }
      return records;
    }
  }

  @Command(name = "mark", mixinStandardHelpOptions = true,
      description = "Writes where the output topics end now (committed records only) to a file.")
  static final class Mark implements Callable<Integer> {
    @Mixin Topics topics;

    @Option(names = "--out", required = true, description = "File to write (`topic partition offset` lines).")
    Path out;

    @Override
    public Integer call() throws Exception {
      Map<String, Map<Integer, Long>> ends = new HashMap<>();
      for (String topic : List.of(topics.updatesTopic, topics.tilesTopic)) {
        ends.put(topic, TopicReader.committedEnds(topics.client(), topic, topics.timeout()));
      }
      new OffsetMark(ends).write(out);
      return 0;
    }
  }

  @Command(name = "await-updates", mixinStandardHelpOptions = true,
      description = "Waits until the updates topic holds committed records after a mark; exits 1 at the timeout.")
  static final class AwaitUpdates implements Callable<Integer> {
    @Mixin Topics topics;

    @Option(names = "--from", required = true, description = "Mark written by `mark`.")
    Path from;

    @Option(names = "--count", defaultValue = "1", description = "Records to wait for (default ${DEFAULT-VALUE}).")
    int count;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Map<Integer, Long> start = OffsetMark.read(from).of(topics.updatesTopic);
      Instant deadline = Instant.now().plus(topics.timeout());
      long seen = 0;
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(TopicReader.readCommittedConsumerConfig(topics.client()))) {
        List<TopicPartition> partitions = consumer.partitionsFor(topics.updatesTopic, topics.timeout()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(p -> {
          Long offset = start.get(p.partition());
          if (offset != null) {
            consumer.seek(p, offset);
          }
        });
        // A poll blocks until committed records arrive or its timeout passes: the wait is on the records themselves.
        while (seen < count && Instant.now().isBefore(deadline)) {
          seen += consumer.poll(POLL).count();
        }
      }
      if (seen < count) {
        spec.commandLine().getErr().printf("drill-check: %d of %d committed tile updates on %s within %s%n", seen,
            count, topics.updatesTopic, topics.timeout());
        return EXIT_VERDICT_FAILED;
      }
      return 0;
    }
  }

  @Command(name = "verdict", mixinStandardHelpOptions = true,
      description = "Reads the committed output since a mark and prints whether tile versions were lost or repeated.")
  static final class VerdictCommand implements Callable<Integer> {
    @Mixin Topics topics;

    @Option(names = "--from", required = true, description = "Mark written before the job started.")
    Path from;

    @Option(names = "--after", description = "A later mark (e.g. once the job restored): updates after it are counted.")
    Path after;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      OffsetMark start = OffsetMark.read(from);
      List<TileUpdate> updates = topics.read(topics.updatesTopic, start, AvroWire.tileUpdates());
      List<MapTile> snapshots = topics.read(topics.tilesTopic, start, AvroWire.mapTiles());
      TileVersions.Verdict verdict = TileVersions.check(updates, snapshots);
      PrintWriter out = spec.commandLine().getOut();
      out.println("drill.tiles " + verdict.tiles() + " count");
      out.println("drill.tile_updates " + verdict.updates() + " count");
      out.println("drill.duplicate_versions " + verdict.duplicateVersions() + " count");
      out.println("drill.missing_versions " + verdict.missingVersions() + " count");
      out.println("drill.snapshot_mismatches " + verdict.snapshotMismatches() + " count");
      if (after != null) {
        OffsetMark later = OffsetMark.read(after);
        long since = TopicReader.readCommitted(topics.client(), topics.updatesTopic, later.of(topics.updatesTopic),
            topics.timeout()).size();
        out.println("drill.updates_after_restore " + since + " count");
      }
      out.println("drill.versions_ok " + (verdict.ok() ? 1 : 0) + " bool");
      out.flush();
      return verdict.ok() ? 0 : EXIT_VERDICT_FAILED;
    }
  }
}
