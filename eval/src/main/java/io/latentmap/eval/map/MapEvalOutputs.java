package io.latentmap.eval.map;

import io.latentmap.eval.bench.Figure;
import io.latentmap.eval.bench.Figures;
import io.latentmap.eval.mapquality.MapQuality;
import io.latentmap.eval.mapquality.TilePictures;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.MapTile;
import io.latentmap.sim.world.City;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code eval map} writes into its output folder:
 * <ul>
 *   <li>{@code map_quality.csv}: per static class, cells in the truth and in the map among observed cells, IoU;
 *   <li>{@code landmark_error_vs_traversals.csv} and {@code .png}: position error by traversals of the true
 *       landmark, and how many of the landmarks passed that often are mapped; {@code landmarks.csv} per landmark;
 *   <li>{@code tiles_errors.png}: the most observed tiles, ours (wrong cells magenta) beside the truth;
 *   <li>{@code changes.csv}: every scheduled change, whether and how late it was detected;
 *       {@code change_claims.csv}: every change the map claimed and whether it was real;
 *   <li>{@code summary.json}: every figure and goal verdict.
 * </ul>
 */
final class MapEvalOutputs {
  static final int TILE_COLUMNS = 2;
  private static final Color MEDIAN_COLOUR = new Color(0x1F77B4);
  private static final Color P90_COLOUR = new Color(0xD62728);
  private static final Color POINT_COLOUR = new Color(0x555555);

  private final Path out;
  private final City city;
  private final TileScheme scheme;
  private final double end;
  private final int tilePictures;

  MapEvalOutputs(Path out, City city, TileScheme scheme, double end, int tilePictures) {
    this.out = out;
    this.city = city;
    this.scheme = scheme;
    this.end = end;
    this.tilePictures = tilePictures;
  }

  void write(List<MapTile> tiles, MapQuality.CellScore cells, List<LandmarkTraversals.Pair> pairs,
      List<LandmarkTraversals.Bin> bins, ChangeScoring.Score changes, Figures figures,
      List<MapGoals.Verdict> verdicts) throws IOException {
    Files.createDirectories(out);
    write("map_quality.csv", mapQuality(cells));
    write("landmark_error_vs_traversals.csv", binsCsv(bins));
    write("landmarks.csv", landmarksCsv(pairs));
    Files.write(out.resolve("landmark_error_vs_traversals.png"), errorPlot(bins));
    Files.write(out.resolve("tiles_errors.png"), tilesWithErrors(tiles));
    write("changes.csv", changesCsv(changes));
    write("change_claims.csv", claimsCsv(changes));
    write("summary.json", summary(figures, verdicts));
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(out.resolve(name), text, StandardCharsets.UTF_8);
  }

  static String mapQuality(MapQuality.CellScore cells) {
    StringBuilder csv = new StringBuilder("class,train_id,truth_cells,map_cells,iou\n");
    for (StaticClass c : StaticClass.values()) {
      int id = c.trainId();
      Double iou = cells.iouByTrainId().get(id);
      csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%s%n", CityscapesLabels.byTrainId(id).name(), id,
          cells.truthCells().getOrDefault(id, 0L), cells.mapCells().getOrDefault(id, 0L), number(iou)));
    }
    csv.append(String.format(Locale.ROOT, "all observed,,%d,%d,%n", cells.observedCells(), cells.observedCells()));
    csv.append(String.format(Locale.ROOT, "accuracy,,,,%s%nmean iou,,,,%s%n", number(cells.accuracy()),
        number(cells.meanIou())));
    return csv.toString();
  }

  static String binsCsv(List<LandmarkTraversals.Bin> bins) {
    StringBuilder csv = new StringBuilder(
        "traversals,true_landmarks,true_mapped,mapped_share,map_landmarks_matched,median_m,p90_m\n");
    for (LandmarkTraversals.Bin b : bins) {
      csv.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%s,%s%n", b.label(), b.trueLandmarks(), b.trueMapped(),
          number(b.trueLandmarks() == 0 ? Double.NaN : (double) b.trueMapped() / b.trueLandmarks()),
          b.errors().size(), number(b.median()), number(b.p90())));
    }
    return csv.toString();
  }

  static String landmarksCsv(List<LandmarkTraversals.Pair> pairs) {
    StringBuilder csv = new StringBuilder("map_id,type,observations,true_id,traversals,error_m\n");
    for (LandmarkTraversals.Pair p : pairs) {
      csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s%n", p.mapped().id(), p.mapped().type(),
          p.mapped().observations(), p.matched() ? Long.toString(p.truth().id()) : "",
          p.matched() ? Long.toString(p.truth().passes()) : "", number(p.errorMeters())));
    }
    return csv.toString();
  }

  static byte[] errorPlot(List<LandmarkTraversals.Bin> bins) throws IOException {
    List<String> labels = bins.stream().map(LandmarkTraversals.Bin::label).toList();
    double[] median = bins.stream().mapToDouble(LandmarkTraversals.Bin::median).toArray();
    double[] p90 = bins.stream().mapToDouble(LandmarkTraversals.Bin::p90).toArray();
    List<List<Double>> points = bins.stream().map(LandmarkTraversals.Bin::errors).toList();
    StringBuilder counts = new StringBuilder("map landmarks matched per bin:");
    bins.forEach(b -> counts.append(' ').append(b.errors().size()));
    return new CategoryPlot("Landmark position error vs traversals", "traversals of the true landmark by the fleet",
        "position error (m)", labels)
        .cloud("one map landmark", POINT_COLOUR, points)
        .line("median", MEDIAN_COLOUR, median)
        .line("p90", P90_COLOUR, p90)
        .note(counts.toString())
        .png();
  }

  private byte[] tilesWithErrors(List<MapTile> tiles) {
    List<int[]> pairs = new ArrayList<>();
    for (MapTile tile : tiles.stream().sorted(Comparator.comparingLong(TilePictures::observedCells).reversed())
        .limit(tilePictures).toList()) {
      TileId id = new TileId(tile.getTile().getZoom(), tile.getTile().getX(), tile.getTile().getY());
      TileRaster truth = city.at(end).groundTruthTile(scheme, id);
      pairs.add(TilePictures.sideBySide(TilePictures.bytes(tile.getClassRaster()), truth, true));
    }
    if (pairs.isEmpty()) {
      pairs.add(new int[TilePictures.pairWidth(scheme.cellsPerSide()) * scheme.cellsPerSide()]);
    }
    return TilePictures.overview(pairs, scheme.cellsPerSide(), TILE_COLUMNS);
  }

  static String changesCsv(ChangeScoring.Score score) {
    StringBuilder csv = new StringBuilder("change_id,kind,time_s,east_m,north_m,landmarks_appeared,"
        + "landmarks_disappeared,changed_cells,traversals_before,traversals_after,observable,detected,delay_s,delay_traversals,"
        + "claim_kind,claim_east_m,claim_north_m\n");
    for (ChangeScoring.Outcome o : score.outcomes()) {
      Footprint f = o.site().footprint();
      csv.append(String.format(Locale.ROOT, "%d,%s,%.1f,%.1f,%.1f,%d,%d,%d,%d,%d,%b,%b,%s,%d,%s,%s,%s%n",
          f.changeId(), f.kind(), f.time(), f.east(), f.north(), f.appeared().size(), f.disappeared().size(),
          f.cells().size(),
          o.site().passesBefore(), o.site().passesAfter(), o.site().observable(), o.detected(),
          number(o.delaySeconds()), o.delayTraversals(),
          o.firstClaim().map(c -> c.kind() + (c.type() == null ? "" : " " + c.type())).orElse(""),
          o.firstClaim().map(c -> number(c.east())).orElse(""),
          o.firstClaim().map(c -> number(c.north())).orElse("")));
    }
    return csv.toString();
  }

  static String claimsCsv(ChangeScoring.Score score) {
    StringBuilder csv = new StringBuilder("time_s,kind,type,east_m,north_m,cells,agreeing_cells,real\n");
    for (int i = 0; i < score.claims().size(); i++) {
      ChangeClaim c = score.claims().get(i);
      csv.append(String.format(Locale.ROOT, "%.1f,%s,%s,%.2f,%.2f,%d,%d,%b%n", c.time(), c.kind(),
          c.type() == null ? "" : c.type(), c.east(), c.north(), c.cells().size(),
          c.cells().stream().filter(ChangeClaim.ClaimCell::agrees).count(), score.claimMatched().get(i)));
    }
    return csv.toString();
  }

  static String summary(Figures figures, List<MapGoals.Verdict> verdicts) {
    String json = figures.json();
    StringBuilder out = new StringBuilder(json.substring(0, json.lastIndexOf('}')).stripTrailing())
        .append(verdicts.isEmpty() ? "\n" : ",\n");
    for (int i = 0; i < verdicts.size(); i++) {
      MapGoals.Verdict v = verdicts.get(i);
      out.append(String.format(Locale.ROOT, "  \"%s\": {\"value\": \"%s\", \"goal\": \"%s\", \"measured\": %s}%s%n",
          v.name(), v.pass() ? "pass" : "fail", v.goal(),
          Double.isFinite(v.value()) ? Figure.format(v.value()) : "null", i + 1 < verdicts.size() ? "," : ""));
    }
    return out.append("}\n").toString();
  }

  private static String number(Double v) {
    return v == null || !Double.isFinite(v) ? "" : Figure.format(v);
  }
}
