package io.latentmap.map.fusion;

import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.TileId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the map knows about one tile, and what changed since its last published version. Observations
 * ({@link #apply}) accumulate; {@link #publish} turns the accumulated changes into the next version. Not thread-safe:
 * one tile is owned by one keyed-state partition.
 */
public final class TileState {
  /** 2: the cell grid writes only its observed blocks. */
  private static final int FORMAT_VERSION = 2;

  private final TileId tile;
  private final CellGrid grid;
  private final List<TrackedLandmark> landmarks = new ArrayList<>();
  private long nextLandmarkSerial;
  private long version;
  private long lastUpdatedMicros;

  private final PendingFlips pendingFlips = new PendingFlips();
  private final Map<String, LandmarkSnapshot> pendingAdded = new LinkedHashMap<>();
  private final Map<String, LandmarkSnapshot> pendingMoved = new LinkedHashMap<>();
  private final Map<String, LandmarkSnapshot> pendingRemoved = new LinkedHashMap<>();
  private long pendingFrames;
  private final Set<String> pendingSources = new HashSet<>();
  private long pendingFirstMicros = Long.MAX_VALUE;
  private long pendingLastMicros = Long.MIN_VALUE;

  public TileState(TileId tile, int cellsPerSide) {
    this.tile = tile;
    this.grid = new CellGrid(cellsPerSide);
  }

  public TileId tile() {
    return tile;
  }

  public long version() {
    return version;
  }

  public long lastUpdatedMicros() {
    return lastUpdatedMicros;
  }

  public CellGrid grid() {
    return grid;
  }

  /** Landmarks currently in the map (confirmed), as published. */
  public List<LandmarkSnapshot> mapLandmarks() {
    List<LandmarkSnapshot> out = new ArrayList<>();
    for (TrackedLandmark l : landmarks) {
      if (l.status == TrackedLandmark.Status.CONFIRMED) {
        out.add(LandmarkSnapshot.of(l));
      }
    }
    return out;
  }

  /** Folds one frame's observation of this tile into the state. */
  public void apply(TileObservation observation, FusionPolicy policy) {
    for (int i = 0; i < observation.cellCount(); i++) {
      grid.observe(observation.cellIndexes()[i], Byte.toUnsignedInt(observation.trainIds()[i]),
          observation.weights()[i], policy, this::recordFlip);
    }
    updateLandmarks(observation, policy);
    pendingFrames++;
    pendingSources.add(observation.sourceId());
    pendingFirstMicros = Math.min(pendingFirstMicros, observation.captureMicros());
    pendingLastMicros = Math.max(pendingLastMicros, observation.captureMicros());
  }

  /** True when the observations since the last version changed the map. */
  public boolean hasChanges() {
    return !pendingFlips.isEmpty() || !pendingAdded.isEmpty() || !pendingMoved.isEmpty() || !pendingRemoved.isEmpty();
  }

  /**
   * The next version's delta, when anything changed since the last one; clears what was pending either way, so
   * observations that changed nothing do not inflate the next delta's frame count.
   */
  public Optional<TileDelta> publish() {
    Optional<TileDelta> delta = Optional.empty();
    if (hasChanges()) {
      version++;
      lastUpdatedMicros = pendingLastMicros;
      delta = Optional.of(new TileDelta(tile, version, pendingFirstMicros, pendingLastMicros,
          pendingFlips.inCellOrder(), List.copyOf(pendingAdded.values()),
          List.copyOf(pendingMoved.values()), List.copyOf(pendingRemoved.values()),
          pendingFrames, pendingSources.size()));
    }
    pendingFlips.clear();
    pendingAdded.clear();
    pendingMoved.clear();
    pendingRemoved.clear();
    pendingFrames = 0;
    pendingSources.clear();
    pendingFirstMicros = Long.MAX_VALUE;
    pendingLastMicros = Long.MIN_VALUE;
    return delta;
  }

  private void recordFlip(CellFlip flip) {
    pendingFlips.record(flip.cellIndex(), flip.oldTrainId(), flip.newTrainId(), flip.confidence());
  }

  private void updateLandmarks(TileObservation observation, FusionPolicy policy) {
    Set<TrackedLandmark> matched = new HashSet<>();
    for (LandmarkObservation o : observation.landmarks()) {
      TrackedLandmark target = nearestAssociable(o, matched, policy);
      if (target == null) {
        TrackedLandmark created = new TrackedLandmark(newLandmarkId(), o, observation.captureMicros());
        landmarks.add(created);
        matched.add(created);
        continue;
      }
      target.fuse(o, observation.captureMicros(), policy.minPositionVariance());
      matched.add(target);
      if (target.status == TrackedLandmark.Status.TENTATIVE && target.hits >= policy.confirmHits()) {
        target.status = TrackedLandmark.Status.CONFIRMED;
        markPublished(target);
        pendingRemoved.remove(target.id);
        pendingAdded.put(target.id, LandmarkSnapshot.of(target));
      } else if (target.status == TrackedLandmark.Status.CONFIRMED
          && Math.hypot(target.east - target.publishedEast, target.north - target.publishedNorth)
              >= policy.moveThresholdMeters()) {
        markPublished(target);
        LandmarkSnapshot snapshot = LandmarkSnapshot.of(target);
        if (pendingAdded.containsKey(target.id)) {
          pendingAdded.put(target.id, snapshot);
        } else {
          pendingMoved.put(target.id, snapshot);
        }
      }
    }
    countMisses(observation.view(), observation.captureMicros(), matched, policy);
  }

  private void countMisses(ViewCone view, long captureMicros, Set<TrackedLandmark> matched, FusionPolicy policy) {
    if (view == null) {
      return;
    }
    for (Iterator<TrackedLandmark> it = landmarks.iterator(); it.hasNext(); ) {
      TrackedLandmark l = it.next();
      if (matched.contains(l) || !view.contains(l.east, l.north)) {
        continue;
      }
      l.consecutiveMisses++;
      if (l.consecutiveMisses >= policy.removeAfterMisses()
          && captureMicros - l.lastObservedMicros >= policy.minUnseenSeconds() * 1e6) {
        it.remove();
        if (l.status == TrackedLandmark.Status.CONFIRMED) {
          LandmarkSnapshot snapshot = LandmarkSnapshot.of(l);
          pendingMoved.remove(l.id);
          if (pendingAdded.remove(l.id) == null) {
            pendingRemoved.put(l.id, snapshot);
          }
        }
      }
    }
  }

  private TrackedLandmark nearestAssociable(LandmarkObservation o, Set<TrackedLandmark> taken, FusionPolicy policy) {
    TrackedLandmark best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (TrackedLandmark l : landmarks) {
      if (l.type != o.type() || taken.contains(l)
          || Math.hypot(o.east() - l.east, o.north() - l.north) > policy.maxAssociationMeters()) {
        continue;
      }
      double d2 = l.mahalanobisSquared(o);
      if (d2 <= policy.gateMahalanobisSquared() && d2 < bestDistance) {
        best = l;
        bestDistance = d2;
      }
    }
    return best;
  }

  private String newLandmarkId() {
    return tile.z() + "/" + tile.x() + "/" + tile.y() + "#" + (nextLandmarkSerial++);
  }

  private static void markPublished(TrackedLandmark l) {
    l.publishedEast = l.east;
    l.publishedNorth = l.north;
  }

  /**
   * An independent deep copy, pending changes included. Flink's heap state backend copies a tile that is written
   * while a checkpoint of it is still being taken; this is that copy, without a serialization round trip.
   */
  public TileState copy() {
    TileState copy = new TileState(tile, grid.copy());
    copy.nextLandmarkSerial = nextLandmarkSerial;
    copy.version = version;
    copy.lastUpdatedMicros = lastUpdatedMicros;
    for (TrackedLandmark l : landmarks) {
      copy.landmarks.add(l.copy());
    }
    copy.pendingFlips.copyFrom(pendingFlips);
    copy.pendingAdded.putAll(pendingAdded);
    copy.pendingMoved.putAll(pendingMoved);
    copy.pendingRemoved.putAll(pendingRemoved);
    copy.pendingFrames = pendingFrames;
    copy.pendingSources.addAll(pendingSources);
    copy.pendingFirstMicros = pendingFirstMicros;
    copy.pendingLastMicros = pendingLastMicros;
    return copy;
  }

  /** Writes the whole state, pending changes included, so a restored tile publishes exactly what it would have. */
  public void write(DataOutput out) throws IOException {
    out.writeInt(FORMAT_VERSION);
    out.writeInt(tile.z());
    out.writeInt(tile.x());
    out.writeInt(tile.y());
    out.writeLong(version);
    out.writeLong(lastUpdatedMicros);
    out.writeLong(nextLandmarkSerial);
    grid.write(out);
    out.writeInt(landmarks.size());
    for (TrackedLandmark l : landmarks) {
      out.writeUTF(l.id);
      out.writeByte(l.type.ordinal());
      out.writeDouble(l.east);
      out.writeDouble(l.north);
      for (double c : l.covariance) {
        out.writeDouble(c);
      }
      out.writeInt(l.hits);
      out.writeInt(l.consecutiveMisses);
      out.writeLong(l.lastObservedMicros);
      out.writeByte(l.status.ordinal());
      out.writeDouble(l.publishedEast);
      out.writeDouble(l.publishedNorth);
    }
    out.writeInt(pendingFlips.size());
    for (CellFlip f : pendingFlips.inRecordOrder()) {
      out.writeInt(f.cellIndex());
      out.writeByte(f.oldTrainId());
      out.writeByte(f.newTrainId());
      out.writeFloat(f.confidence());
    }
    writeSnapshots(out, pendingAdded);
    writeSnapshots(out, pendingMoved);
    writeSnapshots(out, pendingRemoved);
    out.writeLong(pendingFrames);
    out.writeInt(pendingSources.size());
    for (String source : pendingSources) {
      out.writeUTF(source);
    }
    out.writeLong(pendingFirstMicros);
    out.writeLong(pendingLastMicros);
  }

  private static void writeSnapshots(DataOutput out, Map<String, LandmarkSnapshot> snapshots) throws IOException {
    out.writeInt(snapshots.size());
    for (LandmarkSnapshot s : snapshots.values()) {
      out.writeUTF(s.id());
      out.writeByte(s.type().ordinal());
      out.writeDouble(s.east());
      out.writeDouble(s.north());
      for (double c : s.covariance()) {
        out.writeDouble(c);
      }
      out.writeInt(s.observations());
      out.writeLong(s.lastObservedMicros());
    }
  }

  private static void readSnapshots(DataInput in, Map<String, LandmarkSnapshot> into) throws IOException {
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      LandmarkSnapshot s = new LandmarkSnapshot(in.readUTF(), LandmarkType.values()[in.readUnsignedByte()],
          in.readDouble(), in.readDouble(), new double[] {in.readDouble(), in.readDouble(), in.readDouble()},
          in.readInt(), in.readLong());
      into.put(s.id(), s);
    }
  }

  public static TileState read(DataInput in) throws IOException {
    int format = in.readInt();
    if (format != FORMAT_VERSION) {
      throw new IOException("unsupported tile state format " + format);
    }
    TileId tile = new TileId(in.readInt(), in.readInt(), in.readInt());
    long version = in.readLong();
    long lastUpdated = in.readLong();
    long serial = in.readLong();
    CellGrid grid = CellGrid.read(in);
    TileState state = new TileState(tile, grid);
    state.version = version;
    state.lastUpdatedMicros = lastUpdated;
    state.nextLandmarkSerial = serial;
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      String id = in.readUTF();
      LandmarkType type = LandmarkType.values()[in.readUnsignedByte()];
      double east = in.readDouble();
      double north = in.readDouble();
      double[] cov = {in.readDouble(), in.readDouble(), in.readDouble()};
      TrackedLandmark l = new TrackedLandmark(id, new LandmarkObservation(type, east, north, cov), 0);
      l.hits = in.readInt();
      l.consecutiveMisses = in.readInt();
      l.lastObservedMicros = in.readLong();
      l.status = TrackedLandmark.Status.values()[in.readUnsignedByte()];
      l.publishedEast = in.readDouble();
      l.publishedNorth = in.readDouble();
      state.landmarks.add(l);
    }
    int flips = in.readInt();
    for (int i = 0; i < flips; i++) {
      state.pendingFlips.record(in.readInt(), in.readUnsignedByte(), in.readUnsignedByte(), in.readFloat());
    }
    readSnapshots(in, state.pendingAdded);
    readSnapshots(in, state.pendingMoved);
    readSnapshots(in, state.pendingRemoved);
    state.pendingFrames = in.readLong();
    int sources = in.readInt();
    for (int i = 0; i < sources; i++) {
      state.pendingSources.add(in.readUTF());
    }
    state.pendingFirstMicros = in.readLong();
    state.pendingLastMicros = in.readLong();
    return state;
  }

  private TileState(TileId tile, CellGrid grid) {
    this.tile = tile;
    this.grid = grid;
  }
}
