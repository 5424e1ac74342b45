package io.latentmap.sim.producer;

import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.GeoPoint;

/**
 * What happened to one frame slot, reported in send order (per source in capture order).
 *
 * @param frameId the CompressedFrame's id (also set for frames not sent: it is what the id would have been)
 * @param sourceId vehicle or roadside unit
 * @param frameNumber the source's frame number (fleet tick, or the Cityscapes frame number on replay)
 * @param captureTimeMicros capture time, microseconds since the epoch
 * @param layersSent layers published; 0 when the frame was not sent
 * @param bytesSent layer bytes published
 * @param truePose the exact pose in the city's ENU frame (null on replay of a folder without simulator truth)
 * @param trueGeo the exact WGS84 position of the carrier's reference point (null where truePose is)
 * @param done frame slots handled so far in this run, this one included
 * @param total frame slots this run will handle
 */
public record FrameOutcome(String frameId, String sourceId, long frameNumber, long captureTimeMicros,
    int layersSent, long bytesSent, VehiclePose truePose, GeoPoint trueGeo, long done, long total) {

  public boolean sent() {
    return layersSent > 0;
  }
}
