package io.latentmap.operators.infer;

import io.latentmap.schemas.CameraModel;
import io.latentmap.schemas.Pose;
import java.util.Arrays;
import java.util.List;

/**
 * What the task heads saw in one frame, run on its decoded latent: a coarse segmentation (one class per
 * {@code segStride} x {@code segStride} image pixels) and detections, with the capture metadata georeferencing needs.
 *
 * @param segClasses row-major Cityscapes trainIds, {@code segHeight x segWidth}
 * @param segConfidence row-major softmax probability of the chosen class, 0..255
 * @param wireBytes bytes of the layer messages the frame arrived with (its rate on the link)
 * @param detections an array, not a list, so Flink serializes it without Kryo
 */
public record Perception(
    String frameId,
    String sourceId,
    long captureMicros,
    Pose pose,
    CameraModel camera,
    int layerCount,
    int wireBytes,
    int segHeight,
    int segWidth,
    byte[] segClasses,
    byte[] segConfidence,
    Detection[] detections) {

  public List<Detection> detectionList() {
    return Arrays.asList(detections);
  }

  /** Image pixels per segmentation cell. */
  public double segStride() {
    return (double) camera.getImageWidth() / segWidth;
  }
}
