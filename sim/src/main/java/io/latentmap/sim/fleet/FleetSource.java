package io.latentmap.sim.fleet;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.sim.world.Polyline;

/**
 * One camera source of the fleet: a vehicle driving a route (speed varying smoothly within its range) or a fixed
 * roadside camera. Poses are pure functions of time.
 */
public final class FleetSource {

  /** Period of the smooth speed variation of a vehicle, seconds. */
  private static final double SPEED_PERIOD = 45.0;

  private final String id;
  private final int index;
  private final SourceKind kind;
  private final CameraIntrinsics intrinsics;
  private final CameraMount mount;
  private final Polyline route;
  private final double startArc;
  private final double meanSpeed;
  private final double speedSwing;
  private final double speedPhase;
  private final VehiclePose fixedPose;
  private final double phaseSeconds;
  private final GnssNoise noise;
  private final LinkModel link;

  private FleetSource(String id, int index, SourceKind kind, CameraIntrinsics intrinsics, CameraMount mount,
      Polyline route, double startArc, double meanSpeed, double speedSwing, double speedPhase, VehiclePose fixedPose,
      double phaseSeconds, GnssNoise noise, LinkModel link) {
    this.id = id;
    this.index = index;
    this.kind = kind;
    this.intrinsics = intrinsics;
    this.mount = mount;
    this.route = route;
    this.startArc = startArc;
    this.meanSpeed = meanSpeed;
    this.speedSwing = speedSwing;
    this.speedPhase = speedPhase;
    this.fixedPose = fixedPose;
    this.phaseSeconds = phaseSeconds;
    this.noise = noise;
    this.link = link;
  }

  static FleetSource vehicle(String id, int index, CameraIntrinsics intrinsics, CameraMount mount, Polyline route,
      double startArc, double meanSpeed, double speedSwing, double speedPhase, double phaseSeconds, GnssNoise noise,
      LinkModel link) {
    return new FleetSource(id, index, SourceKind.VEHICLE, intrinsics, mount, route, startArc, meanSpeed, speedSwing,
        speedPhase, null, phaseSeconds, noise, link);
  }

  static FleetSource fixed(String id, int index, CameraIntrinsics intrinsics, CameraMount mount, VehiclePose pose,
      double phaseSeconds, GnssNoise noise, LinkModel link) {
    return new FleetSource(id, index, SourceKind.INFRASTRUCTURE, intrinsics, mount, null, 0, 0, 0, 0, pose,
        phaseSeconds, noise, link);
  }

  /** Stable id, e.g. "veh-003" or "rsu-001". */
  public String id() {
    return id;
  }

  /** Position of this source in {@link Fleet#sources()}; also its Cityscapes sequence number on export. */
  public int index() {
    return index;
  }

  public SourceKind kind() {
    return kind;
  }

  public CameraIntrinsics intrinsics() {
    return intrinsics;
  }

  public CameraMount mount() {
    return mount;
  }

  public GnssNoise noise() {
    return noise;
  }

  public LinkModel link() {
    return link;
  }

  /** Offset of this source's frame clock within a tick, seconds (sources are not synchronised). */
  public double phaseSeconds() {
    return phaseSeconds;
  }

  /** True pose at simulation time t. */
  public VehiclePose poseAt(double t) {
    if (route == null) {
      return fixedPose;
    }
    double s = arcAt(t);
    double[] p = new double[2];
    route.pointAt(s, 0, p);
    return new VehiclePose(p[0], p[1], route.headingAt(s));
  }

  /** Speed at time t, m/s. */
  public double speedAt(double t) {
    return route == null ? 0 : meanSpeed + speedSwing * Math.sin(2 * Math.PI * t / SPEED_PERIOD + speedPhase);
  }

  private double arcAt(double t) {
    double omega = 2 * Math.PI / SPEED_PERIOD;
    double travelled = meanSpeed * t - speedSwing / omega * (Math.cos(omega * t + speedPhase) - Math.cos(speedPhase));
    double s = (startArc + travelled) % route.length();
    return s < 0 ? s + route.length() : s;
  }
}
