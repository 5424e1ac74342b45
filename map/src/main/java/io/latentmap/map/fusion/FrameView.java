package io.latentmap.map.fusion;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.map.geo.GeoPoint;

/**
 * Where a frame was taken from and with what camera, as the map needs it to place what the frame saw.
 *
 * @param position WGS84 position of the carrier's reference point
 * @param heading radians clockwise from north
 * @param horizontalAccuracy one-sigma error of {@code position}, metres
 */
public record FrameView(
    String frameId,
    String sourceId,
    long captureMicros,
    GeoPoint position,
    double heading,
    double horizontalAccuracy,
    CameraIntrinsics intrinsics,
    CameraMount mount) {}
