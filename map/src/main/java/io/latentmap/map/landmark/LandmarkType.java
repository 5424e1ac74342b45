package io.latentmap.map.landmark;

import io.latentmap.map.labels.CityscapesLabels;

/** Point landmarks kept in the map, each a Cityscapes class. */
public enum LandmarkType {
  POLE(CityscapesLabels.POLE),
  TRAFFIC_SIGN(CityscapesLabels.TRAFFIC_SIGN),
  TRAFFIC_LIGHT(CityscapesLabels.TRAFFIC_LIGHT);

  private final int labelId;

  LandmarkType(int labelId) {
    this.labelId = labelId;
  }

  public int labelId() {
    return labelId;
  }

  public static LandmarkType ofLabelId(int labelId) {
    for (LandmarkType t : values()) {
      if (t.labelId == labelId) {
        return t;
      }
    }
    return null;
  }
}
