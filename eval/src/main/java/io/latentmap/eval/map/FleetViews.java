package io.latentmap.eval.map;

import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.producer.FrameOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every frame the job received, with the camera that took it at its true pose: the referee's record of which places
 * the fleet looked at, when, and in how many separate traversals. Thread-safe for recording.
 */
public final class FleetViews {
  /**
   * Frames of one source further apart than this, in simulation seconds, belong to different traversals: one pass
   * of a vehicle keeps a place in view for one to three seconds, and a lap brings it back tens of seconds later.
   */
  public static final double PASS_GAP_SECONDS = 5.0;

  /** One received frame. */
  public record View(String sourceId, double simTime, PinholeCamera camera) {}

  private final List<View> views = new ArrayList<>();
  private final double maxRange;

  /** @param maxRange metres within which a frame counts as seeing a ground point (the job's cell range) */
  public FleetViews(double maxRange) {
    this.maxRange = maxRange;
  }

  /** Records the frame behind a producer outcome if it was sent. */
  public void record(Fleet fleet, Map<String, FleetSource> sources, FrameOutcome outcome) {
    if (outcome.sent()) {
      FleetSource source = sources.get(outcome.sourceId());
      var frame = fleet.frame(source, outcome.frameNumber());
      add(new View(outcome.sourceId(), frame.simTime(), frame.camera()));
    }
  }

  public synchronized void add(View view) {
    views.add(view);
  }

  public synchronized int size() {
    return views.size();
  }

  /** Whether a frame saw a ground point: within range and inside the image. */
  public boolean sees(View view, double east, double north) {
    PinholeCamera c = view.camera();
    double de = east - c.center().east();
    double dn = north - c.center().north();
    if (de * de + dn * dn > maxRange * maxRange) {
      return false;
    }
    double[] uv = new double[2];
    return c.projectInto(east, north, 0, uv) && uv[0] >= 0 && uv[1] >= 0 && uv[0] < c.intrinsics().width()
        && uv[1] < c.intrinsics().height();
  }

  /** The traversals that saw any of the points, in order of their start. */
  public synchronized List<Pass> passes(List<double[]> points) {
    Map<String, List<Double>> times = new HashMap<>();
    for (View v : views) {
      for (double[] p : points) {
        if (sees(v, p[0], p[1])) {
          times.computeIfAbsent(v.sourceId(), s -> new ArrayList<>()).add(v.simTime());
          break;
        }
      }
    }
    List<Pass> passes = new ArrayList<>();
    times.forEach((source, list) -> passes.addAll(group(source, list)));
    passes.sort(Comparator.comparingDouble(Pass::start));
    return passes;
  }

  /** Splits one source's sighting times into passes. */
  static List<Pass> group(String source, List<Double> times) {
    List<Double> sorted = times.stream().sorted().toList();
    List<Pass> out = new ArrayList<>();
    int first = 0;
    for (int i = 1; i <= sorted.size(); i++) {
      if (i == sorted.size() || sorted.get(i) - sorted.get(i - 1) > PASS_GAP_SECONDS) {
        out.add(new Pass(source, sorted.get(first), sorted.get(i - 1), i - first));
        first = i;
      }
    }
    return out;
  }
}
