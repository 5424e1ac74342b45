package io.latentmap.map.fusion;

import java.util.Arrays;
import java.util.List;

/**
 * What one frame saw of one tile: the static class of each ground cell it observed (dynamic classes already
 * masked out), the landmarks it detected there, and the cone in which it could have detected landmarks.
 *
 * @param cellIndexes row-major cell indexes within the tile
 * @param trainIds the observed static class of each cell (Cityscapes trainId)
 * @param weights confidence of each cell observation, in (0, 1]
 * @param landmarks detections placed in this tile (an array, not a list, so stream runtimes serialize it natively)
 */
public record TileObservation(
    String frameId,
    String sourceId,
    long captureMicros,
    int[] cellIndexes,
    byte[] trainIds,
    float[] weights,
    LandmarkObservation[] landmarks,
    ViewCone view) {

  public TileObservation {
    if (cellIndexes.length != trainIds.length || cellIndexes.length != weights.length) {
      throw new IllegalArgumentException("cellIndexes, trainIds and weights must have equal lengths");
    }
    landmarks = landmarks.clone();
  }

  public TileObservation(String frameId, String sourceId, long captureMicros, int[] cellIndexes, byte[] trainIds,
      float[] weights, List<LandmarkObservation> landmarks, ViewCone view) {
    this(frameId, sourceId, captureMicros, cellIndexes, trainIds, weights,
        landmarks.toArray(new LandmarkObservation[0]), view);
  }

  public List<LandmarkObservation> landmarkList() {
    return Arrays.asList(landmarks);
  }

  public int cellCount() {
    return cellIndexes.length;
  }
}
