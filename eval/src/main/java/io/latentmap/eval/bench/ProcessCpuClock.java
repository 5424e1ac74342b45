package io.latentmap.eval.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This JVM's CPU time, sampled against the wall clock, so that the CPU spent between two wall-clock instants that
 * are only known afterwards (a job's first and last batch) can be read back. CPU time per frame is what a
 * throughput figure becomes on a machine shared with other work: frames/s falls with the load, CPU-ms per frame
 * much less.
 */
final class ProcessCpuClock implements AutoCloseable {
  private static final long PERIOD_MILLIS = 50;
  /**
   * Reading every thread's stat costs more than the process clock (1.2 ms for 300 threads): the breakdown is
   * sampled every 5th period. Not less often: a thread's CPU counts only if a sample sees it alive, and a short
   * job's tasks may live under a second.
   */
  private static final int GROUP_EVERY = 5;

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final List<long[]> samples = new ArrayList<>();
  private final ThreadGroupCpu groups = ThreadGroupCpu.available() ? new ThreadGroupCpu() : null;
  /** Wall-clock millis, then each group's cumulative ticks. */
  private final List<long[]> groupSamples = new ArrayList<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-cpu-clock");
    t.setDaemon(true);
    return t;
  });

  ProcessCpuClock() {
    sample();
    sampler.scheduleAtFixedRate(this::sample, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** CPU nanoseconds of this process now (no sampling needed when both ends of a span are known in advance). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU nanoseconds of this process between two wall-clock instants in the sampled span (interpolated). */
  synchronized long cpuNanosBetween(long fromMillis, long toMillis) {
    return cpuNanosAt(toMillis) - cpuNanosAt(fromMillis);
  }

  /**
   * Each thread group's share of this process's CPU between two wall-clock instants in the sampled span
   * (interpolated like the process clock), in {@link ThreadGroupCpu.Group} order; empty without {@code /proc}.
   */
  synchronized double[] groupSharesBetween(long fromMillis, long toMillis) {
    if (groups == null || groupSamples.size() < 2) {
      return new double[0];
    }
    int count = ThreadGroupCpu.Group.values().length;
    double[] shares = new double[count];
    double total = 0;
    for (int g = 0; g < count; g++) {
      shares[g] = Math.max(0, valueAt(groupSamples, toMillis, g + 1) - valueAt(groupSamples, fromMillis, g + 1));
      total += shares[g];
    }
    for (int g = 0; g < count && total > 0; g++) {
      shares[g] /= total;
    }
    return total > 0 ? shares : new double[0];
  }

  private synchronized void sample() {
    long now = System.currentTimeMillis();
    samples.add(new long[] {now, os.getProcessCpuTime()});
    if (groups != null && (samples.size() - 1) % GROUP_EVERY == 0) {
      sampleGroups(now);
    }
  }

  private void sampleGroups(long now) {
    long[] ticks = groups.snapshot();
    long[] row = new long[ticks.length + 1];
    row[0] = now;
    System.arraycopy(ticks, 0, row, 1, ticks.length);
    groupSamples.add(row);
  }

  private long cpuNanosAt(long millis) {
    return valueAt(samples, millis, 1);
  }

  /** Column {@code column} of time-stamped rows at {@code millis}, linear between the rows around it. */
  private static long valueAt(List<long[]> rows, long millis, int column) {
    long[] before = rows.get(0);
    for (long[] s : rows) {
      if (s[0] > millis) {
        long span = s[0] - before[0];
        return span == 0 ? s[column] : before[column] + (s[column] - before[column]) * (millis - before[0]) / span;
      }
      before = s;
    }
    return before[column];
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
