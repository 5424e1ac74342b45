package io.latentmap.sim.cli;

import io.latentmap.map.tile.TileScheme;
import io.latentmap.sim.export.FramePlan;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.FrameStyle;
import io.latentmap.sim.render.RenderedFrame;
import io.latentmap.sim.truth.GroundTruthTiles;
import io.latentmap.sim.truth.ProjectionConsistency;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure single-threaded render speed at 512x256 and the ground-projection consistency figure.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--seed", defaultValue = "1", description = "City seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--frames", defaultValue = "400", description = "Timed frames. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--warmup", defaultValue = "100", description = "Untimed warm-up frames. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--consistency-frames", defaultValue = "60",
      description = "Frames whose every ground pixel is checked against the map. Default: ${DEFAULT-VALUE}.")
  int consistencyFrames;

  @Override
  public Integer call() throws Exception {
    if (frames < 1 || warmup < 0 || consistencyFrames < 1) {
      throw new IllegalArgumentException("frame counts must be positive");
    }
    long g0 = System.nanoTime();
    City city = CityGenerator.generate(seed);
    long g1 = System.nanoTime();
    FramePlan plan = new FramePlan(new Fleet(city, 8), FramePlan.DEFAULT_TICK_STRIDE);
    FrameRenderer renderer = FrameRenderer.forIntrinsics(plan.fleet().sources().get(0).intrinsics());
    ProgressBar bar = new ProgressBar("render", warmup + frames);
    long checksum = 0;
    for (int i = 0; i < warmup; i++) {
      checksum += render(city, plan, renderer, i);
      bar.update(i + 1);
    }
    long start = System.nanoTime();
    for (int i = 0; i < frames; i++) {
      checksum += render(city, plan, renderer, warmup + i);
      bar.update(warmup + i + 1);
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    GroundTruthTiles truth = new GroundTruthTiles(city, TileScheme.standard());
    ProjectionConsistency consistency = new ProjectionConsistency();
    ProgressBar cbar = new ProgressBar("consistency", consistencyFrames);
    for (int i = 0; i < consistencyFrames; i++) {
      SourceFrame f = plan.frame(i * 13L);
      RenderedFrame r = renderer.render(city.at(f.simTime()), f.camera(), FrameStyle.random(seed, 41, i));
      consistency.add(city, truth, f.camera(), r.labelIds(), f.simTime(), 1);
      cbar.update(i + 1);
    }
    System.out.printf(Locale.ROOT, "sim.city.generate_ms %.0f ms%n", (g1 - g0) / 1e6);
    System.out.printf(Locale.ROOT, "sim.render.fps_per_core %.1f fps%n", frames / seconds);
    System.out.printf(Locale.ROOT, "sim.projection.consistency %.5f ratio%n", consistency.ratio());
    System.out.printf(Locale.ROOT, "sim.projection.checked_pixels %d pixels%n", consistency.checked());
    System.out.printf(Locale.ROOT, "sim.projection.border_pixels_skipped %d pixels%n", consistency.skippedBorder());
    System.err.println("(checksum " + checksum + ")");
    return 0;
  }

  private static long render(City city, FramePlan plan, FrameRenderer renderer, int i) {
    SourceFrame f = plan.frame(i);
    RenderedFrame r = renderer.render(city.at(f.simTime()), f.camera(), FrameStyle.random(city.seed(), 41, i));
    return r.rgb()[i % r.rgb().length];
  }
}
