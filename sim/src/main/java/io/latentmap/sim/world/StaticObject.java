package io.latentmap.sim.world;

import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import java.util.List;

/**
 * A fixed thing in the city (building, wall, fence, tree, hedge, pole, sign, traffic light) with the time span in
 * which it exists; world changes are expressed through these spans. Boxes that touch the ground also give the
 * object's footprint in the ground-truth map when its class is a static map layer.
 */
public final class StaticObject {

  /** Boxes whose bottom is at most this high stand on the ground and mark the map cells below them. */
  static final double FOOTPRINT_MAX_BASE = 0.5;

  private final long id;
  private final int labelId;
  private final List<Box> boxes;
  private final List<Blob> blobs;
  private final double validFrom;
  private final double validUntil;
  private final LandmarkType landmarkType;
  private final double landmarkEast;
  private final double landmarkNorth;
  private final double landmarkHeight;
  private final double cx;
  private final double cy;
  private final double radius;

  public StaticObject(long id, int labelId, List<Box> boxes, List<Blob> blobs, double validFrom, double validUntil,
      LandmarkType landmarkType, double landmarkEast, double landmarkNorth, double landmarkHeight) {
    if (boxes.isEmpty() && blobs.isEmpty()) {
      throw new IllegalArgumentException("object " + id + " has no geometry");
    }
    this.id = id;
    this.labelId = labelId;
    this.boxes = List.copyOf(boxes);
    this.blobs = List.copyOf(blobs);
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.landmarkType = landmarkType;
    this.landmarkEast = landmarkEast;
    this.landmarkNorth = landmarkNorth;
    this.landmarkHeight = landmarkHeight;
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (Box b : boxes) {
      sx += b.cx();
      sy += b.cy();
      n++;
    }
    for (Blob b : blobs) {
      sx += b.cx();
      sy += b.cy();
      n++;
    }
    this.cx = sx / n;
    this.cy = sy / n;
    double r = 0;
    for (Box b : boxes) {
      r = Math.max(r, Math.hypot(b.cx() - cx, b.cy() - cy) + b.footprintRadius());
    }
    for (Blob b : blobs) {
      r = Math.max(r, Math.hypot(b.cx() - cx, b.cy() - cy) + b.radius());
    }
    this.radius = r;
  }

  public static StaticObject permanent(long id, int labelId, List<Box> boxes, List<Blob> blobs) {
    return new StaticObject(id, labelId, boxes, blobs, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null, 0, 0, 0);
  }

  public StaticObject withValidity(double from, double until) {
    return new StaticObject(id, labelId, boxes, blobs, from, until, landmarkType, landmarkEast, landmarkNorth,
        landmarkHeight);
  }

  public StaticObject asLandmark(LandmarkType type, double east, double north, double height) {
    return new StaticObject(id, labelId, boxes, blobs, validFrom, validUntil, type, east, north, height);
  }

  public boolean existsAt(double t) {
    return t >= validFrom && t < validUntil;
  }

  public long id() {
    return id;
  }

  public int labelId() {
    return labelId;
  }

  public List<Box> boxes() {
    return boxes;
  }

  public List<Blob> blobs() {
    return blobs;
  }

  public double validFrom() {
    return validFrom;
  }

  public double validUntil() {
    return validUntil;
  }

  /** The landmark type, or null when this object is not a map landmark. */
  public LandmarkType landmarkType() {
    return landmarkType;
  }

  public double landmarkEast() {
    return landmarkEast;
  }

  public double landmarkNorth() {
    return landmarkNorth;
  }

  public double landmarkHeight() {
    return landmarkHeight;
  }

  public double centerEast() {
    return cx;
  }

  public double centerNorth() {
    return cy;
  }

  public double radius() {
    return radius;
  }

  /** The static map class this object paints into the ground-truth map, or null (poles, signs, lights). */
  public StaticClass mapClass() {
    return StaticClass.ofLabelId(labelId);
  }

  /** Whether the object covers the ground point in the ground-truth map. */
  public boolean footprintContains(double east, double north) {
    for (Box b : boxes) {
      if (b.z0() <= FOOTPRINT_MAX_BASE && b.footprintContains(east, north)) {
        return true;
      }
    }
    return false;
  }

  public void emit(SceneSink sink) {
    sink.object(labelId, id, landmarkType == null ? -1 : id);
    for (Box b : boxes) {
      sink.box(b);
    }
    for (Blob b : blobs) {
      sink.blob(b);
    }
  }
}
