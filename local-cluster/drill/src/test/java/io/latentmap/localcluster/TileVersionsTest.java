package io.latentmap.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.schemas.CellChange;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileId;
import io.latentmap.schemas.TileUpdate;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileVersionsTest {
  private static final int SIZE = 4;
  private static final TileId A = new TileId(19, 1, 1);
  private static final TileId B = new TileId(19, 2, 1);

  @Test
  void consecutiveVersionsWithTheirSnapshotPass() {
    List<TileUpdate> updates = List.of(update(A, 1, 0, 0), update(B, 1, 5, 8), update(A, 2, 3, 1));
    List<MapTile> snapshots = List.of(snapshot(A, 1, updates.subList(0, 1)), snapshot(B, 1, updates.subList(1, 2)),
        snapshot(A, 2, List.of(updates.get(0), updates.get(2))));

    TileVersions.Verdict verdict = TileVersions.check(updates, snapshots);

    assertThat(verdict).isEqualTo(new TileVersions.Verdict(2, 3, 0, 0, 0));
    assertThat(verdict.ok()).isTrue();
  }

  @Test
  void aRepeatedVersionIsADuplicateAndAGapIsMissing() {
    List<TileUpdate> updates = List.of(update(A, 1, 0, 0), update(A, 1, 0, 0), update(A, 3, 2, 1));
    List<MapTile> snapshots = List.of(snapshot(A, 3, updates));

    TileVersions.Verdict verdict = TileVersions.check(updates, snapshots);

    assertThat(verdict.duplicateVersions()).isEqualTo(1);
    assertThat(verdict.missingVersions()).isEqualTo(1);
    assertThat(verdict.ok()).isFalse();
  }

  @Test
  void aLostLastVersionShowsInTheSnapshot() {
    List<TileUpdate> updates = List.of(update(A, 1, 0, 0), update(A, 2, 1, 2));
    MapTile newer = snapshot(A, 3, List.of(updates.get(0), updates.get(1), update(A, 3, 2, 9)));
    MapTile otherRaster = snapshot(A, 2, List.of(update(A, 1, 0, 8)));

    assertThat(TileVersions.check(updates, List.of(newer)).snapshotMismatches()).isEqualTo(1);
    assertThat(TileVersions.check(updates, List.of(otherRaster)).snapshotMismatches()).isEqualTo(1);
    assertThat(TileVersions.check(updates, List.of()).snapshotMismatches()).isEqualTo(1);
  }

  @Test
  void noOutputIsNoPass() {
    assertThat(TileVersions.check(List.of(), List.of()).ok()).isFalse();
  }

  @Test
  void marksRoundTripAndBadLinesAreNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("start.offsets");
    OffsetMark mark = new OffsetMark(Map.of("hdmap.tiles", Map.of(0, 5L, 1, 0L), "hdmap.tile-updates", Map.of(3, 7L)));
    mark.write(file);

    assertThat(OffsetMark.read(file)).isEqualTo(mark);
    assertThat(OffsetMark.read(file).of("other")).isEmpty();
    Files.writeString(file, "hdmap.tiles 0 five\n");
    assertThatThrownBy(() -> OffsetMark.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1").hasMessageContaining("topic partition offset");
    assertThatThrownBy(() -> OffsetMark.read(dir.resolve("absent"))).hasMessageContaining("no offset mark");
  }

  private static TileUpdate update(TileId tile, long version, int cell, int newClass) {
    Instant t = Instant.parse("2026-11-25T08:00:00Z").plusSeconds(version);
    return TileUpdate.newBuilder().setTile(tile).setVersion(version).setEventTimeStart(t).setEventTimeEnd(t)
        .setChangedCells(List.of(new CellChange(cell, 255, newClass, 0.9f)))
        .setLandmarksAdded(List.of()).setLandmarksMoved(List.of()).setLandmarksRemoved(List.of())
        .setContributingFrames(1).setContributingSources(1).build();
  }

  private static MapTile snapshot(TileId tile, long version, List<TileUpdate> deltas) {
    byte[] raster = TileVersions.applied(new ArrayList<>(deltas), SIZE);
    return MapTile.newBuilder().setTile(tile).setVersion(version).setRasterSize(SIZE)
        .setClassRaster(ByteBuffer.wrap(raster)).setConfidenceRaster(ByteBuffer.wrap(new byte[SIZE * SIZE]))
        .setLandmarks(List.of()).setUpdatedAt(Instant.parse("2026-11-25T08:00:00Z")).build();
  }

}
