package io.latentmap.eval.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileId;
import io.latentmap.schemas.TileUpdate;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TileStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
  private static final TileId A = new TileId(19, 10, 20);
  private static final TileId B = new TileId(19, 11, 20);

  @Test
  void theLastRecordReadIsTheTilesStateAndRepeatsChangeNothing() {
    TileStore store = new TileStore(19);
    store.accept(update(A, 1, 1));
    store.accept(snapshot(A, 1, 1));
    store.accept(snapshot(A, 2, 5));
    store.accept(update(A, 2, 5));
    store.accept(update(A, 2, 5));
    long seen = store.since(0).sequence();
    store.accept(snapshot(A, 2, 5));

    TileView a = store.get("19/10/20").orElseThrow();
    assertThat(a.version()).isEqualTo(2);
    assertThat(a.updates()).extracting(TileUpdate::getVersion).containsExactly(1L, 2L);
    assertThat(store.since(seen).tiles()).as("a repeated snapshot is no change").isEmpty();
    assertThat(store.newestEventTime()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aJobStartedAfreshReplacesTheTileItNumberedBefore() {
    TileStore store = new TileStore(19);
    store.accept(update(A, 1, 1));
    store.accept(update(A, 2, 2));
    store.accept(snapshot(A, 2, 2));
    store.accept(update(A, 1, 60));
    store.accept(snapshot(A, 1, 60));

    TileView a = store.get("19/10/20").orElseThrow();
    assertThat(a.version()).isEqualTo(1);
    assertThat(a.snapshot().getUpdatedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(a.updates()).extracting(u -> u.getEventTimeEnd()).containsExactly(T0.plusSeconds(60));
  }

  @Test
  void sinceGivesOnlyWhatChangedAndOtherZoomsAreCounted() {
    TileStore store = new TileStore(19);
    store.accept(snapshot(A, 1, 1));
    long afterA = store.since(0).sequence();
    store.accept(snapshot(B, 1, 2));
    store.accept(snapshot(new TileId(18, 5, 10), 1, 2));

    TileStore.Changes changes = store.since(afterA);
    assertThat(changes.tiles()).extracting(TileView::key).containsExactly("19/11/20");
    assertThat(changes.tileCount()).isEqualTo(2);
    assertThat(changes.otherZoom()).isEqualTo(1);
    assertThat(changes.snapshotsRead()).isEqualTo(3);
  }

  @Test
  void onlyTheNewestUpdatesAreKept() {
    TileStore store = new TileStore(19);
    for (int v = 1; v <= TileStore.UPDATES_KEPT + 5; v++) {
      store.accept(update(A, v, v));
    }
    List<TileUpdate> kept = store.get("19/10/20").orElseThrow().updates();
    assertThat(kept).hasSize(TileStore.UPDATES_KEPT);
    assertThat(kept.get(kept.size() - 1).getVersion()).isEqualTo(TileStore.UPDATES_KEPT + 5);
  }

  @Test
  void aLongPollEndsWithTheChangeOrEmptyAtItsEnd() throws Exception {
    TileStore store = new TileStore(19);
    assertThat(store.since(0, Duration.ofMillis(50)).tiles()).isEmpty();

    CompletableFuture<TileStore.Changes> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return store.since(0, Duration.ofMinutes(1));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    store.accept(snapshot(A, 1, 1));
    assertThat(waiting.get(30, TimeUnit.SECONDS).tiles()).extracting(TileView::key).containsExactly("19/10/20");
  }

  private static MapTile snapshot(TileId tile, long version, int second) {
    return MapTile.newBuilder().setTile(tile).setVersion(version).setRasterSize(1)
        .setClassRaster(ByteBuffer.wrap(new byte[] {0})).setConfidenceRaster(ByteBuffer.wrap(new byte[] {(byte) 200}))
        .setLandmarks(List.of()).setUpdatedAt(T0.plusSeconds(second)).build();
  }

  private static TileUpdate update(TileId tile, long version, int second) {
    return TileUpdate.newBuilder().setTile(tile).setVersion(version).setEventTimeStart(T0.plusSeconds(second))
        .setEventTimeEnd(T0.plusSeconds(second)).setChangedCells(List.of()).setLandmarksAdded(List.of())
        .setLandmarksMoved(List.of()).setLandmarksRemoved(List.of()).setContributingFrames(1)
        .setContributingSources(1).build();
  }
}
