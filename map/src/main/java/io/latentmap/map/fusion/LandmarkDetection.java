package io.latentmap.map.fusion;

import io.latentmap.map.landmark.LandmarkType;

/** A detected landmark in the image: where its base meets the ground (image pixels) and how sure the detector is. */
public record LandmarkDetection(LandmarkType type, double footU, double footV, double score) {}
