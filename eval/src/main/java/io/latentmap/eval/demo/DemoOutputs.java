package io.latentmap.eval.demo;

import io.latentmap.eval.mapquality.MapQuality;
import io.latentmap.map.image.PngWriter;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.LandmarkGeoJson;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.Landmark;
import io.latentmap.schemas.MapTile;
import io.latentmap.sim.world.City;
import java.io.IOException;
import java.nio.ByteBuffer;
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
  private static final int GAP = 8;
  private static final int GAP_RGB = 0xFFFFFF;

  private final Path out;
  private final City city;
  private final TileScheme scheme;

  DemoOutputs(Path out, City city, TileScheme scheme) {
    this.out = out;
    this.city = city;
    this.scheme = scheme;
  }

  void write(List<MapTile> snapshots, double simTime, DemoSummary summary) throws IOException {
    Path tiles = out.resolve("tiles");
    Files.createDirectories(tiles);
    List<MapTile> last = MapQuality.lastSnapshots(snapshots).stream()
        .sorted(Comparator.comparingLong(DemoOutputs::observedCells).reversed())
        .limit(MAX_TILE_PICTURES).toList();
    List<int[]> pairs = new java.util.ArrayList<>();
    for (MapTile tile : last) {
      TileId id = new TileId(tile.getTile().getZoom(), tile.getTile().getX(), tile.getTile().getY());
      TileRaster truth = city.at(simTime).groundTruthTile(scheme, id);
      int[] pair = sideBySide(bytes(tile.getClassRaster()), truth);
      pairs.add(pair);
      Files.write(tiles.resolve(String.format(Locale.ROOT, "%d_%d_%d.png", id.z(), id.x(), id.y())),
          new PngWriter().rgb(pair, pairWidth(truth.cellsPerSide()), truth.cellsPerSide()));
    }
    if (!pairs.isEmpty()) {
      Files.write(out.resolve("tiles.png"), overview(pairs.subList(0, Math.min(OVERVIEW_TILES, pairs.size())),
          scheme.cellsPerSide()));
    }
    Files.writeString(out.resolve("landmarks.geojson"), ourLandmarks(MapQuality.lastSnapshots(snapshots)),
        StandardCharsets.UTF_8);
    Files.writeString(out.resolve("landmarks-truth.geojson"),
        LandmarkGeoJson.featureCollection(city.at(simTime).landmarks()), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("summary.json"), summary.json(), StandardCharsets.UTF_8);
  }

  private static int pairWidth(int n) {
    return 2 * n + GAP;
  }

  /** Pairs in rows of {@link #OVERVIEW_COLUMNS}, a gap between them. */
  private static byte[] overview(List<int[]> pairs, int n) {
    int pairWidth = pairWidth(n);
    int columns = Math.min(OVERVIEW_COLUMNS, pairs.size());
    int rows = (pairs.size() + columns - 1) / columns;
    int width = columns * pairWidth + (columns - 1) * GAP;
    int[] rgb = new int[width * rows * n];
    java.util.Arrays.fill(rgb, GAP_RGB);
    for (int i = 0; i < pairs.size(); i++) {
      int x0 = (i % columns) * (pairWidth + GAP);
      int y0 = (i / columns) * n;
      for (int row = 0; row < n; row++) {
        System.arraycopy(pairs.get(i), row * pairWidth, rgb, (y0 + row) * width + x0, pairWidth);
      }
    }
    return new PngWriter().rgb(rgb, width, rows * n);
  }

  private static int[] sideBySide(byte[] ours, TileRaster truth) {
    int n = truth.cellsPerSide();
    int width = pairWidth(n);
    int[] rgb = new int[width * n];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        rgb[row * width + col] = colour(Byte.toUnsignedInt(ours[row * n + col]));
        rgb[row * width + n + GAP + col] = colour(truth.get(col, row));
      }
      for (int g = 0; g < GAP; g++) {
        rgb[row * width + n + g] = GAP_RGB;
      }
    }
    return rgb;
  }

  private static int colour(int trainId) {
    return trainId == CityscapesLabels.IGNORE_TRAIN_ID ? 0 : CityscapesLabels.byTrainId(trainId).rgb();
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

  private static long observedCells(MapTile tile) {
    long n = 0;
    for (byte b : bytes(tile.getClassRaster())) {
      n += Byte.toUnsignedInt(b) == CityscapesLabels.IGNORE_TRAIN_ID ? 0 : 1;
    }
    return n;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
