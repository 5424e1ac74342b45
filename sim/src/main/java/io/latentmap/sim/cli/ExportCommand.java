package io.latentmap.sim.cli;

import io.latentmap.sim.export.CityscapesExporter;
import io.latentmap.sim.export.LabelStatistics;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Render a city's fleet frames into the Cityscapes layout (leftImg8bit, gtFine, camera, vehicle).")
final class ExportCommand implements Callable<Integer> {

  @Option(names = "--seed", required = true,
      description = "City seed, or several (\"1-8\", \"1,4,9\"); each city gets --frames frames and its own name.")
  String seeds;

  @Option(names = "--frames", required = true, description = "Number of frames to export per city.")
  int frames;

  @Option(names = "--out", required = true, description = "Dataset root folder.")
  Path out;

  @Option(names = "--split", defaultValue = "train",
      description = "Split folder (train/val/test). Split by seed: use different seeds per split. Default: ${DEFAULT-VALUE}.")
  String split;

  @Option(names = "--threads", defaultValue = "1", description = "Worker threads (output is identical for any count).")
  int threads;

  @Option(names = "--vehicles", defaultValue = "8", description = "Camera vehicles in the fleet. Default: ${DEFAULT-VALUE}.")
  int vehicles;

  @Option(names = "--stride", defaultValue = "25",
      description = "Ticks (0.1 s) between exported frames of one source. Default: ${DEFAULT-VALUE}.")
  long stride;

  @Override
  public Integer call() throws Exception {
    CityscapesExporter.Options options = new CityscapesExporter.Options(frames, split, threads, vehicles, stride);
    LabelStatistics total = new LabelStatistics();
    for (long seed : Seeds.parse(seeds)) {
      City city = CityGenerator.generate(seed);
      CityscapesExporter exporter = new CityscapesExporter(city, vehicles, stride);
      ProgressBar bar = new ProgressBar("export " + city.name(), frames);
      total.addAll(exporter.export(out, options, bar::update));
      System.out.println("sim.export.city " + city.name() + " seed-" + seed);
    }
    System.out.println("sim.export.frames " + total.frames() + " frames");
    total.figureLines().forEach(System.out::println);
    return 0;
  }
}
