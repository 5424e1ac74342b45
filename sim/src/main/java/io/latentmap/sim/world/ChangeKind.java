package io.latentmap.sim.world;

/** The kinds of scheduled world change, each recorded in the ground-truth change log. */
public enum ChangeKind {
  SIGN_ADDED,
  SIGN_REMOVED,
  POLE_REMOVED,
  LANE_CLOSED,
  BUILDING_ADDED,
  VEGETATION_CUT,
  SIDEWALK_WIDENED
}
