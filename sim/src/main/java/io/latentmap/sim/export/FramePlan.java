package io.latentmap.sim.export;

import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.fleet.SourceFrame;

/**
 * Which fleet frame the i-th exported frame is: sources take turns, and each source advances {@code tickStride}
 * ticks between its exported frames (so one export covers many places and moments rather than near-duplicates).
 * A pure function of i, which is what makes parallel export deterministic.
 */
public record FramePlan(Fleet fleet, long tickStride) {

  /** Default spacing between exported frames of one source: 2.5 s at 10 Hz. */
  public static final long DEFAULT_TICK_STRIDE = 25;

  public FramePlan {
    if (tickStride < 1 || tickStride > 1_000_000) {
      throw new IllegalArgumentException("tick stride out of range 1..1000000: " + tickStride);
    }
    if (fleet.sources().isEmpty()) {
      throw new IllegalArgumentException("the fleet has no sources");
    }
  }

  public SourceFrame frame(long i) {
    int count = fleet.sources().size();
    FleetSource source = fleet.sources().get((int) (i % count));
    long tick = (i / count) * tickStride + (source.index() * 7L) % tickStride;
    return fleet.frame(source, tick);
  }
}
