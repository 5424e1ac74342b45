package io.latentmap.sim.world;

import java.util.List;

/**
 * One entry of the ground-truth change log: at {@code time} (seconds of simulation time) the world changed around
 * (east, north); {@code objectIds} are the static objects that appeared or disappeared.
 */
public record WorldChange(long id, double time, ChangeKind kind, double east, double north, List<Long> objectIds,
    String description) {

  public WorldChange {
    objectIds = List.copyOf(objectIds);
  }
}
