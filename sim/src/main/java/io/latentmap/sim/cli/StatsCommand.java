package io.latentmap.sim.cli;

import io.latentmap.sim.export.FramePlan;
import io.latentmap.sim.export.LabelStatistics;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.FrameStyle;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Label statistics of an export-equivalent run: share of pixels of each of the 19 classes. Exits 1 if any class is absent.")
final class StatsCommand implements Callable<Integer> {

  @Option(names = "--seed", defaultValue = "1", description = "City seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--frames", defaultValue = "2000", description = "Frames. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--threads", defaultValue = "1", description = "Worker threads. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Override
  public Integer call() throws Exception {
    if (frames < 1 || threads < 1 || threads > 256) {
      throw new IllegalArgumentException("frames must be >= 1 and threads 1..256");
    }
    City city = CityGenerator.generate(seed);
    FramePlan plan = new FramePlan(new Fleet(city, 8), FramePlan.DEFAULT_TICK_STRIDE);
    LabelStatistics stats = new LabelStatistics();
    ThreadLocal<FrameRenderer> renderers = ThreadLocal.withInitial(
        () -> FrameRenderer.forIntrinsics(plan.fleet().sources().get(0).intrinsics()));
    ProgressBar bar = new ProgressBar("stats " + city.name(), frames);
    AtomicLong done = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < frames; i++) {
        final long index = i;
        futures.add(pool.submit(() -> {
          SourceFrame f = plan.frame(index);
          stats.add(renderers.get().render(city.at(f.simTime()), f.camera(), FrameStyle.random(seed, 41, index))
              .labelIds());
          bar.update(done.incrementAndGet());
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    stats.figureLines().forEach(System.out::println);
    List<String> absent = stats.absentClasses();
    System.out.println("sim.labels.absent_classes " + absent.size() + " classes" + (absent.isEmpty() ? "" : " " + absent));
    return absent.isEmpty() ? 0 : 1;
  }
}
