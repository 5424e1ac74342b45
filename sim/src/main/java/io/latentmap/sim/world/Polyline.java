package io.latentmap.sim.world;

import java.util.List;

/**
 * A 2D polyline in ENU metres with arc-length parametrisation. Directions are math angles (east = 0,
 * counter-clockwise); {@link #headingAt} converts to a compass heading.
 */
public final class Polyline {

  private final double[] xs;
  private final double[] ys;
  private final double[] cum;

  public Polyline(double[] xs, double[] ys) {
    if (xs.length != ys.length || xs.length < 2) {
      throw new IllegalArgumentException("a polyline needs at least two points");
    }
    this.xs = xs.clone();
    this.ys = ys.clone();
    this.cum = new double[xs.length];
    for (int i = 1; i < xs.length; i++) {
      cum[i] = cum[i - 1] + Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
    }
  }

  public static Polyline of(List<double[]> points) {
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    return new Polyline(x, y);
  }

  public int size() {
    return xs.length;
  }

  public double x(int i) {
    return xs[i];
  }

  public double y(int i) {
    return ys[i];
  }

  public double arcAt(int i) {
    return cum[i];
  }

  public double length() {
    return cum[cum.length - 1];
  }

  /** Index of the segment containing arc length s (clamped). */
  public int segmentAt(double s) {
    if (s <= 0) {
      return 0;
    }
    if (s >= length()) {
      return xs.length - 2;
    }
    int lo = 0;
    int hi = xs.length - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] <= s) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Position at arc length s, shifted {@code lateral} metres to the left of the direction of travel. */
  public void pointAt(double s, double lateral, double[] out) {
    int i = segmentAt(s);
    double segLen = cum[i + 1] - cum[i];
    double f = segLen > 0 ? Math.max(0, Math.min(1, (s - cum[i]) / segLen)) : 0;
    double dx = (xs[i + 1] - xs[i]) / (segLen > 0 ? segLen : 1);
    double dy = (ys[i + 1] - ys[i]) / (segLen > 0 ? segLen : 1);
    out[0] = xs[i] + f * (xs[i + 1] - xs[i]) - dy * lateral;
    out[1] = ys[i] + f * (ys[i + 1] - ys[i]) + dx * lateral;
  }

  /** Direction of travel at arc length s (math angle, radians). */
  public double directionAt(double s) {
    int i = segmentAt(s);
    return Math.atan2(ys[i + 1] - ys[i], xs[i + 1] - xs[i]);
  }

  /** Compass heading at arc length s (0 = north, clockwise). */
  public double headingAt(double s) {
    return Math.PI / 2 - directionAt(s);
  }

  /** Arc length of the point on this polyline closest to (x, y). */
  public double project(double x, double y) {
    double best = Double.POSITIVE_INFINITY;
    double bestArc = 0;
    for (int i = 0; i + 1 < xs.length; i++) {
      double dx = xs[i + 1] - xs[i];
      double dy = ys[i + 1] - ys[i];
      double len2 = dx * dx + dy * dy;
      double f = len2 > 0 ? Math.max(0, Math.min(1, ((x - xs[i]) * dx + (y - ys[i]) * dy) / len2)) : 0;
      double px = xs[i] + f * dx - x;
      double py = ys[i] + f * dy - y;
      double d2 = px * px + py * py;
      if (d2 < best) {
        best = d2;
        bestArc = cum[i] + f * Math.sqrt(len2);
      }
    }
    return bestArc;
  }
}
