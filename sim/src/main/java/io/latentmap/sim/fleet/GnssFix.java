package io.latentmap.sim.fleet;

/**
 * What a consumer GNSS receiver reports: WGS84 position, compass heading in degrees and the receiver's own
 * 1-sigma horizontal accuracy estimate in metres.
 */
public record GnssFix(double latitude, double longitude, double altitude, double headingDegrees,
    double horizontalAccuracy) {}
