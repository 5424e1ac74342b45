package io.latentmap.map.fusion;

/**
 * How far and how carefully a frame's perception is placed on the ground.
 *
 * @param maxCellRange ground cells farther than this from the camera get no evidence: a coarse segmentation cell
 *     there covers many map cells, and the flat-ground assumption errs with distance (metres)
 * @param maxLandmarkRange detections whose foot is farther than this are dropped, and landmarks farther than this
 *     are not expected to be seen (metres)
 * @param minCellConfidence segmentation cells less sure than this (0..1) give no evidence
 * @param minDetectionScore detections below this score are ignored
 * @param footPixelSigma one-sigma error of a detected foot point in image pixels
 */
public record GeoreferencePolicy(
    double maxCellRange,
    double maxLandmarkRange,
    double minCellConfidence,
    double minDetectionScore,
    double footPixelSigma) implements java.io.Serializable {

  public static final GeoreferencePolicy DEFAULTS = new GeoreferencePolicy(25, 25, 0.4, 0.3, 4.0);
}
