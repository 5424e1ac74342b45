package io.latentmap.sim.producer;

import java.util.concurrent.TimeUnit;

/**
 * Holds frames back so that their capture times advance no faster than the wall clock times a pace factor: a
 * live fleet, for measuring latency from capture to map update. Pace 0 sends as fast as frames are made.
 */
final class Pacer {

  private static final long NANOS_PER_MICRO = 1_000L;

  private final double pace;
  private boolean started;
  private long wallStartNanos;
  private long captureStartMicros;

  Pacer(double pace) {
    if (!(pace >= 0) || !Double.isFinite(pace)) {
      throw new IllegalArgumentException("pace must be finite and >= 0: " + pace);
    }
    this.pace = pace;
  }

  /** Returns once the wall clock has reached the moment a frame captured at {@code captureMicros} is due. */
  void awaitDue(long captureMicros) {
    if (pace == 0) {
      return;
    }
    long now = System.nanoTime();
    if (!started) {
      started = true;
      wallStartNanos = now;
      captureStartMicros = captureMicros;
      return;
    }
    long due = wallStartNanos + (long) ((captureMicros - captureStartMicros) * NANOS_PER_MICRO / pace);
    if (due > now) {
      try {
        TimeUnit.NANOSECONDS.sleep(due - now);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProducerException("interrupted while pacing frames", e);
      }
    }
  }
}
