package io.latentmap.sim.world;

/** A renderable upright ellipsoid (tree crowns, bushes): centre, horizontal and vertical radii. */
public record Blob(double cx, double cy, double cz, double radius, double halfHeight, Surface surface, int color, int style) {

  public Blob {
    if (!(radius > 0) || !(halfHeight > 0)) {
      throw new IllegalArgumentException("degenerate blob " + radius + "x" + halfHeight);
    }
  }
}
