package io.latentmap.sim.cli;

import io.latentmap.map.tile.TileScheme;
import io.latentmap.sim.truth.GroundTruthWriter;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "truth", mixinStandardHelpOptions = true,
    description = "Write a city's ground-truth map at one moment: tiles as PNG, landmarks as GeoJSON, the change log.")
final class TruthCommand implements Callable<Integer> {

  @Option(names = "--seed", required = true, description = "City seed.")
  long seed;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--time", defaultValue = "0", description = "Simulation time in seconds. Default: ${DEFAULT-VALUE}.")
  double time;

  @Option(names = "--zoom", defaultValue = "19", description = "Tile zoom level. Default: ${DEFAULT-VALUE}.")
  int zoom;

  @Override
  public Integer call() throws Exception {
    City city = CityGenerator.generate(seed);
    TileScheme scheme = new TileScheme(zoom, TileScheme.DEFAULT_CELLS_PER_SIDE);
    int tiles = city.at(time).tiles(scheme).size();
    ProgressBar bar = new ProgressBar("truth " + city.name(), tiles);
    int written = GroundTruthWriter.write(city, time, scheme, out, bar::update);
    System.out.println("sim.truth.tiles " + written + " tiles");
    System.out.println("sim.truth.landmarks " + city.at(time).landmarks().size() + " landmarks");
    System.out.println("sim.truth.changes " + city.changes().size() + " changes");
    return 0;
  }
}
