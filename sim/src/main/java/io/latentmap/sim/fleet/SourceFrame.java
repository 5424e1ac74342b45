package io.latentmap.sim.fleet;

import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.GeoPoint;

/**
 * One frame slot of one source: everything a producer needs to render, encode and send it, and the truth an
 * evaluator needs to judge it.
 *
 * @param tick frame number of the source (10 Hz)
 * @param simTime simulation time of the capture, seconds (use with {@code City.at})
 * @param captureTimeMicros wall-clock capture time, microseconds since the epoch
 * @param truePose exact pose in the city's ENU frame
 * @param trueGeo exact WGS84 position of the carrier's reference point
 * @param measuredPose what the carrier believes (GNSS noise applied), ENU
 * @param gnss the measured pose as a GNSS fix (WGS84, heading in degrees, accuracy)
 * @param camera the camera at the TRUE pose (render with this one)
 * @param speed metres per second
 * @param yawRate radians per second, positive when turning left (counter-clockwise seen from above)
 * @param bandwidthBitsPerSecond uplink bandwidth available now (0 in a dropout)
 */
public record SourceFrame(String sourceId, int sourceIndex, SourceKind kind, long tick, double simTime,
    long captureTimeMicros, VehiclePose truePose, GeoPoint trueGeo, VehiclePose measuredPose, GnssFix gnss,
    PinholeCamera camera, double speed, double yawRate, double bandwidthBitsPerSecond) {}
