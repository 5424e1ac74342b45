package io.latentmap.sim.producer;

import io.latentmap.sim.fleet.SourceFrame;

/**
 * The uplink bandwidth a source has for one frame. The fleet's own link traces are the default; a test or an
 * experiment can impose another (a fixed rate, a dropout) without changing the fleet.
 */
@FunctionalInterface
public interface BandwidthPolicy {

  /** Each source's simulated link ({@code LinkModel}) at the frame's capture time. */
  BandwidthPolicy FLEET_LINKS = SourceFrame::bandwidthBitsPerSecond;

  /** Bits per second available to send this frame; 0 means the link is down. */
  double bitsPerSecond(SourceFrame frame);

  /** The same rate for every source at every moment. */
  static BandwidthPolicy constant(double bitsPerSecond) {
    if (!(bitsPerSecond >= 0) || !Double.isFinite(bitsPerSecond)) {
      throw new IllegalArgumentException("bandwidth must be finite and >= 0: " + bitsPerSecond);
    }
    return frame -> bitsPerSecond;
  }
}
