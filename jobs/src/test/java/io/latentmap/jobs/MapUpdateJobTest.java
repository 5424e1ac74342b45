package io.latentmap.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.schemas.wire.FrameIntegrity;
import io.latentmap.testkit.KafkaBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a Flink MiniCluster against a real broker: frames in, versioned tiles and dead letters out. */
class MapUpdateJobTest {
  private static final int PARALLELISM = 2;
  private static final int FRAMES_PER_VEHICLE = 40;

  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.create();

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

  @TempDir static Path models;
  private static ModelBundle bundle;

  @BeforeAll
  static void loadBundle() throws Exception {
    bundle = FixtureBundles.load(models, EntropyModelType.FACTORIZED, 5);
  }

  @Test
  void framesBecomeVersionedTilesAndEveryBadRecordADeadLetter() throws Exception {
    JobTopics topics = JobTopics.create(KAFKA);
    TestFleet fleet = new TestFleet(bundle, 1, Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS));
    int valid = 0;
    try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
      for (int i = 0; i < FRAMES_PER_VEHICLE; i++) {
        for (String vehicle : List.of("vehicle-a", "vehicle-b")) {
          JobTopics.send(producer, topics.frames(), fleet.frame(vehicle, i));
          valid++;
        }
      }
      for (byte[] bad : badRecords(fleet)) {
        producer.send(new ProducerRecord<>(topics.frames(), "bad".getBytes(StandardCharsets.UTF_8), bad)).get();
      }
    }

    runToEnd(topics);

    List<TileUpdate> updates = topics.readAll(topics.updates(), AvroWire.tileUpdates());
    List<MapTile> snapshots = topics.readAll(topics.tiles(), AvroWire.mapTiles());
    List<DeadLetter> deadLetters = topics.readAll(topics.deadLetters(), AvroWire.deadLetters());

    assertThat(updates).as("tile updates; dead letters were %s", deadLetters.stream()
        .map(d -> d.getErrorCode() + ": " + d.getMessage()).distinct().limit(5).toList()).isNotEmpty();
    Map<String, List<Long>> versionsByTile = new TreeMap<>();
    updates.forEach(u -> versionsByTile.computeIfAbsent(key(u.getTile()), k -> new ArrayList<>()).add(u.getVersion()));
    versionsByTile.forEach((tile, versions) -> assertThat(versions).as("versions of " + tile)
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, versions.size()).boxed().toList()));
    assertThat(updates.stream().flatMap(u -> u.getChangedCells().stream()))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.getNewClass()).isEqualTo(fleet.sceneClass()));
    long contributing = updates.stream().mapToLong(TileUpdate::getContributingFrames).sum();
    assertThat(contributing).isBetween(1L, (long) valid * versionsByTile.size());
    Map<String, Long> lastSnapshotVersion = snapshots.stream().collect(Collectors.toMap(
        t -> key(t.getTile()), MapTile::getVersion, Math::max));
    versionsByTile.forEach((tile, versions) -> assertThat(lastSnapshotVersion.get(tile)).isEqualTo(versions.size()));

    Set<DeadLetterReason> reasons = deadLetters.stream().map(DeadLetter::getErrorCode)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(DeadLetterReason.class)));
    assertThat(reasons).containsExactlyInAnyOrder(DeadLetterReason.BAD_HEADER, DeadLetterReason.UNKNOWN_SCHEMA,
        DeadLetterReason.BAD_CRC, DeadLetterReason.UNKNOWN_BUNDLE, DeadLetterReason.BAD_TENSOR,
        DeadLetterReason.INVALID_FIELD, DeadLetterReason.MALFORMED_RECORD, DeadLetterReason.RECORD_TOO_LARGE);
    assertThat(deadLetters).hasSize(badRecords(fleet).size());
  }

  private static void runToEnd(JobTopics topics) throws Exception {
    MapUpdateConfig config = topics.config(bundle.directory(), PARALLELISM,
        "--kafka.stop-at-latest", "true", "--validate.max-record-size", "2 mb");
    Configuration noRestarts = new Configuration();
    noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestarts);
    MapUpdateJob.build(env, config);
    env.execute("map update under test");
  }

  /** One record of every way a frame can be bad, each a different dead-letter reason. */
  private static List<byte[]> badRecords(TestFleet fleet) {
    AvroWire<CompressedFrame> wire = AvroWire.compressedFrames();
    List<byte[]> bad = new ArrayList<>();
    bad.add(new byte[] {1, 2, 3}); // BAD_HEADER
    byte[] foreign = wire.encode(fleet.frame("bad-1", 0, 1));
    foreign[5] ^= 0x7F; // fingerprint byte: UNKNOWN_SCHEMA
    bad.add(foreign);
    byte[] truncated = wire.encode(fleet.frame("bad-2", 0, 1));
    bad.add(java.util.Arrays.copyOf(truncated, truncated.length / 2)); // MALFORMED_RECORD
    bad.add(new byte[3 * 1024 * 1024]); // RECORD_TOO_LARGE (limit 2 MB in this test)
    CompressedFrame crc = fleet.frame("bad-3", 0, 1);
    crc.setCrc32c(crc.getCrc32c() + 1);
    bad.add(wire.encode(crc)); // BAD_CRC
    CompressedFrame foreignBundle = fleet.frame("bad-4", 0, 1);
    foreignBundle.setBundleId("someone-elses-bundle");
    bad.add(wire.encode(FrameIntegrity.seal(foreignBundle))); // UNKNOWN_BUNDLE
    CompressedFrame lost = fleet.frame("bad-5", 0, 1);
    lost.getPose().setLatitude(123.0);
    bad.add(wire.encode(lost)); // INVALID_FIELD
    CompressedFrame corrupt = fleet.frame("bad-6", 0, 2);
    ByteBuffer layer = corrupt.getLayers().get(1);
    layer.put(40, (byte) (layer.get(40) ^ 0x33));
    bad.add(wire.encode(FrameIntegrity.seal(corrupt))); // BAD_TENSOR: CRC sealed over the corrupt stream
    return bad;
  }

  private static String key(io.latentmap.schemas.TileId tile) {
    return tile.getZoom() + "/" + tile.getX() + "/" + tile.getY();
  }
}
