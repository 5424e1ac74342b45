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

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final List<long[]> samples = new ArrayList<>();
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

  private synchronized void sample() {
    samples.add(new long[] {System.currentTimeMillis(), os.getProcessCpuTime()});
  }

  private long cpuNanosAt(long millis) {
    long[] before = samples.get(0);
    for (long[] s : samples) {
      if (s[0] > millis) {
        long span = s[0] - before[0];
        return span == 0 ? s[1] : before[1] + (s[1] - before[1]) * (millis - before[0]) / span;
      }
      before = s;
    }
    return before[1];
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
