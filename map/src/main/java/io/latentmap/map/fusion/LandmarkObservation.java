package io.latentmap.map.fusion;

import io.latentmap.map.landmark.LandmarkType;

/**
 * One detection of a landmark in one frame, placed on the ground in the tile's local east/north frame (metres from
 * the tile centre), with the uncertainty of that placement.
 *
 * @param covariance {@code [var_east, var_north, cov_east_north]} in square metres
 */
public record LandmarkObservation(LandmarkType type, double east, double north, double[] covariance) {
  public LandmarkObservation {
    if (covariance.length != 3 || !(covariance[0] > 0) || !(covariance[1] > 0)
        || covariance[2] * covariance[2] >= covariance[0] * covariance[1]) {
      throw new IllegalArgumentException("covariance must be positive definite [var_e, var_n, cov_en]");
    }
    covariance = covariance.clone();
  }
}
