package io.latentmap.sim.fleet;

/** Where a camera stream comes from; matches the {@code sourceKind} of the CompressedFrame record. */
public enum SourceKind { VEHICLE, INFRASTRUCTURE }
