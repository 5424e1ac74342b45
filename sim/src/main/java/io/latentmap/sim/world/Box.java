package io.latentmap.sim.world;

/**
 * A renderable oriented box standing on (or floating above) the ground: centre (east, north), vertical extent
 * [z0, z1], half-sizes along its own axis (rotated {@code angle} radians counter-clockwise from east) and across,
 * plus how it looks. Immutable.
 *
 * @param style per-object texture parameter (window pattern, sign shape, ...), any int
 */
public record Box(
    double cx, double cy, double z0, double z1, double halfLength, double halfWidth, double angle,
    Surface surface, int color, int style) {

  public Box {
    if (!(z1 > z0) || !(halfLength > 0) || !(halfWidth > 0)) {
      throw new IllegalArgumentException("degenerate box " + z0 + ".." + z1 + " " + halfLength + "x" + halfWidth);
    }
  }

  /** Radius of the footprint's circumscribed circle. */
  public double footprintRadius() {
    return Math.hypot(halfLength, halfWidth);
  }

  /** Whether a ground point lies inside this box's footprint. */
  public boolean footprintContains(double east, double north) {
    double dx = east - cx;
    double dy = north - cy;
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double along = dx * c + dy * s;
    double across = -dx * s + dy * c;
    return Math.abs(along) <= halfLength && Math.abs(across) <= halfWidth;
  }
}
