package io.latentmap.eval.bench;

import java.time.Duration;
import java.util.Map;

/**
 * The part of a bounded job run that shows its steady rate: from the first whole second after a settling time
 * past its first batch, to its last batch. A job's start-up (task deployment, the sinks' first transactions, the
 * JIT compiling that code) overlaps its first batches, and a long-running job pays it once.
 *
 * @param fromMillis start of the window (a whole second), or the first batch when the run is too short
 * @param toMillis the last batch
 * @param frames frames whose batch ended inside the window
 */
record SteadyWindow(long fromMillis, long toMillis, long frames) {
  /**
   * @param framesBySecond frames per second in which their batch ended, keyed from {@code secondsEpoch}
   * @param minWindow shorter steady windows are not trusted: the whole run is measured then
   */
  static SteadyWindow of(Map<Integer, Integer> framesBySecond, long secondsEpoch, long firstMillis, long lastMillis,
      Duration settle, Duration minWindow) {
    long startSecond = Math.floorDiv(firstMillis + settle.toMillis() + 999, 1000);
    long total = 0;
    long steady = 0;
    for (Map.Entry<Integer, Integer> e : framesBySecond.entrySet()) {
      total += e.getValue();
      if (secondsEpoch + e.getKey() >= startSecond) {
        steady += e.getValue();
      }
    }
    if (lastMillis - startSecond * 1000 < minWindow.toMillis() || steady == 0) {
      return new SteadyWindow(firstMillis, lastMillis, total);
    }
    return new SteadyWindow(startSecond * 1000, lastMillis, steady);
  }

  double seconds() {
    return Math.max(1e-3, (toMillis - fromMillis) / 1e3);
  }
}
