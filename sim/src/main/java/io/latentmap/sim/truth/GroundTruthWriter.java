package io.latentmap.sim.truth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.image.PngWriter;
import io.latentmap.map.landmark.LandmarkGeoJson;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TilePngRenderer;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.WorldChange;
import io.latentmap.sim.world.WorldState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Writes a city's ground truth at one moment: per tile a colour PNG ({@code tiles/z/x/y.png}, Cityscapes colours)
 * and a class PNG ({@code classes/z/x/y.png}, trainIds, 255 unknown), all landmarks as GeoJSON, the change log and
 * a city summary.
 */
public final class GroundTruthWriter {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GroundTruthWriter() {}

  /** Returns the number of tiles written. */
  public static int write(City city, double t, TileScheme scheme, Path out, LongConsumer progress) throws IOException {
    WorldState world = city.at(t);
    List<TileId> tiles = world.tiles(scheme);
    PngWriter png = new PngWriter();
    long done = 0;
    for (TileId tile : tiles) {
      TileRaster raster = world.groundTruthTile(scheme, tile);
      write(out.resolve("tiles").resolve(tile + ".png"), TilePngRenderer.render(raster));
      write(out.resolve("classes").resolve(tile + ".png"), png.grey8(raster.toBytes(), raster.cellsPerSide(),
          raster.cellsPerSide()));
      progress.accept(++done);
    }
    write(out.resolve("landmarks.geojson"),
        LandmarkGeoJson.featureCollection(world.landmarks()).getBytes(StandardCharsets.UTF_8));
    List<Map<String, Object>> changes = new ArrayList<>();
    for (WorldChange c : city.changes()) {
      GeoPoint where = city.frame().toGeo(c.east(), c.north(), 0);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id());
      m.put("time", c.time());
      m.put("kind", c.kind().name());
      m.put("latitude", where.latitude());
      m.put("longitude", where.longitude());
      m.put("east", c.east());
      m.put("north", c.north());
      m.put("objectIds", c.objectIds());
      m.put("description", c.description());
      m.put("tile", scheme.tileOf(where).toString());
      changes.add(m);
    }
    write(out.resolve("changes.json"), JSON.writeValueAsBytes(changes));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("seed", city.seed());
    summary.put("name", city.name());
    summary.put("anchorLatitude", city.frame().anchor().latitude());
    summary.put("anchorLongitude", city.frame().anchor().longitude());
    summary.put("time", t);
    summary.put("zoom", scheme.zoom());
    summary.put("cellsPerSide", scheme.cellsPerSide());
    summary.put("tiles", tiles.stream().map(TileId::toString).toList());
    summary.put("landmarks", world.landmarks().size());
    write(out.resolve("city.json"), JSON.writeValueAsBytes(summary));
    return tiles.size();
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }
}
