package io.latentmap.map.fusion;

import io.latentmap.map.landmark.LandmarkType;

/**
 * A landmark as the map publishes it at one moment (tile-local east/north metres from the tile centre).
 *
 * @param covariance {@code [var_east, var_north, cov_east_north]}, square metres
 */
public record LandmarkSnapshot(
    String id, LandmarkType type, double east, double north, double[] covariance, int observations,
    long lastObservedMicros) {

  static LandmarkSnapshot of(TrackedLandmark l) {
    return new LandmarkSnapshot(l.id(), l.type(), l.east(), l.north(), l.covariance(), l.hits(), l.lastObservedMicros());
  }
}
