package io.latentmap.sim.world;

import io.latentmap.map.labels.CityscapesLabels;

/**
 * A dynamic thing: a vehicle, tram, pedestrian or cyclist, moving along a path at constant speed or parked.
 * Its pose is a pure function of time, so any moment can be rendered in any order. Instances are immutable.
 */
public final class Actor {

  /** What the actor is; each kind has its own geometry and Cityscapes classes. */
  public enum Kind { CAR, VAN, TRUCK, BUS, TRAM, PEDESTRIAN, CYCLIST, MOTORCYCLIST, PARKED_BICYCLE, PARKED_MOTORCYCLE }

  private final long id;
  private final Kind kind;
  private final Polyline path;
  private final double speed;
  private final double startArc;
  private final double lateral;
  private final boolean pingPong;
  private final double parkedEast;
  private final double parkedNorth;
  private final double parkedDirection;
  private final double validFrom;
  private final double validUntil;
  private final int[] colors;
  private final double size;

  private Actor(long id, Kind kind, Polyline path, double speed, double startArc, double lateral, boolean pingPong,
      double parkedEast, double parkedNorth, double parkedDirection, double validFrom, double validUntil,
      int[] colors, double size) {
    this.id = id;
    this.kind = kind;
    this.path = path;
    this.speed = speed;
    this.startArc = startArc;
    this.lateral = lateral;
    this.pingPong = pingPong;
    this.parkedEast = parkedEast;
    this.parkedNorth = parkedNorth;
    this.parkedDirection = parkedDirection;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.colors = colors.clone();
    this.size = size;
  }

  /**
   * A moving actor.
   *
   * @param lateral offset to the left of the path, metres
   * @param pingPong walk the path back and forth instead of wrapping around from its end to its start
   * @param colors main, secondary and tertiary colour (body, clothing, ...)
   * @param size kind-specific size factor around 1
   */
  public static Actor moving(long id, Kind kind, Polyline path, double speed, double startArc, double lateral,
      boolean pingPong, int[] colors, double size) {
    return new Actor(id, kind, path, speed, startArc, lateral, pingPong, 0, 0, 0, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, colors, size);
  }

  /** A parked actor: it exists for all time unless a world change removes it ({@link #withValidity}). */
  public static Actor parked(long id, Kind kind, double east, double north, double direction, int[] colors,
      double size) {
    return new Actor(id, kind, null, 0, 0, 0, false, east, north, direction, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, colors, size);
  }

  public Actor withValidity(double from, double until) {
    return new Actor(id, kind, path, speed, startArc, lateral, pingPong, parkedEast, parkedNorth, parkedDirection,
        from, until, colors, size);
  }

  public long id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isParked() {
    return path == null;
  }

  public double speed() {
    return speed;
  }

  /** Whether this actor moves along {@code path} at lateral offset {@code lateral} (either direction). */
  public boolean drivesLane(Polyline path, double lateral) {
    return this.path == path && Math.abs(Math.abs(this.lateral) - Math.abs(lateral)) < 1e-9;
  }

  public double validUntil() {
    return validUntil;
  }

  public boolean existsAt(double t) {
    return t >= validFrom && t < validUntil;
  }

  /** Largest distance of any part from the actor's reference point. */
  public double radius() {
    return switch (kind) {
      case TRAM -> 17;
      case BUS -> 7;
      case TRUCK -> 5.5;
      case CAR, VAN -> 3;
      default -> 1.2;
    };
  }

  /** Half length and half width of the actor's footprint, metres. */
  private double[] halfExtent() {
    return switch (kind) {
      case TRAM -> new double[] {15, 1.2};
      case BUS -> new double[] {6, 1.3};
      case TRUCK -> new double[] {4 * size, 1.25};
      case CAR -> new double[] {2.15 * size, 0.9};
      case VAN -> new double[] {2.45 * size, 1.0};
      case MOTORCYCLIST, CYCLIST, PARKED_BICYCLE, PARKED_MOTORCYCLE -> new double[] {1.0, 0.4};
      default -> new double[] {0.3, 0.3};
    };
  }

  /**
   * Whether a ground point lies within {@code margin} metres of the actor's footprint when it is at
   * {@code pose} (east, north, direction).
   */
  public boolean footprintNear(double[] pose, double east, double north, double margin) {
    double dx = east - pose[0];
    double dy = north - pose[1];
    double c = Math.cos(pose[2]);
    double s = Math.sin(pose[2]);
    double[] half = halfExtent();
    return Math.abs(dx * c + dy * s) <= half[0] + margin && Math.abs(-dx * s + dy * c) <= half[1] + margin;
  }

  /** Writes (east, north, direction) at time t. */
  public void poseAt(double t, double[] out) {
    if (path == null) {
      out[0] = parkedEast;
      out[1] = parkedNorth;
      out[2] = parkedDirection;
      return;
    }
    double len = path.length();
    double travelled = startArc + speed * t;
    double s;
    boolean backwards = false;
    if (pingPong) {
      double cycle = travelled % (2 * len);
      if (cycle < 0) {
        cycle += 2 * len;
      }
      backwards = cycle > len;
      s = backwards ? 2 * len - cycle : cycle;
    } else {
      s = travelled % len;
      if (s < 0) {
        s += len;
      }
    }
    path.pointAt(s, backwards ? -lateral : lateral, out);
    out[2] = path.directionAt(s) + (backwards ? Math.PI : 0);
  }

  /** Emits the actor's parts at time t (nothing when it does not exist then). */
  public void emit(double t, SceneSink sink) {
    if (!existsAt(t)) {
      return;
    }
    double[] pose = new double[3];
    poseAt(t, pose);
    Parts p = new Parts(sink, pose[0], pose[1], pose[2]);
    double gait = speed * t;
    switch (kind) {
      case CAR -> car(p, false);
      case VAN -> car(p, true);
      case TRUCK -> truck(p);
      case BUS -> bus(p);
      case TRAM -> tram(p);
      case PEDESTRIAN -> {
        sink.object(CityscapesLabels.PERSON, id, -1);
        person(p, 0, 0, size, gait, false);
      }
      case CYCLIST -> {
        sink.object(CityscapesLabels.BICYCLE, id, -1);
        bicycle(p);
        sink.object(CityscapesLabels.RIDER, id + 1, -1);
        person(p, -0.15, 0.35, size, 0, true);
      }
      case MOTORCYCLIST -> {
        sink.object(CityscapesLabels.MOTORCYCLE, id, -1);
        motorcycle(p);
        sink.object(CityscapesLabels.RIDER, id + 1, -1);
        person(p, -0.2, 0.45, size, 0, true);
      }
      case PARKED_BICYCLE -> {
        sink.object(CityscapesLabels.BICYCLE, id, -1);
        bicycle(p);
      }
      case PARKED_MOTORCYCLE -> {
        sink.object(CityscapesLabels.MOTORCYCLE, id, -1);
        motorcycle(p);
      }
      default -> throw new IllegalStateException("unknown kind " + kind);
    }
  }

  private void car(Parts p, boolean van) {
    p.sink.object(CityscapesLabels.CAR, id, -1);
    double length = (van ? 4.9 : 4.3) * size;
    double width = van ? 1.95 : 1.8;
    double bodyTop = van ? 1.1 : 0.95;
    double cabinTop = van ? 2.0 : 1.45 * Math.min(1.1, size);
    int paint = colors[0];
    p.box(0, 0, 0.28, bodyTop, length / 2, width / 2, Surface.PAINT, paint, 0);
    double cabinHalf = van ? length * 0.36 : length * 0.26;
    double cabinOffset = van ? -length * 0.1 : -length * 0.06;
    p.box(cabinOffset, 0, bodyTop, cabinTop, cabinHalf, width / 2 - 0.07, Surface.GLASS, paint, 0);
    wheels(p, length / 2 - 0.75, width / 2 - 0.12, 0.32, 0.11);
  }

  private void truck(Parts p) {
    p.sink.object(CityscapesLabels.TRUCK, id, -1);
    double length = 8.0 * size;
    p.box(length / 2 - 1.1, 0, 0.5, 3.0, 1.1, 1.2, Surface.PAINT, colors[0], 0);
    p.box(length / 2 - 1.1 + 0.9, 0, 1.6, 2.6, 0.22, 1.12, Surface.GLASS, colors[0], 0);
    p.box(-1.1, 0, 0.9, 3.7, length / 2 - 1.2, 1.25, Surface.PAINT, colors[1], 1);
    wheels(p, length / 2 - 1.2, 1.05, 0.5, 0.18);
    wheels(p, -length / 2 + 1.5, 1.05, 0.5, 0.18);
  }

  private void bus(Parts p) {
    p.sink.object(CityscapesLabels.BUS, id, -1);
    double length = 12.0 * size;
    p.box(0, 0, 0.35, 3.1, length / 2, 1.27, Surface.WINDOWED_BODY, colors[0], (int) id);
    wheels(p, length / 2 - 2.6, 1.12, 0.5, 0.16);
    wheels(p, -length / 2 + 3.0, 1.12, 0.5, 0.16);
  }

  private void tram(Parts p) {
    p.sink.object(CityscapesLabels.TRAIN, id, -1);
    double segment = 9.6;
    for (int i = -1; i <= 1; i++) {
      p.box(i * (segment + 0.5), 0, 0.45, 3.4, segment / 2, 1.2, Surface.WINDOWED_BODY, colors[0], (int) id + i);
      p.box(i * (segment + 0.5), 0, 0.1, 0.45, segment / 2 - 1.0, 1.0, Surface.RUBBER, 0x202020, 0);
    }
    p.box(0, 0, 3.4, 4.1, 1.2, 0.4, Surface.PLAIN, 0x303030, 0);
    p.box(0, 0, 4.1, 4.2, 0.8, 0.8, Surface.PLAIN, 0x505050, 0);
  }

  private void bicycle(Parts p) {
    int frame = colors[2];
    p.box(0.52, 0, 0.0, 0.68, 0.34, 0.025, Surface.RUBBER, 0x151515, 0);
    p.box(-0.52, 0, 0.0, 0.68, 0.34, 0.025, Surface.RUBBER, 0x151515, 0);
    p.box(0, 0, 0.42, 0.62, 0.45, 0.025, Surface.PAINT, frame, 0);
    p.box(0.42, 0, 0.62, 1.0, 0.03, 0.03, Surface.PAINT, frame, 0);
    p.box(0.42, 0, 0.98, 1.04, 0.04, 0.28, Surface.PLAIN, 0x202020, 0);
    p.box(-0.2, 0, 0.85, 0.92, 0.12, 0.07, Surface.PLAIN, 0x202020, 0);
  }

  private void motorcycle(Parts p) {
    p.box(0.72, 0, 0.0, 0.64, 0.32, 0.07, Surface.RUBBER, 0x121212, 0);
    p.box(-0.72, 0, 0.0, 0.64, 0.32, 0.07, Surface.RUBBER, 0x121212, 0);
    p.box(0.05, 0, 0.35, 0.85, 0.62, 0.2, Surface.PAINT, colors[2], 0);
    p.box(0.55, 0, 0.85, 1.15, 0.08, 0.36, Surface.PLAIN, 0x202020, 0);
  }

  /** A person; seated persons (riders) sit higher, lean forward and hold handlebars. */
  private void person(Parts p, double x, double base, double height, double gait, boolean seated) {
    double h = 1.75 * height;
    double hip = base + (seated ? 0.55 : 0.48 * h);
    double shoulder = seated ? hip + 0.55 * h / 1.75 : 0.82 * h;
    double swing = seated ? 0 : 0.18 * Math.sin(gait * 2.2);
    int top = colors[0];
    int legs = colors[1];
    if (seated) {
      p.box(x + 0.2, 0.12, base + 0.15, hip, 0.09, 0.07, Surface.CLOTH, legs, 0);
      p.box(x + 0.2, -0.12, base + 0.15, hip, 0.09, 0.07, Surface.CLOTH, legs, 0);
    } else {
      p.box(x + swing, 0.1, base, hip, 0.09, 0.075, Surface.CLOTH, legs, 0);
      p.box(x - swing, -0.1, base, hip, 0.09, 0.075, Surface.CLOTH, legs, 0);
    }
    double lean = seated ? 0.12 : 0;
    p.box(x + lean, 0, hip, shoulder, 0.13, 0.21, Surface.CLOTH, top, 0);
    double armReach = seated ? 0.3 : -swing * 0.6;
    p.box(x + lean + armReach, 0.27, shoulder - 0.45 * (h / 1.75), shoulder - 0.02, 0.06, 0.05, Surface.CLOTH, top, 0);
    p.box(x + lean - (seated ? -0.3 : armReach), -0.27, shoulder - 0.45 * (h / 1.75), shoulder - 0.02, 0.06, 0.05,
        Surface.CLOTH, top, 0);
    p.box(x + lean, 0, shoulder + 0.02, shoulder + 0.25, 0.1, 0.085, Surface.SKIN, colors[3], 0);
  }

  private static void wheels(Parts p, double x, double y, double radius, double halfWidth) {
    p.box(x, y, 0, 2 * radius, radius, halfWidth, Surface.RUBBER, 0x141414, 0);
    p.box(x, -y, 0, 2 * radius, radius, halfWidth, Surface.RUBBER, 0x141414, 0);
    p.box(-x, y, 0, 2 * radius, radius, halfWidth, Surface.RUBBER, 0x141414, 0);
    p.box(-x, -y, 0, 2 * radius, radius, halfWidth, Surface.RUBBER, 0x141414, 0);
  }

  /** Places boxes given in the actor's frame (x forward, y left) into the world. */
  private static final class Parts {
    final SceneSink sink;
    final double east;
    final double north;
    final double direction;
    final double cos;
    final double sin;

    Parts(SceneSink sink, double east, double north, double direction) {
      this.sink = sink;
      this.east = east;
      this.north = north;
      this.direction = direction;
      this.cos = Math.cos(direction);
      this.sin = Math.sin(direction);
    }

    void box(double x, double y, double z0, double z1, double halfLength, double halfWidth, Surface surface,
        int color, int style) {
      sink.box(new Box(east + x * cos - y * sin, north + x * sin + y * cos, z0, z1, halfLength, halfWidth, direction,
          surface, color, style));
    }
  }
}
