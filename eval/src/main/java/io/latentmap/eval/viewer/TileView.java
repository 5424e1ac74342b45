package io.latentmap.eval.viewer;

import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import java.time.Instant;
import java.util.List;

/**
 * What the viewer knows of one tile at one moment: its newest snapshot (null until one is read) and its newest
 * updates, oldest first. Immutable: the store replaces it on every change, stamped with the store's sequence.
 */
record TileView(String key, int z, int x, int y, MapTile snapshot, List<TileUpdate> updates, long sequence) {

  TileView {
    updates = List.copyOf(updates);
  }

  /** The snapshot's version; 0 before a snapshot arrived. */
  long version() {
    return snapshot == null ? 0 : snapshot.getVersion();
  }

  /** Capture time of the newest evidence in the snapshot or any kept update; null when there is neither. */
  Instant newestEventTime() {
    Instant newest = snapshot == null ? null : snapshot.getUpdatedAt();
    for (TileUpdate u : updates) {
      if (newest == null || u.getEventTimeEnd().isAfter(newest)) {
        newest = u.getEventTimeEnd();
      }
    }
    return newest;
  }
}
