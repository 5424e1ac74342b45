package io.latentmap.sim.world;

/** Where two roads cross: position and the junction's index along each road. */
public record Junction(int id, double east, double north, int roadA, int indexOnA, int roadB, int indexOnB) {

  /** The index along {@code road} of this junction, or -1 if the road does not pass here. */
  public int indexOn(int road) {
    if (road == roadA) {
      return indexOnA;
    }
    return road == roadB ? indexOnB : -1;
  }

  public int otherRoad(int road) {
    return road == roadA ? roadB : roadA;
  }
}
