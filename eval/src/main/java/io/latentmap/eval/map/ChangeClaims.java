package io.latentmap.eval.map;

import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.CellChange;
import io.latentmap.schemas.Landmark;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.sim.truth.GroundTruthTiles;
import io.latentmap.sim.world.City;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the changes a map announced out of its tile updates. Not every update is a change: the first time a place
 * is mapped its cells go from unknown to a class and its landmarks are added. So only these count as claims:
 * <ul>
 *   <li>a cell whose published class goes from one known class to another; neighbouring such cells of one update
 *       form one area claim, and an area claim close in space and time to an earlier one is part of it;
 *   <li>a landmark removed;
 *   <li>a landmark added where the fleet had already looked before the frames that confirmed it.
 * </ul>
 */
public final class ChangeClaims {
  /** Flipped cells this close (metres) belong to one patch: a little over a cell's diagonal at z19. */
  static final double PATCH_LINK_METERS = 0.6;
  /**
   * Smallest patch that is announced as a change (cells, ~0.04 m^2 each): single flipping cells along class borders
   * are the evidence settling, not the world changing.
   */
  static final int MIN_PATCH_CELLS = 5;
  /** An area claim within this distance (metres) and time (seconds) of an earlier one continues it. */
  static final double MERGE_METERS = 5.0;
  static final double MERGE_SECONDS = 10.0;

  private final City city;
  private final TileScheme scheme;
  private final Instant epoch;
  private final FleetViews views;
  private final GroundTruthTiles truth;

  /** @param epoch the capture time of simulation time 0 */
  public ChangeClaims(City city, TileScheme scheme, Instant epoch, FleetViews views) {
    this.city = city;
    this.scheme = scheme;
    this.epoch = epoch;
    this.views = views;
    this.truth = new GroundTruthTiles(city, scheme);
  }

  /** Every claim in the updates, in time order. */
  public List<ChangeClaim> extract(List<TileUpdate> updates) {
    List<TileUpdate> ordered = updates.stream().sorted(Comparator.comparing(TileUpdate::getEventTimeEnd)).toList();
    List<ChangeClaim> landmarks = new ArrayList<>();
    List<ChangeClaim> patches = new ArrayList<>();
    for (TileUpdate u : ordered) {
      double start = seconds(u.getEventTimeStart());
      double end = seconds(u.getEventTimeEnd());
      for (Landmark l : u.getLandmarksRemoved()) {
        Enu p = enu(l);
        landmarks.add(ChangeClaim.landmark(ChangeClaim.Kind.DISAPPEARED, type(l), p.east(), p.north(), end));
      }
      for (Landmark l : u.getLandmarksAdded()) {
        Enu p = enu(l);
        if (lookedAtBefore(p, start)) {
          landmarks.add(ChangeClaim.landmark(ChangeClaim.Kind.APPEARED, type(l), p.east(), p.north(), end));
        }
      }
      patches.addAll(patches(u, end));
    }
    List<ChangeClaim> claims = new ArrayList<>(landmarks);
    claims.addAll(merge(patches));
    claims.sort(Comparator.comparingDouble(ChangeClaim::time));
    return claims;
  }

  /** Whether a frame saw the point more than one pass gap before {@code time}: a traversal before this one. */
  private boolean lookedAtBefore(Enu p, double time) {
    return views.passes(List.of(new double[] {p.east(), p.north()})).stream()
        .anyMatch(pass -> pass.start() < time - FleetViews.PASS_GAP_SECONDS);
  }

  private List<ChangeClaim> patches(TileUpdate u, double time) {
    TileId tile = new TileId(u.getTile().getZoom(), u.getTile().getX(), u.getTile().getY());
    int n = scheme.cellsPerSide();
    List<ChangeClaim.ClaimCell> cells = new ArrayList<>();
    for (CellChange c : u.getChangedCells()) {
      if (c.getOldClass() == CityscapesLabels.IGNORE_TRAIN_ID) {
        continue;
      }
      int col = c.getCellIndex() % n;
      int row = c.getCellIndex() / n;
      Enu p = city.frame().toEnu(scheme.cellCenter(tile, col, row));
      boolean agrees = truth.tile(tile, time).get(col, row) == c.getNewClass();
      cells.add(new ChangeClaim.ClaimCell(p.east(), p.north(), c.getNewClass(), agrees));
    }
    List<ChangeClaim> out = new ArrayList<>();
    for (List<ChangeClaim.ClaimCell> patch : connected(cells, PATCH_LINK_METERS)) {
      if (patch.size() >= MIN_PATCH_CELLS) {
        out.add(ChangeClaim.area(time, patch));
      }
    }
    return out;
  }

  /** Groups cells into components whose members are linked by steps of at most {@code link} metres. */
  static List<List<ChangeClaim.ClaimCell>> connected(List<ChangeClaim.ClaimCell> cells, double link) {
    Map<Long, List<Integer>> grid = new HashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      grid.computeIfAbsent(key(cells.get(i), link), k -> new ArrayList<>()).add(i);
    }
    int[] component = new int[cells.size()];
    java.util.Arrays.fill(component, -1);
    List<List<ChangeClaim.ClaimCell>> out = new ArrayList<>();
    for (int seed = 0; seed < cells.size(); seed++) {
      if (component[seed] >= 0) {
        continue;
      }
      List<ChangeClaim.ClaimCell> members = new ArrayList<>();
      java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(List.of(seed));
      component[seed] = out.size();
      while (!queue.isEmpty()) {
        ChangeClaim.ClaimCell c = cells.get(queue.poll());
        members.add(c);
        long gx = (long) Math.floor(c.east() / link);
        long gy = (long) Math.floor(c.north() / link);
        for (long dx = -1; dx <= 1; dx++) {
          for (long dy = -1; dy <= 1; dy++) {
            for (int j : grid.getOrDefault(pack(gx + dx, gy + dy), List.of())) {
              ChangeClaim.ClaimCell o = cells.get(j);
              if (component[j] < 0 && Math.hypot(o.east() - c.east(), o.north() - c.north()) <= link) {
                component[j] = out.size();
                queue.add(j);
              }
            }
          }
        }
      }
      out.add(members);
    }
    return out;
  }

  /** Area claims continuing an earlier one (close in space and time) are folded into it. */
  static List<ChangeClaim> merge(List<ChangeClaim> patches) {
    List<ChangeClaim> merged = new ArrayList<>();
    for (ChangeClaim p : patches.stream().sorted(Comparator.comparingDouble(ChangeClaim::time)).toList()) {
      int into = -1;
      for (int i = 0; i < merged.size(); i++) {
        ChangeClaim m = merged.get(i);
        if (p.time() - m.time() <= MERGE_SECONDS
            && Math.hypot(p.east() - m.east(), p.north() - m.north()) <= MERGE_METERS) {
          into = i;
        }
      }
      if (into < 0) {
        merged.add(p);
      } else {
        List<ChangeClaim.ClaimCell> cells = new ArrayList<>(merged.get(into).cells());
        cells.addAll(p.cells());
        ChangeClaim earlier = merged.get(into);
        ChangeClaim joined = ChangeClaim.area(earlier.time(), cells);
        merged.set(into, joined);
      }
    }
    return merged;
  }

  private static long key(ChangeClaim.ClaimCell c, double link) {
    return pack((long) Math.floor(c.east() / link), (long) Math.floor(c.north() / link));
  }

  private static long pack(long x, long y) {
    return (x << 32) ^ (y & 0xffffffffL);
  }

  private Enu enu(Landmark l) {
    return city.frame().toEnu(GeoPoint.of(l.getLatitude(), l.getLongitude()));
  }

  private static LandmarkType type(Landmark l) {
    return LandmarkType.valueOf(l.getType().name());
  }

  private double seconds(Instant captureTime) {
    return (captureTime.toEpochMilli() - epoch.toEpochMilli()) / 1000.0;
  }
}
