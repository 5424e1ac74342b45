package io.latentmap.sim.world;

import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.map.tile.TileScheme;
import java.util.ArrayList;
import java.util.List;

/**
 * The city at one moment: which static objects exist, where every actor is, which ground version applies. This is
 * the referee: {@link #groundTruthTile} and {@link #landmarks} give the exact map at this time.
 */
public final class WorldState {

  /** Static map classes painted over the ground in this order, later ones winning where footprints overlap. */
  private static final StaticClass[] FOOTPRINT_ORDER = {
    StaticClass.VEGETATION, StaticClass.FENCE, StaticClass.WALL, StaticClass.BUILDING
  };

  private final City city;
  private final double time;
  private final GroundRaster ground;
  private final List<StaticObject> objects;
  private final List<Actor> actors;

  WorldState(City city, double time) {
    this.city = city;
    this.time = time;
    this.ground = city.groundAt(time);
    List<StaticObject> present = new ArrayList<>();
    for (StaticObject o : city.objects()) {
      if (o.existsAt(time)) {
        present.add(o);
      }
    }
    this.objects = present;
    List<Actor> moving = new ArrayList<>();
    for (Actor a : city.actors()) {
      if (a.existsAt(time)) {
        moving.add(a);
      }
    }
    this.actors = moving;
  }

  public City city() {
    return city;
  }

  public double time() {
    return time;
  }

  public GroundRaster ground() {
    return ground;
  }

  public List<StaticObject> objects() {
    return objects;
  }

  public List<Actor> actors() {
    return actors;
  }

  /** Moving actors closer than this to the camera's ground point are not drawn (see {@link #emitVisible}). */
  public static final double EGO_CLEARANCE = 1.0;
  /** Objects this close are emitted whatever their direction, because their shadows can reach into view. */
  public static final double SHADOW_REACH = 30.0;

  /**
   * Emits every object that may be visible to the camera within {@code maxDistance} metres (conservative culling
   * on bounding circles against the horizontal field of view). Background traffic does not know about the fleet,
   * so a moving actor whose footprint would contain the camera (give or take {@link #EGO_CLEARANCE}) is left out:
   * that space is taken by the camera's own vehicle or pole.
   */
  public void emitVisible(PinholeCamera camera, double maxDistance, SceneSink sink) {
    Enu c = camera.center();
    double[] rot = camera.worldToCameraRotation();
    double fwdE = rot[6];
    double fwdN = rot[7];
    double norm = Math.hypot(fwdE, fwdN);
    if (norm < 1e-6) {
      fwdE = 0;
      fwdN = 0;
    } else {
      fwdE /= norm;
      fwdN /= norm;
    }
    double halfFov = camera.intrinsics().horizontalFovRadians() / 2 + 0.1;
    double cosLimit = Math.cos(Math.min(Math.PI, halfFov));
    for (StaticObject o : objects) {
      if (mayBeVisible(o.centerEast() - c.east(), o.centerNorth() - c.north(), o.radius(), fwdE, fwdN, cosLimit,
          maxDistance)) {
        o.emit(sink);
      }
    }
    double[] pose = new double[3];
    for (Actor a : actors) {
      a.poseAt(time, pose);
      if (!a.isParked() && a.footprintNear(pose, c.east(), c.north(), EGO_CLEARANCE)) {
        continue;
      }
      if (mayBeVisible(pose[0] - c.east(), pose[1] - c.north(), a.radius(), fwdE, fwdN, cosLimit, maxDistance)) {
        a.emit(time, sink);
      }
    }
  }

  private static boolean mayBeVisible(double dx, double dy, double radius, double fwdE, double fwdN, double cosLimit,
      double maxDistance) {
    double dist = Math.hypot(dx, dy);
    if (dist - radius > maxDistance) {
      return false;
    }
    // nearby objects behind or beside the camera may still cast shadows into the view
    if (dist <= radius + SHADOW_REACH || (fwdE == 0 && fwdN == 0)) {
      return true;
    }
    double along = dx * fwdE + dy * fwdN;
    // inside the wedge, or close enough to its edge that the object's radius reaches in
    double cosAngle = along / dist;
    if (cosAngle >= cosLimit) {
      return true;
    }
    double angle = Math.acos(Math.max(-1, Math.min(1, cosAngle)));
    double limit = Math.acos(cosLimit);
    return Math.sin(Math.min(Math.PI / 2, angle - limit)) * dist <= radius;
  }

  /** Static map class at a ground point: object footprints over the ground surface. */
  public StaticClass groundTruthClass(double east, double north) {
    StaticClass best = null;
    int bestRank = -1;
    for (StaticObject o : objects) {
      StaticClass c = o.mapClass();
      if (c == null || Math.abs(o.centerEast() - east) > o.radius() || Math.abs(o.centerNorth() - north) > o.radius()) {
        continue;
      }
      int rank = rankOf(c);
      if (rank > bestRank && o.footprintContains(east, north)) {
        best = c;
        bestRank = rank;
      }
    }
    return best != null ? best : StaticClass.ofLabelId(GroundMaterial.labelOf(ground.materialAt(east, north)));
  }

  /** The ground-truth class raster of one map tile at this moment (cell centres sampled). */
  public TileRaster groundTruthTile(TileScheme scheme, TileId tile) {
    int n = scheme.cellsPerSide();
    TileRaster raster = new TileRaster(tile, n);
    double[] east = new double[n * n];
    double[] north = new double[n * n];
    double minE = Double.POSITIVE_INFINITY;
    double maxE = Double.NEGATIVE_INFINITY;
    double minN = Double.POSITIVE_INFINITY;
    double maxN = Double.NEGATIVE_INFINITY;
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        Enu p = city.frame().toEnu(scheme.cellCenter(tile, col, row));
        int i = row * n + col;
        east[i] = p.east();
        north[i] = p.north();
        minE = Math.min(minE, p.east());
        maxE = Math.max(maxE, p.east());
        minN = Math.min(minN, p.north());
        maxN = Math.max(maxN, p.north());
        raster.set(col, row, StaticClass.ofLabelId(GroundMaterial.labelOf(ground.materialAt(p.east(), p.north())))
            .trainId());
      }
    }
    for (StaticClass cls : FOOTPRINT_ORDER) {
      for (StaticObject o : objects) {
        if (o.mapClass() != cls || o.centerEast() + o.radius() < minE || o.centerEast() - o.radius() > maxE
            || o.centerNorth() + o.radius() < minN || o.centerNorth() - o.radius() > maxN) {
          continue;
        }
        for (int i = 0; i < east.length; i++) {
          if (Math.abs(east[i] - o.centerEast()) <= o.radius() && Math.abs(north[i] - o.centerNorth()) <= o.radius()
              && o.footprintContains(east[i], north[i])) {
            raster.set(i % n, i / n, cls.trainId());
          }
        }
      }
    }
    return raster;
  }

  /** Every map tile the city's built area touches. */
  public List<TileId> tiles(TileScheme scheme) {
    double h = city.config().halfExtent();
    GeoPoint sw = city.frame().toGeo(-h, -h, 0);
    GeoPoint ne = city.frame().toGeo(h, h, 0);
    return scheme.tilesCovering(sw.latitude(), sw.longitude(), ne.latitude(), ne.longitude());
  }

  /** Every landmark present at this moment with its exact WGS84 position. */
  public List<Landmark> landmarks() {
    List<Landmark> out = new ArrayList<>();
    for (StaticObject o : objects) {
      if (o.landmarkType() != null) {
        out.add(new Landmark(o.id(), o.landmarkType(), city.frame().toGeo(o.landmarkEast(), o.landmarkNorth(), 0),
            o.landmarkHeight()));
      }
    }
    return out;
  }

  private static int rankOf(StaticClass c) {
    for (int i = 0; i < FOOTPRINT_ORDER.length; i++) {
      if (FOOTPRINT_ORDER[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the labelId is one of the classes the ground surface itself can show. */
  public static boolean isGroundLabel(int labelId) {
    return labelId == CityscapesLabels.ROAD || labelId == CityscapesLabels.SIDEWALK
        || labelId == CityscapesLabels.TERRAIN;
  }
}
