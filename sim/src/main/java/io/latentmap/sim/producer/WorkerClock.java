package io.latentmap.sim.producer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the calling thread, so that per-frame costs stay meaningful on a machine shared with other work
 * (wall time would count the time other processes held the core). ONNX sessions opened with one intra-op thread
 * run on the calling thread, so their work is included.
 */
final class WorkerClock {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

  private WorkerClock() {}

  /** Nanoseconds of CPU time of this thread, or of wall time where the JVM cannot measure thread CPU time. */
  static long cpuNanos() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }
}
