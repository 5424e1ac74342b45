package io.latentmap.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.CellChange;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.sim.world.CityGenerator;
import io.latentmap.testkit.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The local cluster as a user runs it, with the real scripts: up.sh (a KRaft broker, a JobManager and two
 * TaskManagers as processes), drill.sh (the job submitted, the fleet publishing in real time, a TaskManager killed
 * with SIGKILL once output is committed, a replacement started, the restore from a checkpoint awaited, the verdict on
 * tile versions), a plain read_committed consumer on the job's output, then down.sh; no process the scripts started
 * may outlive it.
 */
class LocalClusterIT {
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration DRILL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  /** The drill's fleet (sim produce defaults: city seed 1); the drill stops it once the restored job has output. */
  private static final long CITY_SEED = 1;
  private static final int VEHICLES = 2;
  private static final int CAMERAS = 1;
  private static final String FLEET_SECONDS = "180";
  /**
   * The trained bundle the repository ships: the fixture bundle's untrained heads are rarely confident enough to
   * map a cell, and its large frames rarely fit a vehicle's link, so a drill on it sees one or two tiles.
   */
  /** Short, so output is committed and the drill's last wait ends soon after each step. */
  private static final String CHECKPOINT_INTERVAL = "2 s";
  private static final String SHIPPED_BUNDLE = "models/latent-scalable";

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void theClusterMapsTheFleetSurvivesALostTaskManagerAndLeavesNothingRunning() throws Exception {
    Path moduleDir = Path.of("").toAbsolutePath();
    Path runDir = moduleDir.resolve("target/local-cluster-it");
    deleteRecursively(runDir);
    Files.createDirectories(runDir);
    Path bundle = moduleDir.getParent().getParent().resolve(SHIPPED_BUNDLE);
    assertThat(bundle.resolve("manifest.json")).as("the repository's trained bundle").isRegularFile();
    ClusterScripts scripts = new ClusterScripts(moduleDir.getParent(), runDir,
        Map.of("LATENTMAP_BUNDLE", bundle.toString(), "LATENTMAP_DRILL_CHECKPOINT_INTERVAL", CHECKPOINT_INTERVAL));
    Instant start = Instant.now();

    Map<String, Long> started = new TreeMap<>();
    Throwable failure = null;
    try {
      ClusterScripts.Result up = scripts.run(UP_TIMEOUT, "up.sh");
      started.putAll(scripts.recordedPids());
      assertThat(up.exitCode()).as("up.sh exit; see %s", up.log()).isZero();
      assertThat(started).containsKeys("kafka", "jobmanager", "taskmanager-1", "taskmanager-2");

      ClusterScripts.Result drill = scripts.run(DRILL_TIMEOUT, "drill.sh", "--seconds", FLEET_SECONDS, "--",
          "--vehicles", String.valueOf(VEHICLES), "--cameras", String.valueOf(CAMERAS), "--tick-stride", "2",
          "--threads", "1");
      started.putAll(scripts.recordedPids());
      System.out.print(drill.stdout());
      assertThat(drill.exitCode()).as("drill.sh exit; stdout:%n%s%nsee %s", drill.stdout(), drill.log()).isZero();
      Map<String, String> figures = figures(drill.stdout());
      assertThat(figures).containsEntry("drill.duplicate_versions", "0").containsEntry("drill.missing_versions", "0")
          .containsEntry("drill.snapshot_mismatches", "0").containsEntry("drill.versions_ok", "1");
      assertThat(Long.parseLong(figures.get("drill.tiles"))).isPositive();
      assertThat(Long.parseLong(figures.get("drill.updates_after_restore"))).isPositive();
      assertThat(Long.parseLong(figures.get("drill.restored_from_checkpoint"))).isPositive();
      assertThat(started).containsKey("fleet").containsKey("taskmanager-3");
      assertThat(ClusterScripts.alive(started.get("taskmanager-1"))).as("the killed TaskManager").isFalse();

      assertTileOutputIsSane(scripts.bootstrapServers(), start);
    } catch (Throwable t) {
      failure = t;
    } finally {
      failure = bringDown(scripts, started, failure);
    }
    if (failure != null) {
      throw new AssertionError("local cluster test failed; logs in " + runDir, failure);
    }
    System.out.printf("local cluster test: %d s%n", Duration.between(start, Instant.now()).toSeconds());
  }

  /** What a plain read_committed consumer finds on the job's output: tile updates of this city with sane content. */
  private static void assertTileOutputIsSane(String bootstrap, Instant start) throws Exception {
    Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
    List<TileUpdate> updates = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(client, "hdmap.tile-updates", READ_TIMEOUT)) {
      TileUpdate u = AvroWire.tileUpdates().decode(r.value());
      assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(TileVersions.key(u.getTile()));
      updates.add(u);
    }
    List<MapTile> snapshots = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(client, "hdmap.tiles", READ_TIMEOUT)) {
      snapshots.add(AvroWire.mapTiles().decode(r.value()));
    }
    assertThat(updates).isNotEmpty();
    assertThat(snapshots).hasSameSizeAs(updates);

    TileScheme scheme = TileScheme.standard();
    Set<String> cityTiles = CityGenerator.generate(CITY_SEED).at(0).tiles(scheme).stream().map(TileId::toString)
        .collect(Collectors.toSet());
    Set<Integer> staticClasses = new HashSet<>();
    for (StaticClass c : StaticClass.values()) {
      staticClasses.add(c.trainId());
    }
    staticClasses.add(255);
    Instant now = Instant.now();
    for (TileUpdate u : updates) {
      assertThat(TileVersions.key(u.getTile())).as("tile of %s", u).isIn(cityTiles);
      assertThat(u.getVersion()).isPositive();
      assertThat(u.getEventTimeStart()).isAfter(start).isBeforeOrEqualTo(u.getEventTimeEnd());
      assertThat(u.getEventTimeEnd()).isBefore(now);
      assertThat(u.getContributingFrames()).isPositive();
      assertThat(u.getContributingSources()).isBetween(1, VEHICLES + CAMERAS);
      for (CellChange c : u.getChangedCells()) {
        assertThat(c.getCellIndex()).isBetween(0, scheme.cellsPerTile() - 1);
        assertThat(c.getNewClass()).isIn(staticClasses).isNotEqualTo(c.getOldClass());
        assertThat(c.getConfidence()).isBetween(0f, 1f);
      }
    }
    assertThat(updates).anyMatch(u -> !u.getChangedCells().isEmpty());
    for (MapTile t : snapshots) {
      assertThat(t.getRasterSize()).isEqualTo(scheme.cellsPerSide());
      assertThat(t.getClassRaster().remaining()).isEqualTo(scheme.cellsPerTile());
      assertThat(t.getConfidenceRaster().remaining()).isEqualTo(scheme.cellsPerTile());
    }
    System.out.printf("it.tile_updates %d count%nit.tiles %d count%n", updates.size(),
        updates.stream().map(u -> TileVersions.key(u.getTile())).distinct().count());
  }

  /**
   * down.sh, then each recorded process must be gone. Whatever is still alive is killed by its PID, so a failing
   * run leaves nothing behind either; a leftover fails the test unless it already failed.
   */
  private static Throwable bringDown(ClusterScripts scripts, Map<String, Long> started, Throwable failure) {
    try {
      started.putAll(scripts.recordedPids());
      ClusterScripts.Result down = scripts.run(DOWN_TIMEOUT, "down.sh");
      if (down.exitCode() != 0 && failure == null) {
        failure = new AssertionError("down.sh exit " + down.exitCode() + "; see " + down.log());
      }
    } catch (Throwable t) {
      if (failure == null) {
        failure = t;
      } else {
        failure.addSuppressed(t);
      }
    }
    Map<String, Long> leftovers = new TreeMap<>();
    started.forEach((name, pid) -> {
      if (ClusterScripts.alive(pid)) {
        leftovers.put(name, pid);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    });
    if (failure == null && started.isEmpty()) {
      failure = new AssertionError("the scripts recorded no process");
    }
    if (!leftovers.isEmpty()) {
      AssertionError left = new AssertionError("still running after down.sh (now killed): " + leftovers);
      if (failure == null) {
        failure = left;
      } else {
        failure.addSuppressed(left);
      }
    }
    return failure;
  }

  private static Map<String, String> figures(String stdout) {
    Map<String, String> figures = new TreeMap<>();
    stdout.lines().map(l -> l.trim().split("\\s+")).filter(f -> f.length == 3).forEach(f -> figures.put(f[0], f[1]));
    return figures;
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
