package io.latentmap.eval.map;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code eval map} runs.
 *
 * @param seed the held-out city (training uses seeds 1-6)
 * @param durationSeconds simulated drive
 * @param tickStride each source captures every this many 0.1 s ticks
 * @param changesFromSeconds simulation time of the first scheduled world change
 * @param settleSeconds the drive goes on this long after the last scheduled change, so the fleet passes every
 *     change again; the changes are spread evenly between {@code changesFromSeconds} and {@code duration - settle}
 * @param routes where the vehicles drive
 * @param perception who perceives: the model through the job, or the oracle (true labels, same fusion)
 * @param bundle model bundle folder, or null for the codec's fixture bundle (untrained networks)
 * @param jobSettings job settings that override the embedded defaults ({@code map.min-cell-confidence -> 0})
 * @param tilePictures tiles drawn in {@code tiles_errors.png}, the most observed first
 */
public record MapEvalSettings(
    long seed,
    int vehicles,
    int cameras,
    int durationSeconds,
    int tickStride,
    double changesFromSeconds,
    double settleSeconds,
    Routes routes,
    Perception perception,
    Path bundle,
    Path out,
    int parallelism,
    int threads,
    Map<String, String> jobSettings,
    int tilePictures) {

  /** Where the vehicles drive. */
  public enum Routes {
    /** All vehicles repeat one lap through the scheduled changes, spread along it. */
    CHANGES,
    /** Each vehicle its own random route (the demo's fleet). */
    RANDOM
  }

  /** Who turns frames into map evidence. */
  public enum Perception {
    /** The bundle's heads on the learned-compressed tensors, in the map-update job. */
    MODEL,
    /** True labels and landmark boxes of the rendered frames, through the same georeferencing and fusion. */
    TRUTH
  }

  public MapEvalSettings {
    jobSettings = Map.copyOf(jobSettings);
    if (vehicles < 0 || cameras < 0 || vehicles + cameras == 0) {
      throw new IllegalArgumentException("the fleet needs at least one vehicle or camera");
    }
    if (routes == Routes.CHANGES && vehicles == 0) {
      throw new IllegalArgumentException("--routes CHANGES needs at least one vehicle");
    }
    if (durationSeconds < 1 || tickStride < 1 || parallelism < 1 || threads < 1 || tilePictures < 1) {
      throw new IllegalArgumentException("duration, tick stride, parallelism, threads and pictures must be >= 1");
    }
    if (!(changesFromSeconds >= 0) || !(settleSeconds >= 0) || durationSeconds - settleSeconds < changesFromSeconds) {
      throw new IllegalArgumentException("the changes must fit between " + changesFromSeconds + " s and the end of"
          + " the drive less " + settleSeconds + " s (" + durationSeconds + " s in all)");
    }
  }

  public double changesUntilSeconds() {
    return durationSeconds - settleSeconds;
  }

  /** Fleet ticks (0.1 s) the drive lasts. */
  public long ticks() {
    return durationSeconds * 10L;
  }
}
