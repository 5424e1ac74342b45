package io.latentmap.sim.world;

import io.latentmap.map.labels.CityscapesLabels;

/**
 * What the flat ground is made of, one byte per ground-raster cell. Several materials share a Cityscapes class
 * (a lane marking is road, a kerb is sidewalk, a tree pit is terrain), exactly as Cityscapes annotates them.
 */
public final class GroundMaterial {

  public static final byte TERRAIN = 0;
  public static final byte ROAD = 1;
  public static final byte MARKING = 2;
  public static final byte RAIL = 3;
  public static final byte KERB = 4;
  public static final byte SIDEWALK = 5;
  public static final byte TREE_PIT = 6;
  public static final byte CROSSWALK = 7;
  public static final int COUNT = 8;

  private static final byte[] LABEL = new byte[COUNT];

  static {
    LABEL[TERRAIN] = CityscapesLabels.TERRAIN;
    LABEL[ROAD] = CityscapesLabels.ROAD;
    LABEL[MARKING] = CityscapesLabels.ROAD;
    LABEL[RAIL] = CityscapesLabels.ROAD;
    LABEL[KERB] = CityscapesLabels.SIDEWALK;
    LABEL[SIDEWALK] = CityscapesLabels.SIDEWALK;
    LABEL[TREE_PIT] = CityscapesLabels.TERRAIN;
    LABEL[CROSSWALK] = CityscapesLabels.ROAD;
  }

  private GroundMaterial() {}

  /** Cityscapes labelId of a material. */
  public static int labelOf(int material) {
    return LABEL[material];
  }

  /** Paint priority: a higher one overwrites a lower one where road elements overlap (junctions). */
  public static int priority(int material) {
    switch (material) {
      case MARKING, CROSSWALK, RAIL:
        return 5;
      case ROAD:
        return 4;
      case KERB:
        return 3;
      case SIDEWALK:
        return 2;
      case TREE_PIT:
        return 1;
      default:
        return 0;
    }
  }
}
