package io.latentmap.eval.viewer;

import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileId;
import io.latentmap.schemas.TileUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The newest state of every tile, as read from the job's two output topics. A tile's records share a key, hence a
 * partition, so the one read last is the newest, as compaction has it: a snapshot replaces the one before even at a
 * lower version (a job started afresh numbers its tiles from 1 again), and an update joins the tile's newest
 * {@link #UPDATES_KEPT}, dropping those of an earlier run it no longer follows. A record read twice changes nothing.
 * Every change gets the next sequence number, so the page asks only for what changed since its last look.
 * Thread-safe.
 */
final class TileStore {
  /** Updates kept per tile: enough for the recent-changes highlight and the tile's history panel. */
  static final int UPDATES_KEPT = 16;

  private final int zoom;
  private final Map<String, TileView> tiles = new HashMap<>();
  private long sequence;
  private long snapshotsRead;
  private long updatesRead;
  private long otherZoom;
  private Instant newestEventTime;

  TileStore(int zoom) {
    this.zoom = zoom;
  }

  /** What changed after a sequence number, with the store's counters at that moment. */
  record Changes(long sequence, List<TileView> tiles, int tileCount, long snapshotsRead, long updatesRead,
      long otherZoom, Instant newestEventTime) {}

  synchronized void accept(MapTile snapshot) {
    snapshotsRead++;
    if (!sameZoom(snapshot.getTile())) {
      return;
    }
    TileView current = view(snapshot.getTile());
    if (current.snapshot() != null && current.snapshot().getVersion() == snapshot.getVersion()
        && current.snapshot().getUpdatedAt().equals(snapshot.getUpdatedAt())) {
      return;
    }
    put(new TileView(current.key(), current.z(), current.x(), current.y(), snapshot, current.updates(), ++sequence));
  }

  synchronized void accept(TileUpdate update) {
    updatesRead++;
    if (!sameZoom(update.getTile())) {
      return;
    }
    TileView current = view(update.getTile());
    if (current.updates().stream().anyMatch(u -> u.getVersion() == update.getVersion()
        && u.getEventTimeEnd().equals(update.getEventTimeEnd()))) {
      return;
    }
    List<TileUpdate> updates = new ArrayList<>(current.updates());
    updates.removeIf(u -> u.getVersion() >= update.getVersion());
    updates.add(update);
    if (updates.size() > UPDATES_KEPT) {
      updates = updates.subList(updates.size() - UPDATES_KEPT, updates.size());
    }
    put(new TileView(current.key(), current.z(), current.x(), current.y(), current.snapshot(), updates, ++sequence));
  }

  /**
   * What changed after {@code after}, waiting up to {@code wait} for something to change first (a long poll: a
   * client following the map asks again as soon as it has an answer, without polling an unchanged store).
   */
  synchronized Changes since(long after, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (sequence <= after) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return since(after);
  }

  synchronized Changes since(long after) {
    List<TileView> changed = tiles.values().stream().filter(t -> t.sequence() > after)
        .sorted(Comparator.comparingLong(TileView::sequence)).toList();
    return new Changes(sequence, changed, tiles.size(), snapshotsRead, updatesRead, otherZoom, newestEventTime);
  }

  synchronized Optional<TileView> get(String key) {
    return Optional.ofNullable(tiles.get(key));
  }

  synchronized Instant newestEventTime() {
    return newestEventTime;
  }

  static String key(int z, int x, int y) {
    return z + "/" + x + "/" + y;
  }

  private boolean sameZoom(TileId tile) {
    if (tile.getZoom() != zoom) {
      otherZoom++;
      return false;
    }
    return true;
  }

  private TileView view(TileId tile) {
    String key = key(tile.getZoom(), tile.getX(), tile.getY());
    TileView current = tiles.get(key);
    return current != null ? current
        : new TileView(key, tile.getZoom(), tile.getX(), tile.getY(), null, List.of(), 0);
  }

  private void put(TileView view) {
    tiles.put(view.key(), view);
    notifyAll();
    Instant t = view.newestEventTime();
    if (t != null && (newestEventTime == null || t.isAfter(newestEventTime))) {
      newestEventTime = t;
    }
  }
}
