package io.latentmap.eval.demo;

import io.latentmap.eval.bench.Figures;
import io.latentmap.eval.mapquality.MapQuality;
import io.latentmap.eval.mapquality.TilePictures;
import io.latentmap.map.image.PngWriter;
import io.latentmap.map.landmark.LandmarkGeoJson;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.Landmark;
import io.latentmap.schemas.MapTile;
import io.latentmap.sim.world.City;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the demo leaves in {@code out/}: each mapped tile as a PNG with our map on the left and the ground truth on
 * the right (Cityscapes colours, black = never observed), an overview {@code tiles.png} of the most observed ones,
 * our landmarks and the true ones as GeoJSON for any map viewer, and the summary as JSON.
 */
final class DemoOutputs {
  /** Tiles written as pictures, the most observed first. */
  static final int MAX_TILE_PICTURES = 48;
  /** The overview picture out/tiles.png: the most observed tiles, ours beside the truth, in rows of two pairs. */
  static final int OVERVIEW_TILES = 6;
  static final int OVERVIEW_COLUMNS = 2;

  private final Path out;
  private final City city;
  private final TileScheme scheme;

  DemoOutputs(Path out, City city, TileScheme scheme) {
    this.out = out;
    this.city = city;
    this.scheme = scheme;
  }

  void write(List<MapTile> snapshots, double simTime, Figures summary) throws IOException {
    Path tiles = out.resolve("tiles");
    Files.createDirectories(tiles);
    List<MapTile> last = MapQuality.lastSnapshots(snapshots).stream()
        .sorted(Comparator.comparingLong(TilePictures::observedCells).reversed())
        .limit(MAX_TILE_PICTURES).toList();
    List<int[]> pairs = new java.util.ArrayList<>();
    for (MapTile tile : last) {
      TileId id = new TileId(tile.getTile().getZoom(), tile.getTile().getX(), tile.getTile().getY());
      TileRaster truth = city.at(simTime).groundTruthTile(scheme, id);
      int[] pair = TilePictures.sideBySide(TilePictures.bytes(tile.getClassRaster()), truth, false);
      pairs.add(pair);
      Files.write(tiles.resolve(String.format(Locale.ROOT, "%d_%d_%d.png", id.z(), id.x(), id.y())),
          new PngWriter().rgb(pair, TilePictures.pairWidth(truth.cellsPerSide()), truth.cellsPerSide()));
    }
    if (!pairs.isEmpty()) {
      Files.write(out.resolve("tiles.png"), TilePictures.overview(
          pairs.subList(0, Math.min(OVERVIEW_TILES, pairs.size())), scheme.cellsPerSide(), OVERVIEW_COLUMNS));
    }
    Files.writeString(out.resolve("landmarks.geojson"), ourLandmarks(MapQuality.lastSnapshots(snapshots)),
        StandardCharsets.UTF_8);
    Files.writeString(out.resolve("landmarks-truth.geojson"),
        LandmarkGeoJson.featureCollection(city.at(simTime).landmarks()), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("summary.json"), summary.json(), StandardCharsets.UTF_8);
  }

  private static String ourLandmarks(List<MapTile> tiles) {
    StringBuilder json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    boolean first = true;
    for (MapTile tile : tiles) {
      for (Landmark l : tile.getLandmarks()) {
        json.append(first ? "" : ",").append(String.format(Locale.ROOT,
            "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.8f,%.8f]},"
                + "\"properties\":{\"id\":\"%s\",\"type\":\"%s\",\"observations\":%d,"
                + "\"sigma_east_m\":%.3f,\"sigma_north_m\":%.3f}}",
            l.getLongitude(), l.getLatitude(), l.getLandmarkId(), l.getType(), l.getObservationCount(),
            Math.sqrt(l.getCovariance().getEastVariance()), Math.sqrt(l.getCovariance().getNorthVariance())));
        first = false;
      }
    }
    return json.append("]}\n").toString();
  }
}
