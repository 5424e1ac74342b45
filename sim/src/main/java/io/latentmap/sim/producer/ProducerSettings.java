package io.latentmap.sim.producer;

import io.latentmap.sim.fleet.Fleet;

/**
 * Typed knobs of the fleet producer.
 *
 * @param threads render-and-encode worker threads (output is identical for any count)
 * @param framesInFlightPerThread how many frames each worker may run ahead of the send order
 * @param sensorId the camera's id on its source (every simulated source has one front camera)
 * @param replayFrameRateHz capture rate assumed for a replayed Cityscapes-layout folder without capture times
 * @param tickStride each source captures every this many fleet ticks (1 = the fleet's 10 Hz, 10 = 1 Hz); its link
 *     is then shared by fewer frames, so each may be bigger
 * @param pace send frames no faster than this many times real time, by their capture times (1 = a live fleet);
 *     0 = as fast as they are made
 */
public record ProducerSettings(int threads, int framesInFlightPerThread, String sensorId, double replayFrameRateHz,
    int tickStride, double pace) {

  public static final int MAX_THREADS = 256;
  /** Beyond this a paced run is as good as an unpaced one. */
  public static final double MAX_PACE = 1000;
  /** As fast as frames are made. */
  public static final double UNPACED = 0;
  /** One frame a minute per source at the slowest. */
  public static final int MAX_TICK_STRIDE = 600;
  public static final String DEFAULT_SENSOR = "front";
  /** Enough look-ahead to keep every worker busy while the sender waits on the oldest frame. */
  public static final int DEFAULT_FRAMES_IN_FLIGHT_PER_THREAD = 4;
  /** The Cityscapes camera's rate (its sequences are 30 frames at about 17 Hz). */
  public static final double CITYSCAPES_FRAME_RATE_HZ = 17.0;

  public ProducerSettings {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads outside 1.." + MAX_THREADS + ": " + threads);
    }
    if (framesInFlightPerThread < 1 || framesInFlightPerThread > 64) {
      throw new IllegalArgumentException("frames in flight per thread outside 1..64: " + framesInFlightPerThread);
    }
    if (sensorId == null || sensorId.isBlank()) {
      throw new IllegalArgumentException("sensor id must not be blank");
    }
    if (!(replayFrameRateHz > 0 && replayFrameRateHz <= 1000)) {
      throw new IllegalArgumentException("replay frame rate outside (0, 1000] Hz: " + replayFrameRateHz);
    }
    if (tickStride < 1 || tickStride > MAX_TICK_STRIDE) {
      throw new IllegalArgumentException("tick stride outside 1.." + MAX_TICK_STRIDE + ": " + tickStride);
    }
    if (!(pace >= 0 && pace <= MAX_PACE)) {
      throw new IllegalArgumentException("pace outside 0.." + MAX_PACE + ": " + pace);
    }
  }

  /** One worker per core. */
  public static ProducerSettings defaults() {
    return withThreads(Runtime.getRuntime().availableProcessors());
  }

  public static ProducerSettings withThreads(int threads) {
    return new ProducerSettings(threads, DEFAULT_FRAMES_IN_FLIGHT_PER_THREAD, DEFAULT_SENSOR,
        CITYSCAPES_FRAME_RATE_HZ, 1, UNPACED);
  }

  /** The same settings with sources capturing every {@code stride}-th tick. */
  public ProducerSettings withTickStride(int stride) {
    return new ProducerSettings(threads, framesInFlightPerThread, sensorId, replayFrameRateHz, stride, pace);
  }

  /** The same settings sending frames at {@code factor} times real time (0 = unpaced). */
  public ProducerSettings withPace(double factor) {
    return new ProducerSettings(threads, framesInFlightPerThread, sensorId, replayFrameRateHz, tickStride, factor);
  }

  /** Frames a second each source captures and sends. */
  public double sourceFrameRateHz() {
    return Fleet.FRAME_RATE_HZ / tickStride;
  }

  int window() {
    return threads * framesInFlightPerThread;
  }
}
