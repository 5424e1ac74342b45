package io.latentmap.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.sim.cli.SimCommand;
import io.latentmap.sim.cli.UsageErrors;
import io.latentmap.sim.truth.GroundTruthWriter;
import io.latentmap.sim.world.City;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TruthAndCliTest {

  @Test
  void groundTruthIsWrittenAsTilesGeoJsonAndChangeLog(@TempDir Path dir) throws Exception {
    City city = TestWorld.small(5);
    int tiles = GroundTruthWriter.write(city, 0, TileScheme.standard(), dir, n -> { });
    assertThat(tiles).isGreaterThan(4);
    try (Stream<Path> s = Files.walk(dir.resolve("tiles"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(tiles);
    }
    JsonNode geo = new ObjectMapper().readTree(dir.resolve("landmarks.geojson").toFile());
    assertThat(geo.get("features").size()).isEqualTo(city.at(0).landmarks().size()).isGreaterThan(20);
    JsonNode changes = new ObjectMapper().readTree(dir.resolve("changes.json").toFile());
    assertThat(changes.size()).isEqualTo(city.changes().size());
    Path anyTile;
    try (Stream<Path> s = Files.walk(dir.resolve("classes"))) {
      anyTile = s.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
    }
    BufferedImage img = ImageIO.read(anyTile.toFile());
    assertThat(img.getWidth()).isEqualTo(256);
  }

  @Test
  void theExportCommandWritesTheCityscapesLayout(@TempDir Path dir) throws Exception {
    int code = new CommandLine(new SimCommand()).execute("export", "--seed", "3", "--frames", "2", "--out",
        dir.toString(), "--split", "test", "--threads", "2");
    assertThat(code).isZero();
    try (Stream<Path> s = Files.walk(dir.resolve("gtFine/test"))) {
      assertThat(s.filter(p -> p.toString().endsWith("_gtFine_labelIds.png")).count()).isEqualTo(2);
    }
    try (Stream<Path> s = Files.walk(dir.resolve("vehicle/test"))) {
      assertThat(s.filter(p -> p.toString().endsWith("_vehicle.json")).count()).isEqualTo(2);
    }
  }

  @Test
  void severalSeedsExportSeveralCities(@TempDir Path dir) throws Exception {
    int code = new CommandLine(new SimCommand()).execute("export", "--seed", "21-22", "--frames", "1", "--out",
        dir.toString(), "--split", "val");
    assertThat(code).isZero();
    try (Stream<Path> s = Files.list(dir.resolve("leftImg8bit/val"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
          io.latentmap.sim.world.CityGenerator.cityName(21), io.latentmap.sim.world.CityGenerator.cityName(22));
    }
  }

  @Test
  void badArgumentsFailWithAUsageError() {
    assertThat(UsageErrors.commandLine(new SimCommand())
        .execute("export", "--seed", "5-2", "--frames", "1", "--out", "x")).isEqualTo(UsageErrors.EXIT_CODE);
    int code = UsageErrors.commandLine(new SimCommand()).execute("export", "--seed", "3", "--frames", "0", "--out", "x");
    assertThat(code).isEqualTo(UsageErrors.EXIT_CODE);
  }
}
