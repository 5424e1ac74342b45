package io.latentmap.sim.export;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;

/**
 * One frame read from a Cityscapes-layout folder (real or synthetic). Optional parts are null when their file is
 * absent (e.g. the test split has no labels).
 *
 * @param rgb pixels 0xRRGGBB, row-major
 * @param labelIds Cityscapes labelIds per pixel, or null
 * @param instanceIds Cityscapes instanceIds per pixel, or null
 * @param intrinsics from the camera JSON, at this image's resolution, or null
 * @param mount from the camera JSON's extrinsics, or null
 * @param vehicle from the vehicle JSON, or null
 */
public record CityscapesFrame(String split, String city, int sequence, int frame, int width, int height, int[] rgb,
    byte[] labelIds, int[] instanceIds, CameraIntrinsics intrinsics, CameraMount mount, Vehicle vehicle) {

  /** The vehicle JSON: GNSS position and heading (degrees), speed (m/s), outside temperature (Celsius). */
  public record Vehicle(double gpsLatitude, double gpsLongitude, double gpsHeading, double speed,
      double outsideTemperature) {}
}
