package io.latentmap.sim.world;

/**
 * The ground material at a point of a street's cross-section: lane markings (centre, lane and edge lines, dashed
 * where they should be), rails of tram tracks, zebra crossings and stop lines before junctions, kerb, grass verge
 * and sidewalk. A pure function of the road, the arc length along it and the lateral offset.
 */
final class StreetMarkings {

  static final double MARKING_HALF_WIDTH = 0.07;

  private StreetMarkings() {}

  static int material(Road road, double s, double lateral) {
    double a = Math.abs(lateral);
    double hc = road.halfCarriageway();
    if (a > hc) {
      if (a <= hc + Road.KERB_WIDTH) {
        return GroundMaterial.KERB;
      }
      return a <= hc + Road.KERB_WIDTH + road.vergeWidth() ? GroundMaterial.TERRAIN : GroundMaterial.SIDEWALK;
    }
    if (road.junctionNear(s, 0) >= 0) {
      return GroundMaterial.ROAD;
    }
    if (road.hasTram() && Math.abs(Math.abs(a - Road.TRAM_TRACK_OFFSET) - Road.HALF_GAUGE) < 0.04) {
      return GroundMaterial.RAIL;
    }
    double d = road.distanceToNearestJunction(s);
    int j = road.junctionNear(s, 6);
    if (j >= 0) {
      double beyond = Math.abs(d) - road.junctionClearance(j);
      if (beyond >= 1.0 && beyond <= 4.0) {
        return Math.floorMod((int) Math.floor(lateral / 0.5), 2) == 0 ? GroundMaterial.CROSSWALK : GroundMaterial.ROAD;
      }
      if (beyond > 4.4 && beyond < 4.8 && lateral * d > 0 && a < road.halfDriving()) {
        return GroundMaterial.MARKING;
      }
    }
    double hd = road.halfDriving();
    if (road.lanesPerDirection() == 1) {
      if (a < MARKING_HALF_WIDTH && Math.floorMod((long) Math.floor(s), 9L) < 4) {
        return GroundMaterial.MARKING;
      }
    } else {
      if (a > 0.08 && a < 0.08 + 2 * MARKING_HALF_WIDTH) {
        return GroundMaterial.MARKING;
      }
      if (Math.abs(a - Road.LANE_WIDTH) < MARKING_HALF_WIDTH && Math.floorMod((long) Math.floor(s), 12L) < 4) {
        return GroundMaterial.MARKING;
      }
    }
    if (road.hasParking()) {
      if (Math.abs(a - hd) < MARKING_HALF_WIDTH && Math.floorMod((long) Math.floor(s * 2), 4L) < 2) {
        return GroundMaterial.MARKING;
      }
    } else if (a > hd - 0.4 && a < hd - 0.4 + 2 * MARKING_HALF_WIDTH) {
      return GroundMaterial.MARKING;
    }
    return GroundMaterial.ROAD;
  }
}
