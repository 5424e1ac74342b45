package io.latentmap.eval.demo;

import io.latentmap.eval.map.MapEvalSettings;
import java.nio.file.Path;

/**
 * What the embedded demo runs: which city, how large a fleet for how long, with which bundle, and where it writes.
 *
 * @param bundle a model bundle folder, or null for the codec's fixture bundle (tiny untrained networks)
 * @param tickStride each source captures every this many 0.1 s ticks
 * @param producerThreads render-and-encode threads of the simulated fleet
 * @param routes where the vehicles drive: past the world changes of the drive, or at random
 */
public record DemoSettings(
    long seed,
    int vehicles,
    int cameras,
    int seconds,
    int tickStride,
    Path bundle,
    Path out,
    int parallelism,
    int producerThreads,
    MapEvalSettings.Routes routes) {

  public DemoSettings {
    if (vehicles < 0 || cameras < 0 || vehicles + cameras == 0) {
      throw new IllegalArgumentException("the fleet needs at least one vehicle or camera");
    }
    if (seconds < 1 || tickStride < 1 || parallelism < 1 || producerThreads < 1) {
      throw new IllegalArgumentException("seconds, tick stride, parallelism and threads must be >= 1");
    }
  }

  /** Fleet ticks (0.1 s) the drive lasts. */
  public long ticks() {
    return seconds * 10L;
  }
}
