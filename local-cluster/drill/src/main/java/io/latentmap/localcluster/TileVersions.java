package io.latentmap.localcluster;

import io.latentmap.schemas.CellChange;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileId;
import io.latentmap.schemas.TileUpdate;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether a job's committed output lost or repeated a tile version. Every tile's updates must be versions 1..n, each
 * once (a fresh job numbers each tile from 1), and the newest snapshot of the tile must be version n with exactly
 * the raster its n deltas add up to: a version lost after the last update read would show there. Only the newest
 * snapshot is compared because hdmap.tiles is compacted. Pure: records in, counts out.
 */
public final class TileVersions {
  private static final int UNKNOWN_CLASS = 255;

  private TileVersions() {}

  /**
   * @param tiles tiles with at least one update
   * @param duplicateVersions updates whose (tile, version) was already seen
   * @param missingVersions versions between 1 and a tile's highest that no update carried
   * @param snapshotMismatches tiles whose newest snapshot is absent, of another version, or not their deltas applied
   */
  public record Verdict(int tiles, long updates, long duplicateVersions, long missingVersions,
      long snapshotMismatches) {
    public boolean ok() {
      return tiles > 0 && duplicateVersions == 0 && missingVersions == 0 && snapshotMismatches == 0;
    }
  }

  /** Updates and snapshots as read from the output topics since the job started, in topic order per tile. */
  public static Verdict check(List<TileUpdate> updates, List<MapTile> snapshots) {
    Map<String, List<TileUpdate>> byTile = new TreeMap<>();
    updates.forEach(u -> byTile.computeIfAbsent(key(u.getTile()), k -> new java.util.ArrayList<>()).add(u));
    Map<String, MapTile> newest = new TreeMap<>();
    snapshots.forEach(s -> newest.merge(key(s.getTile()), s, (a, b) -> b.getVersion() > a.getVersion() ? b : a));

    long duplicates = 0;
    long missing = 0;
    long mismatches = 0;
    for (Map.Entry<String, List<TileUpdate>> tile : byTile.entrySet()) {
      Set<Long> seen = new HashSet<>();
      long highest = 0;
      for (TileUpdate u : tile.getValue()) {
        if (!seen.add(u.getVersion())) {
          duplicates++;
        }
        highest = Math.max(highest, u.getVersion());
      }
      long present = seen.stream().filter(v -> v >= 1).count();
      missing += highest - present;
      MapTile snapshot = newest.get(tile.getKey());
      if (snapshot == null || snapshot.getVersion() != highest
          || !Arrays.equals(raster(snapshot), applied(tile.getValue(), snapshot.getRasterSize()))) {
        mismatches++;
      }
    }
    return new Verdict(byTile.size(), updates.size(), duplicates, missing, mismatches);
  }

  /** A tile's class raster rebuilt from its deltas, oldest first, starting from no evidence anywhere. */
  static byte[] applied(List<TileUpdate> updates, int rasterSize) {
    byte[] raster = new byte[rasterSize * rasterSize];
    Arrays.fill(raster, (byte) UNKNOWN_CLASS);
    updates.stream().sorted(Comparator.comparingLong(TileUpdate::getVersion))
        .flatMap(u -> u.getChangedCells().stream())
        .filter(c -> c.getCellIndex() >= 0 && c.getCellIndex() < raster.length)
        .forEach((CellChange c) -> raster[c.getCellIndex()] = (byte) c.getNewClass());
    return raster;
  }

  static String key(TileId tile) {
    return tile.getZoom() + "/" + tile.getX() + "/" + tile.getY();
  }

  private static byte[] raster(MapTile tile) {
    ByteBuffer buffer = tile.getClassRaster().duplicate();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
