package io.latentmap.eval.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * The part of a bounded job run that shows its steady rate: the whole seconds in which every perception subtask had
 * frames, from a settling time past the last subtask's first batch to the first subtask's last batch. A job's
 * start-up (task deployment, the sinks' first transactions, the JIT compiling that code) overlaps its first
 * batches, and a long-running job pays it once. At the other end a bounded run's subtasks run out of frames one
 * after the other, and the last one then works alone on its share of the cores: a long-running job's subtasks
 * never do.
 *
 * @param fromMillis start of the window (a whole second), or the first batch when the run is too short
 * @param toMillis end of the window (a whole second), or the last batch when the run is too short
 * @param frames frames whose batch ended inside the window
 */
record SteadyWindow(long fromMillis, long toMillis, long frames) {
  /** When one subtask perceived its first and last batch (epoch milliseconds), and how many frames. */
  record Span(long firstMillis, long lastMillis, long frames) {}

  /**
   * @param framesBySecond frames per second in which their batch ended, keyed from {@code secondsEpoch}
   * @param subtasks each perception subtask's span
   * @param minWindow shorter steady windows are not trusted: the whole run is measured then
   */
  static SteadyWindow of(Map<Integer, Integer> framesBySecond, long secondsEpoch, Collection<Span> subtasks,
      Duration settle, Duration minWindow) {
    if (subtasks.isEmpty()) {
      throw new IllegalArgumentException("no perception subtask reported a batch");
    }
    long lastFirst = subtasks.stream().mapToLong(Span::firstMillis).max().orElseThrow();
    long firstLast = subtasks.stream().mapToLong(Span::lastMillis).min().orElseThrow();
    long startSecond = Math.floorDiv(lastFirst + settle.toMillis() + 999, 1000);
    long endSecond = Math.floorDiv(firstLast, 1000);
    long total = 0;
    long steady = 0;
    for (Map.Entry<Integer, Integer> e : framesBySecond.entrySet()) {
      total += e.getValue();
      long second = secondsEpoch + e.getKey();
      if (second >= startSecond && second < endSecond) {
        steady += e.getValue();
      }
    }
    if ((endSecond - startSecond) * 1000 < minWindow.toMillis() || steady == 0) {
      return new SteadyWindow(subtasks.stream().mapToLong(Span::firstMillis).min().orElseThrow(),
          subtasks.stream().mapToLong(Span::lastMillis).max().orElseThrow(), total);
    }
    return new SteadyWindow(startSecond * 1000, endSecond * 1000, steady);
  }

  double seconds() {
    return Math.max(1e-3, (toMillis - fromMillis) / 1e3);
  }
}
