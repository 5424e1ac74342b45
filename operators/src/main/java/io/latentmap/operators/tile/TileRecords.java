package io.latentmap.operators.tile;

import io.latentmap.map.fusion.CellFlip;
import io.latentmap.map.fusion.LandmarkSnapshot;
import io.latentmap.map.fusion.TileDelta;
import io.latentmap.map.fusion.TileFrame;
import io.latentmap.map.fusion.TileState;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.schemas.CellChange;
import io.latentmap.schemas.Landmark;
import io.latentmap.schemas.LandmarkType;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.PositionCovariance;
import io.latentmap.schemas.TileId;
import io.latentmap.schemas.TileUpdate;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Turns map/ fusion results into the Avro records of hdmap.tile-updates and hdmap.tiles. */
public final class TileRecords {
  private TileRecords() {}

  public static TileUpdate update(TileDelta delta, TileFrame frame) {
    return TileUpdate.newBuilder()
        .setTile(tileId(delta.tile()))
        .setVersion(delta.version())
        .setEventTimeStart(instant(delta.firstCaptureMicros()))
        .setEventTimeEnd(instant(delta.lastCaptureMicros()))
        .setChangedCells(delta.changedCells().stream().map(TileRecords::cellChange).toList())
        .setLandmarksAdded(landmarks(delta.added(), frame))
        .setLandmarksMoved(landmarks(delta.moved(), frame))
        .setLandmarksRemoved(landmarks(delta.removed(), frame))
        .setContributingFrames(delta.contributingFrames())
        .setContributingSources(delta.contributingSources())
        .build();
  }

  public static MapTile snapshot(TileState state, TileFrame frame) {
    List<LandmarkSnapshot> sorted =
        state.mapLandmarks().stream().sorted(Comparator.comparing(LandmarkSnapshot::id)).toList();
    return MapTile.newBuilder()
        .setTile(tileId(state.tile()))
        .setVersion(state.version())
        .setRasterSize(state.grid().cellsPerSide())
        .setClassRaster(ByteBuffer.wrap(state.grid().labels()))
        .setConfidenceRaster(ByteBuffer.wrap(state.grid().confidences()))
        .setLandmarks(landmarks(sorted, frame))
        .setUpdatedAt(instant(state.lastUpdatedMicros()))
        .build();
  }

  public static TileId tileId(io.latentmap.map.tile.TileId tile) {
    return new TileId(tile.z(), tile.x(), tile.y());
  }

  private static CellChange cellChange(CellFlip flip) {
    return new CellChange(flip.cellIndex(), flip.oldTrainId(), flip.newTrainId(), flip.confidence());
  }

  private static List<Landmark> landmarks(List<LandmarkSnapshot> snapshots, TileFrame frame) {
    return snapshots.stream().map(s -> landmark(s, frame)).toList();
  }

  private static Landmark landmark(LandmarkSnapshot s, TileFrame frame) {
    GeoPoint position = frame.toGeo(s.east(), s.north());
    double[] c = s.covariance();
    return Landmark.newBuilder()
        .setLandmarkId(s.id())
        .setType(LandmarkType.valueOf(s.type().name()))
        .setLatitude(position.latitude())
        .setLongitude(position.longitude())
        .setCovariance(new PositionCovariance(c[0], c[1], c[2]))
        .setObservationCount(s.observations())
        .setLastObservedAt(instant(s.lastObservedMicros()))
        .build();
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}
