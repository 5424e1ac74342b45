package io.latentmap.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.schemas.CellChange;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the TaskManager under a running job after its first committed output, starts a new one, and checks that
 * the job recovered from its checkpoint with exactly-once output: every tile's versions are 1..n, each once, and
 * its last snapshot is what its deltas add up to.
 */
class MapUpdateJobRecoveryTest {
  private static final int PARALLELISM = 2;
  private static final int FRAMES_PER_PHASE = 60;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.create();

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

  @TempDir static Path models;

  @Test
  void aLostTaskManagerCostsNoTileVersion(@InjectMiniCluster MiniCluster cluster) throws Exception {
    ModelBundle bundle = FixtureBundles.load(models, EntropyModelType.FACTORIZED, 9);
    JobTopics topics = JobTopics.create(KAFKA);
    Instant start = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
    TestFleet fleet = new TestFleet(bundle, 2, start);

    Configuration restarts = new Configuration();
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restarts);
    MapUpdateJob.build(env, topics.config(bundle.directory(), PARALLELISM));
    JobClient job = env.executeAsync("map update, recovery under test");
    try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
      sendPhase(producer, topics, fleet, 0);
      awaitUpdates(topics, updates -> !updates.isEmpty()); // a checkpoint has committed output

      cluster.terminateTaskManager(0).get();
      cluster.startTaskManager();

      sendPhase(producer, topics, fleet, FRAMES_PER_PHASE);
      // A frame far later in event time moves the watermark past everything sent before it.
      JobTopics.send(producer, topics.frames(), fleet.frame("vehicle-a", 10 * FRAMES_PER_PHASE));
      long lastPhaseMicros = start.plusMillis((2L * FRAMES_PER_PHASE - 10) * 100).toEpochMilli() * 1000;
      awaitUpdates(topics, updates -> updates.stream().anyMatch(u -> micros(u.getEventTimeEnd()) >= lastPhaseMicros));
    } finally {
      job.cancel().get();
    }

    List<TileUpdate> updates = topics.readAll(topics.updates(), AvroWire.tileUpdates());
    Map<String, List<TileUpdate>> byTile = updates.stream().collect(Collectors.groupingBy(u -> key(u.getTile())));
    assertThat(byTile).isNotEmpty();
    byTile.forEach((tile, versions) -> assertThat(versions.stream().map(TileUpdate::getVersion).toList())
        .as("versions of %s", tile)
        .isEqualTo(LongStream.rangeClosed(1, versions.size()).boxed().toList()));

    Map<String, MapTile> lastSnapshots = new HashMap<>();
    for (MapTile t : topics.readAll(topics.tiles(), AvroWire.mapTiles())) {
      lastSnapshots.merge(key(t.getTile()), t, (a, b) -> b.getVersion() > a.getVersion() ? b : a);
    }
    byTile.forEach((tile, versions) -> {
      MapTile snapshot = lastSnapshots.get(tile);
      assertThat(snapshot.getVersion()).isEqualTo(versions.size());
      assertThat(raster(snapshot)).as("snapshot of %s equals its deltas applied in order", tile)
          .isEqualTo(applyDeltas(versions, snapshot.getRasterSize()));
    });
  }

  private static void sendPhase(KafkaProducer<byte[], byte[]> producer, JobTopics topics, TestFleet fleet, int first)
      throws Exception {
    for (int i = first; i < first + FRAMES_PER_PHASE; i++) {
      for (String vehicle : List.of("vehicle-a", "vehicle-b")) {
        JobTopics.send(producer, topics.frames(), fleet.frame(vehicle, i));
      }
    }
  }

  /** Reads the committed updates again until they satisfy {@code condition}; each read blocks on the broker. */
  private static void awaitUpdates(JobTopics topics, Predicate<List<TileUpdate>> condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.test(topics.readAll(topics.updates(), AvroWire.tileUpdates()))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no such tile updates within " + WAIT);
      }
    }
  }

  private static byte[] applyDeltas(List<TileUpdate> versions, int rasterSize) {
    byte[] raster = new byte[rasterSize * rasterSize];
    Arrays.fill(raster, (byte) 255);
    versions.stream().sorted(Comparator.comparingLong(TileUpdate::getVersion))
        .flatMap(u -> u.getChangedCells().stream())
        .forEach((CellChange c) -> raster[c.getCellIndex()] = (byte) c.getNewClass());
    return raster;
  }

  private static byte[] raster(MapTile tile) {
    byte[] out = new byte[tile.getClassRaster().remaining()];
    tile.getClassRaster().duplicate().get(out);
    return out;
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static String key(io.latentmap.schemas.TileId tile) {
    return tile.getZoom() + "/" + tile.getX() + "/" + tile.getY();
  }
}
