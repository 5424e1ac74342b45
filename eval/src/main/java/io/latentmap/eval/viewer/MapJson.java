package io.latentmap.eval.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.TileUpdate;
import java.time.Instant;
import java.util.List;

/**
 * The page's view of the map as JSON: the tiles that changed since the page's last sequence number, each with its
 * version, landmarks (ours and the truth's) placed as fractions of the tile (u east, v south, 0..1) and its recent
 * updates, plus the counters of the status line. Which updates count as recent is decided by the page, against the
 * newest evidence time given here, so a tile's entry does not go stale as time moves on.
 */
final class MapJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ViewerSettings settings;
  private final TileScheme scheme;
  private final GroundTruth truth;

  MapJson(ViewerSettings settings, TileScheme scheme, GroundTruth truth) {
    this.settings = settings;
    this.scheme = scheme;
    this.truth = truth;
  }

  byte[] render(TileStore.Changes changes, String feedState, long badRecords) throws java.io.IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("sequence", changes.sequence());
    root.put("zoom", settings.zoom());
    root.put("recentSeconds", settings.recentWindow().toMillis() / 1000.0);
    putTime(root, "newestEventTime", changes.newestEventTime());
    ObjectNode feed = root.putObject("feed");
    feed.put("state", feedState);
    feed.put("badRecords", badRecords);
    feed.put("tilesTopic", settings.tilesTopic());
    feed.put("updatesTopic", settings.updatesTopic());
    ObjectNode counts = root.putObject("counts");
    counts.put("tiles", changes.tileCount());
    counts.put("snapshots", changes.snapshotsRead());
    counts.put("updates", changes.updatesRead());
    counts.put("otherZoom", changes.otherZoom());
    ObjectNode city = root.putObject("city");
    city.put("seed", truth.city().seed());
    city.put("name", truth.city().name());
    city.put("epoch", settings.epoch() == null ? null : settings.epoch().toString());
    city.put("truthTime", settings.truthTime());
    ArrayNode tiles = root.putArray("tiles");
    for (TileView view : changes.tiles()) {
      tile(tiles.addObject(), view);
    }
    return JSON.writeValueAsBytes(root);
  }

  private void tile(ObjectNode json, TileView view) {
    json.put("key", view.key());
    json.put("z", view.z());
    json.put("x", view.x());
    json.put("y", view.y());
    json.put("sequence", view.sequence());
    json.put("version", view.version());
    json.put("hasSnapshot", view.snapshot() != null);
    if (view.snapshot() != null) {
      putTime(json, "updatedAt", view.snapshot().getUpdatedAt());
      ArrayNode landmarks = json.putArray("landmarks");
      for (io.latentmap.schemas.Landmark l : view.snapshot().getLandmarks()) {
        ObjectNode lj = landmarks.addObject();
        lj.put("id", l.getLandmarkId());
        lj.put("type", l.getType().name());
        place(lj, view, l.getLatitude(), l.getLongitude());
        lj.put("observations", l.getObservationCount());
        lj.put("sigmaMeters", Math.sqrt(Math.max(l.getCovariance().getEastVariance(),
            l.getCovariance().getNorthVariance())));
      }
    }
    double t = truth.timeOf(view.newestEventTime());
    ObjectNode truthJson = json.putObject("truth");
    truthJson.put("time", t);
    truthJson.put("epoch", truth.epochAt(t));
    ArrayNode trueLandmarks = truthJson.putArray("landmarks");
    for (Landmark l : truth.landmarks(new TileId(view.z(), view.x(), view.y()), t)) {
      ObjectNode lj = trueLandmarks.addObject();
      lj.put("id", l.id());
      lj.put("type", l.type().name());
      place(lj, view, l.position().latitude(), l.position().longitude());
    }
    ArrayNode updates = json.putArray("updates");
    for (TileUpdate u : view.updates()) {
      ObjectNode uj = updates.addObject();
      uj.put("version", u.getVersion());
      putTime(uj, "start", u.getEventTimeStart());
      putTime(uj, "end", u.getEventTimeEnd());
      uj.put("changedCells", u.getChangedCells().size());
      ids(uj.putArray("added"), u.getLandmarksAdded());
      ids(uj.putArray("moved"), u.getLandmarksMoved());
      ids(uj.putArray("removed"), u.getLandmarksRemoved());
      uj.put("frames", u.getContributingFrames());
      uj.put("sources", u.getContributingSources());
    }
  }

  /** Where a point lies in the tile, as fractions of its width (u, from west) and height (v, from north). */
  private void place(ObjectNode json, TileView view, double latitude, double longitude) {
    int n = scheme.cellsPerSide();
    json.put("u", (scheme.globalCellX(longitude) - (double) view.x() * n) / n);
    json.put("v", (scheme.globalCellY(latitude) - (double) view.y() * n) / n);
  }

  private static void ids(ArrayNode array, List<io.latentmap.schemas.Landmark> landmarks) {
    landmarks.forEach(l -> array.add(l.getLandmarkId()));
  }

  /** Instants travel as epoch milliseconds (null when unknown), which JavaScript's Date takes as they are. */
  private static void putTime(ObjectNode json, String field, Instant t) {
    if (t == null) {
      json.putNull(field);
    } else {
      json.put(field, t.toEpochMilli());
    }
  }
}
