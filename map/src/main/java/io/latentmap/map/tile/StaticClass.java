package io.latentmap.map.tile;

import io.latentmap.map.labels.CityscapesLabels;

/**
 * The static map layers: the Cityscapes classes that belong in an HD map's surface raster. Dynamic classes (car,
 * person, ...) never enter the static map.
 */
public enum StaticClass {
  ROAD(CityscapesLabels.ROAD),
  SIDEWALK(CityscapesLabels.SIDEWALK),
  BUILDING(CityscapesLabels.BUILDING),
  WALL(CityscapesLabels.WALL),
  FENCE(CityscapesLabels.FENCE),
  VEGETATION(CityscapesLabels.VEGETATION),
  TERRAIN(CityscapesLabels.TERRAIN);

  private final int labelId;

  StaticClass(int labelId) {
    this.labelId = labelId;
  }

  public int labelId() {
    return labelId;
  }

  /** The Cityscapes trainId, which is also the value stored in a tile raster cell. */
  public int trainId() {
    return CityscapesLabels.trainIdOf(labelId);
  }

  /** The static class of a Cityscapes labelId, or null if that label is not a static map layer. */
  public static StaticClass ofLabelId(int labelId) {
    for (StaticClass c : values()) {
      if (c.labelId == labelId) {
        return c;
      }
    }
    return null;
  }
}
