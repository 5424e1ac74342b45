package io.latentmap.sim.render;

import static io.latentmap.sim.render.Materials.FACE_BACK;
import static io.latentmap.sim.render.Materials.FACE_BOTTOM;
import static io.latentmap.sim.render.Materials.FACE_FRONT;
import static io.latentmap.sim.render.Materials.FACE_SIDE_MINUS_V;
import static io.latentmap.sim.render.Materials.FACE_SIDE_PLUS_V;
import static io.latentmap.sim.render.Materials.FACE_TOP;
import static io.latentmap.sim.render.Materials.groundColor;
import static io.latentmap.sim.render.Materials.mix;
import static io.latentmap.sim.render.Materials.scale;
import static io.latentmap.sim.render.Materials.shade;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.geo.Enu;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.world.Blob;
import io.latentmap.sim.world.Box;
import io.latentmap.sim.world.GroundMaterial;
import io.latentmap.sim.world.GroundRaster;
import io.latentmap.sim.world.Surface;
import io.latentmap.sim.world.WorldState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders a camera view of the world: the flat ground is solved analytically per pixel (ray-plane), boxes are
 * rasterised face by face with exact perspective depth and texture coordinates (affine in screen space for planar
 * faces), tree crowns are ray-cast ellipsoids, and a z-buffer resolves occlusion. Then haze, optical blur,
 * exposure, white balance and sensor noise. Labels and instances come from the same z-buffer, so they match the
 * image pixel for pixel.
 *
 * <p>One renderer per thread: it owns all its buffers and allocates nothing per pixel.
 */
public final class FrameRenderer {

  /** Objects farther than this are not drawn (the haze has swallowed them). */
  public static final double MAX_DISTANCE = 230;
  private static final double NEAR = 0.05;
  private static final int HAZE_STEPS_PER_METRE = 4;
  private static final int HAZE_LUT = 2048;
  /** Below this sine of the sun's elevation shadows would be absurdly long; none are drawn. */
  private static final double MIN_SHADOW_SUN = 0.12;
  /** Share of direct light that still reaches a shadowed surface (sky light and bounce). */
  private static final double SHADOW_RESIDUAL = 0.22;
  private static final int[][] FACE_CORNERS = {{0, 1, 5, 4}, {1, 2, 6, 5}, {2, 3, 7, 6}, {3, 0, 4, 7}, {4, 5, 6, 7},
      {3, 2, 1, 0}};

  private final int width;
  private final int height;
  private final int[] color;
  private final float[] invDepth;
  private final byte[] label;
  private final int[] object;
  private final int[] instances;
  private final float[] depth;
  private final int[] scratch;
  /** 1 where the ground lies in the shadow of some object. */
  private final byte[] shadow;
  private final SceneBuffer scene = new SceneBuffer();
  private final float[] hazeLut = new float[HAZE_LUT];
  private final int[] toneR = new int[256];
  private final int[] toneG = new int[256];
  private final int[] toneB = new int[256];

  // per-frame camera and light
  private double fx;
  private double fy;
  private double u0;
  private double v0;
  private double camE;
  private double camN;
  private double camU;
  private final double[] rot = new double[9];
  private double sunE;
  private double sunN;
  private double sunU;
  private FrameStyle style;

  /** Left and right edge of the current polygon on the current scanline, written by {@link #polygonRowSpan}. */
  private final double[] span = new double[2];
  // per-face scratch (no allocation per face)
  private final double[] cornerX = new double[8];
  private final double[] cornerY = new double[8];
  private final double[] cornerZ = new double[8];
  private final double[] worldE = new double[8];
  private final double[] worldN = new double[8];
  private final double[] worldU = new double[8];
  private final double[] polyX = new double[12];
  private final double[] polyY = new double[12];
  private final double[] polyZ = new double[12];
  private final double[] clipX = new double[12];
  private final double[] clipY = new double[12];
  private final double[] clipZ = new double[12];
  private final double[] screenU = new double[12];
  private final double[] screenV = new double[12];

  public FrameRenderer(int width, int height) {
    if (width < 8 || height < 8 || width > 8192 || height > 8192) {
      throw new IllegalArgumentException("frame size out of range: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    int n = width * height;
    color = new int[n];
    invDepth = new float[n];
    label = new byte[n];
    object = new int[n];
    instances = new int[n];
    depth = new float[n];
    scratch = new int[n];
    shadow = new byte[n];
  }

  public static FrameRenderer forIntrinsics(CameraIntrinsics k) {
    return new FrameRenderer(k.width(), k.height());
  }

  /** Renders the world as the camera sees it. The returned arrays are reused by the next call. */
  public RenderedFrame render(WorldState world, PinholeCamera camera, FrameStyle frameStyle) {
    CameraIntrinsics k = camera.intrinsics();
    if (k.width() != width || k.height() != height) {
      throw new IllegalArgumentException("camera is " + k.width() + "x" + k.height() + ", renderer " + width + "x"
          + height);
    }
    setUp(camera, frameStyle);
    scene.clear();
    world.emitVisible(camera, MAX_DISTANCE, scene);
    groundAndSky(world.ground());
    if (sunU > MIN_SHADOW_SUN) {
      for (Box box : scene.boxes) {
        castShadow(box);
      }
      for (Blob blob : scene.blobs) {
        castShadow(blob);
      }
    }
    for (int i = 0; i < scene.boxes.size(); i++) {
      drawBox(scene.boxes.get(i), scene.boxObject[i]);
    }
    for (int i = 0; i < scene.blobs.size(); i++) {
      drawBlob(scene.blobs.get(i), scene.blobObject[i]);
    }
    postProcess();
    List<Box2D> boxes = resolveInstances();
    return new RenderedFrame(width, height, color, label, instances, depth, boxes);
  }

  private void setUp(PinholeCamera camera, FrameStyle frameStyle) {
    CameraIntrinsics k = camera.intrinsics();
    fx = k.fx();
    fy = k.fy();
    u0 = k.u0();
    v0 = k.v0();
    Enu c = camera.center();
    camE = c.east();
    camN = c.north();
    camU = c.up();
    System.arraycopy(camera.worldToCameraRotation(), 0, rot, 0, 9);
    style = frameStyle;
    double ce = Math.cos(frameStyle.sunElevation());
    sunE = Math.sin(frameStyle.sunAzimuth()) * ce;
    sunN = Math.cos(frameStyle.sunAzimuth()) * ce;
    sunU = Math.sin(frameStyle.sunElevation());
    for (int i = 0; i < HAZE_LUT; i++) {
      hazeLut[i] = (float) Math.exp(-frameStyle.hazeDensity() * i / (double) HAZE_STEPS_PER_METRE);
    }
    fillTone(toneR, frameStyle.exposure() * frameStyle.gainR());
    fillTone(toneG, frameStyle.exposure() * frameStyle.gainG());
    fillTone(toneB, frameStyle.exposure() * frameStyle.gainB());
    Arrays.fill(object, -1);
    Arrays.fill(shadow, (byte) 0);
  }

  private static void fillTone(int[] lut, double gain) {
    for (int i = 0; i < 256; i++) {
      // soft shoulder so that over-exposure compresses highlights instead of clipping them flat
      double x = i / 255.0 * gain;
      double y = x < 0.8 ? x : 0.8 + 0.2 * (1 - Math.exp(-(x - 0.8) / 0.2));
      lut[i] = (int) Math.round(Math.min(1, y) * 255);
    }
  }

  // ---------------------------------------------------------------- ground and sky

  private void groundAndSky(GroundRaster ground) {
    double r0 = rot[0];
    double r1 = rot[1];
    double r2 = rot[2];
    double stepE = r0 / fx;
    double stepN = r1 / fx;
    double stepU = r2 / fx;
    int asphalt = style.asphalt();
    int paving = style.paving();
    int grass = style.grass();
    int soil = style.soil();
    int zenith = style.skyZenith();
    int horizon = style.skyHorizon();
    double cloud = style.cloudiness();
    double headingOffset = Math.atan2(rot[6], rot[7]) * 40;
    for (int v = 0; v < height; v++) {
      double b = (v - v0) / fy;
      double baseE = rot[6] + b * rot[3] - u0 * stepE;
      double baseN = rot[7] + b * rot[4] - u0 * stepN;
      double baseU = rot[8] + b * rot[5] - u0 * stepU;
      int row = v * width;
      for (int u = 0; u < width; u++) {
        double dE = baseE + u * stepE;
        double dN = baseN + u * stepN;
        double dU = baseU + u * stepU;
        int i = row + u;
        if (dU < -1e-9) {
          double t = -camU / dU;
          double e = camE + t * dE;
          double n = camN + t * dN;
          int m = ground.materialAt(e, n);
          color[i] = groundColor(m, e, n, asphalt, paving, grass, soil);
          label[i] = (byte) GroundMaterial.labelOf(m);
          invDepth[i] = (float) (1 / t);
        } else {
          double len = Math.sqrt(dE * dE + dN * dN + dU * dU);
          double elevation = dU / len;
          double f = Math.min(1, Math.sqrt(Math.max(0, elevation) * 3));
          int sky = mix(horizon, zenith, f);
          double az = (u - u0) / fx * 40 + headingOffset;
          float c = Noise.sample(az * 1.5, elevation * 60 + 17);
          double cover = Math.max(0, (c - (1 - cloud)) * 2.5);
          if (cover > 0) {
            sky = mix(sky, 0xF0F0F0, Math.min(0.9, cover));
          }
          color[i] = sky;
          label[i] = (byte) CityscapesLabels.SKY;
          invDepth[i] = 0;
        }
      }
    }
  }

  // ---------------------------------------------------------------- boxes

  private void drawBox(Box box, int objectIndex) {
    double c = Math.cos(box.angle());
    double s = Math.sin(box.angle());
    double hl = box.halfLength();
    double hw = box.halfWidth();
    for (int k = 0; k < 8; k++) {
      // corners 0..3 go round the base (-l-w, +l-w, +l+w, -l+w), 4..7 the same on top
      double a = (k & 3) == 1 || (k & 3) == 2 ? hl : -hl;
      double b = (k & 3) >= 2 ? hw : -hw;
      worldE[k] = box.cx() + a * c - b * s;
      worldN[k] = box.cy() + a * s + b * c;
      worldU[k] = k < 4 ? box.z0() : box.z1();
      double qe = worldE[k] - camE;
      double qn = worldN[k] - camN;
      double qu = worldU[k] - camU;
      cornerX[k] = rot[0] * qe + rot[1] * qn + rot[2] * qu;
      cornerY[k] = rot[3] * qe + rot[4] * qn + rot[5] * qu;
      cornerZ[k] = rot[6] * qe + rot[7] * qn + rot[8] * qu;
    }
    boolean allBehind = true;
    for (int k = 0; k < 8; k++) {
      if (cornerZ[k] >= NEAR) {
        allBehind = false;
        break;
      }
    }
    if (allBehind) {
      return;
    }
    int lab = scene.objectLabel[objectIndex];
    for (int f = 0; f < 6; f++) {
      if (f == FACE_BOTTOM && box.z0() < 0.01) {
        continue;
      }
      drawFace(box, f, c, s, objectIndex, lab);
    }
  }

  private void drawFace(Box box, int face, double c, double s, int objectIndex, int lab) {
    int[] idx = FACE_CORNERS[face];
    // face frame in world coordinates: origin O, texture axes S and T, outward normal N
    double nE;
    double nN;
    double nU;
    double sE;
    double sN;
    double sU;
    double tE;
    double tN;
    double tU;
    int o = idx[0];
    switch (face) {
      case FACE_SIDE_MINUS_V -> {
        nE = s; nN = -c; nU = 0; sE = c; sN = s; sU = 0; tE = 0; tN = 0; tU = 1;
      }
      case FACE_FRONT -> {
        nE = c; nN = s; nU = 0; sE = -s; sN = c; sU = 0; tE = 0; tN = 0; tU = 1;
      }
      case FACE_SIDE_PLUS_V -> {
        nE = -s; nN = c; nU = 0; sE = -c; sN = -s; sU = 0; tE = 0; tN = 0; tU = 1;
      }
      case FACE_BACK -> {
        nE = -c; nN = -s; nU = 0; sE = s; sN = -c; sU = 0; tE = 0; tN = 0; tU = 1;
      }
      case FACE_TOP -> {
        nE = 0; nN = 0; nU = 1; sE = c; sN = s; sU = 0; tE = -s; tN = c; tU = 0;
      }
      default -> {
        nE = 0; nN = 0; nU = -1; sE = c; sN = s; sU = 0; tE = -s; tN = c; tU = 0;
        o = 0;
      }
    }
    double toCamE = camE - worldE[o];
    double toCamN = camN - worldN[o];
    double toCamU = camU - worldU[o];
    if (nE * toCamE + nN * toCamN + nU * toCamU <= 0) {
      return;
    }
    // clip the quad against the near plane
    for (int k = 0; k < 4; k++) {
      polyX[k] = cornerX[idx[k]];
      polyY[k] = cornerY[idx[k]];
      polyZ[k] = cornerZ[idx[k]];
    }
    int n = clipNear(4);
    if (n < 3) {
      return;
    }
    double minV = Double.POSITIVE_INFINITY;
    double maxV = Double.NEGATIVE_INFINITY;
    double minU = Double.POSITIVE_INFINITY;
    double maxU = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      screenU[k] = fx * clipX[k] / clipZ[k] + u0;
      screenV[k] = fy * clipY[k] / clipZ[k] + v0;
      minV = Math.min(minV, screenV[k]);
      maxV = Math.max(maxV, screenV[k]);
      minU = Math.min(minU, screenU[k]);
      maxU = Math.max(maxU, screenU[k]);
    }
    int yStart = (int) Math.max(0, Math.ceil(minV));
    int yEnd = (int) Math.min(height - 1, Math.floor(maxV));
    if (yStart > yEnd || maxU < 0 || minU > width - 1) {
      return;
    }
    // camera-space plane and texture axes
    double ncx = rot[0] * nE + rot[1] * nN + rot[2] * nU;
    double ncy = rot[3] * nE + rot[4] * nN + rot[5] * nU;
    double ncz = rot[6] * nE + rot[7] * nN + rot[8] * nU;
    double ocx = cornerX[o];
    double ocy = cornerY[o];
    double ocz = cornerZ[o];
    double d = ncx * ocx + ncy * ocy + ncz * ocz;
    if (d > -1e-9) {
      return;
    }
    double ia = ncx / (fx * d);
    double ib = ncy / (fy * d);
    double ic = (ncz - ncx * u0 / fx - ncy * v0 / fy) / d;
    double scx = rot[0] * sE + rot[1] * sN + rot[2] * sU;
    double scy = rot[3] * sE + rot[4] * sN + rot[5] * sU;
    double scz = rot[6] * sE + rot[7] * sN + rot[8] * sU;
    double so = scx * ocx + scy * ocy + scz * ocz;
    double sa = scx / fx - so * ia;
    double sb = scy / fy - so * ib;
    double sc = scz - scx * u0 / fx - scy * v0 / fy - so * ic;
    double tcx = rot[0] * tE + rot[1] * tN + rot[2] * tU;
    double tcy = rot[3] * tE + rot[4] * tN + rot[5] * tU;
    double tcz = rot[6] * tE + rot[7] * tN + rot[8] * tU;
    double to = tcx * ocx + tcy * ocy + tcz * ocz;
    double ta = tcx / fx - to * ia;
    double tb = tcy / fy - to * ib;
    double tc = tcz - tcx * u0 / fx - tcy * v0 / fy - to * ic;

    double light = style.ambient() + (1 - style.ambient()) * Math.max(0, nE * sunE + nN * sunN + nU * sunU);
    int lit = scale(box.color(), light);
    Surface surface = box.surface();
    double faceLength = face == FACE_FRONT || face == FACE_BACK ? 2 * box.halfWidth() : 2 * box.halfLength();
    double faceHeight = box.z1() - box.z0();
    byte labelByte = (byte) lab;
    for (int y = yStart; y <= yEnd; y++) {
      polygonRowSpan(n, y);
      int xs = (int) Math.max(0, Math.ceil(span[0]));
      int xe = (int) Math.min(width - 1, Math.floor(span[1]));
      int row = y * width;
      double izRow = ib * y + ic;
      double szRow = sb * y + sc;
      double tzRow = tb * y + tc;
      for (int x = xs; x <= xe; x++) {
        double iz = ia * x + izRow;
        int i = row + x;
        if (iz <= invDepth[i]) {
          continue;
        }
        double tex1 = (sa * x + szRow) / iz;
        double tex2 = (ta * x + tzRow) / iz;
        int shaded = shade(surface, face, lit, box.style(), tex1, tex2, faceLength, faceHeight);
        if (shaded < 0) {
          continue;
        }
        invDepth[i] = (float) iz;
        color[i] = shaded;
        label[i] = labelByte;
        object[i] = objectIndex;
      }
    }
  }

  /** Sutherland-Hodgman against z >= NEAR, from poly* into clip*; returns the vertex count. */
  private int clipNear(int n) {
    int out = 0;
    for (int k = 0; k < n; k++) {
      int j = k + 1 == n ? 0 : k + 1;
      boolean inK = polyZ[k] >= NEAR;
      boolean inJ = polyZ[j] >= NEAR;
      if (inK) {
        clipX[out] = polyX[k];
        clipY[out] = polyY[k];
        clipZ[out] = polyZ[k];
        out++;
      }
      if (inK != inJ) {
        double f = (NEAR - polyZ[k]) / (polyZ[j] - polyZ[k]);
        clipX[out] = polyX[k] + f * (polyX[j] - polyX[k]);
        clipY[out] = polyY[k] + f * (polyY[j] - polyY[k]);
        clipZ[out] = NEAR;
        out++;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- shadows on the ground

  private final double[] hullE = new double[16];
  private final double[] hullN = new double[16];
  private final double[] pointE = new double[16];
  private final double[] pointN = new double[16];

  /** Marks the ground pixels inside the box's shadow: the hull of its corners pushed along the sun's rays. */
  private void castShadow(Box box) {
    double c = Math.cos(box.angle());
    double s = Math.sin(box.angle());
    double shiftE = -sunE / sunU;
    double shiftN = -sunN / sunU;
    int n = 0;
    for (int k = 0; k < 4; k++) {
      double a = (k == 1 || k == 2) ? box.halfLength() : -box.halfLength();
      double b = k >= 2 ? box.halfWidth() : -box.halfWidth();
      double e = box.cx() + a * c - b * s;
      double no = box.cy() + a * s + b * c;
      pointE[n] = e + shiftE * box.z0();
      pointN[n++] = no + shiftN * box.z0();
      pointE[n] = e + shiftE * box.z1();
      pointN[n++] = no + shiftN * box.z1();
    }
    fillGroundHull(n);
  }

  private void castShadow(Blob blob) {
    double shiftE = -sunE / sunU;
    double shiftN = -sunN / sunU;
    double ce = blob.cx() + shiftE * blob.cz();
    double cn = blob.cy() + shiftN * blob.cz();
    double stretch = Math.min(3, blob.halfHeight() / blob.radius() / Math.max(0.3, sunU));
    double az = Math.atan2(sunN, sunE);
    double ca = Math.cos(az);
    double sa = Math.sin(az);
    int n = 0;
    for (int k = 0; k < 8; k++) {
      double ang = k * Math.PI / 4;
      double along = Math.cos(ang) * blob.radius() * Math.max(1, stretch);
      double across = Math.sin(ang) * blob.radius();
      pointE[n] = ce + along * ca - across * sa;
      pointN[n++] = cn + along * sa + across * ca;
    }
    fillGroundHull(n);
  }

  /** Convex hull (monotone chain) of point*, then fills its image on the ground plane into the shadow mask. */
  private void fillGroundHull(int n) {
    // insertion sort by east, then north (n <= 16)
    for (int i = 1; i < n; i++) {
      double e = pointE[i];
      double no = pointN[i];
      int j = i - 1;
      while (j >= 0 && (pointE[j] > e || (pointE[j] == e && pointN[j] > no))) {
        pointE[j + 1] = pointE[j];
        pointN[j + 1] = pointN[j];
        j--;
      }
      pointE[j + 1] = e;
      pointN[j + 1] = no;
    }
    int h = 0;
    for (int pass = 0; pass < 2; pass++) {
      int start = h;
      for (int k = 0; k < n; k++) {
        int i = pass == 0 ? k : n - 1 - k;
        while (h >= start + 2 && cross(hullE[h - 2], hullN[h - 2], hullE[h - 1], hullN[h - 1], pointE[i], pointN[i]) <= 0) {
          h--;
        }
        hullE[h] = pointE[i];
        hullN[h++] = pointN[i];
      }
      h--; // the last point repeats as the first of the other chain
    }
    if (h < 3) {
      return;
    }
    for (int k = 0; k < h; k++) {
      double qe = hullE[k] - camE;
      double qn = hullN[k] - camN;
      double qu = -camU;
      polyX[k] = rot[0] * qe + rot[1] * qn + rot[2] * qu;
      polyY[k] = rot[3] * qe + rot[4] * qn + rot[5] * qu;
      polyZ[k] = rot[6] * qe + rot[7] * qn + rot[8] * qu;
    }
    int m = clipNear(h);
    if (m < 3) {
      return;
    }
    double minV = Double.POSITIVE_INFINITY;
    double maxV = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < m; k++) {
      screenU[k] = fx * clipX[k] / clipZ[k] + u0;
      screenV[k] = fy * clipY[k] / clipZ[k] + v0;
      minV = Math.min(minV, screenV[k]);
      maxV = Math.max(maxV, screenV[k]);
    }
    int yStart = (int) Math.max(0, Math.ceil(minV));
    int yEnd = (int) Math.min(height - 1, Math.floor(maxV));
    for (int y = yStart; y <= yEnd; y++) {
      polygonRowSpan(m, y);
      int xs = (int) Math.max(0, Math.ceil(span[0]));
      int xe = (int) Math.min(width - 1, Math.floor(span[1]));
      int row = y * width;
      for (int x = xs; x <= xe; x++) {
        shadow[row + x] = 1;
      }
    }
  }

  private static double cross(double ae, double an, double be, double bn, double ce, double cn) {
    return (be - ae) * (cn - an) - (bn - an) * (ce - ae);
  }

  // ---------------------------------------------------------------- blobs

  private void drawBlob(Blob blob, int objectIndex) {
    double qe = blob.cx() - camE;
    double qn = blob.cy() - camN;
    double qu = blob.cz() - camU;
    double ex = rot[0] * qe + rot[1] * qn + rot[2] * qu;
    double ey = rot[3] * qe + rot[4] * qn + rot[5] * qu;
    double ez = rot[6] * qe + rot[7] * qn + rot[8] * qu;
    double r = Math.max(blob.radius(), blob.halfHeight());
    if (ez + r < NEAR) {
      return;
    }
    int xs = 0;
    int xe = width - 1;
    int ys = 0;
    int ye = height - 1;
    if (ez - r > NEAR) {
      double zn = ez - r;
      double zf = ez + r;
      double uMin = Math.min(Math.min((ex - r) / zn, (ex - r) / zf), Math.min((ex + r) / zn, (ex + r) / zf));
      double uMax = Math.max(Math.max((ex - r) / zn, (ex - r) / zf), Math.max((ex + r) / zn, (ex + r) / zf));
      double vMin = Math.min(Math.min((ey - r) / zn, (ey - r) / zf), Math.min((ey + r) / zn, (ey + r) / zf));
      double vMax = Math.max(Math.max((ey - r) / zn, (ey - r) / zf), Math.max((ey + r) / zn, (ey + r) / zf));
      xs = (int) Math.max(0, Math.floor(fx * uMin + u0));
      xe = (int) Math.min(width - 1, Math.ceil(fx * uMax + u0));
      ys = (int) Math.max(0, Math.floor(fy * vMin + v0));
      ye = (int) Math.min(height - 1, Math.ceil(fy * vMax + v0));
      if (xs > xe || ys > ye) {
        return;
      }
    }
    double rx = 1 / blob.radius();
    double rz = 1 / blob.halfHeight();
    double oe = (camE - blob.cx()) * rx;
    double on = (camN - blob.cy()) * rx;
    double ou = (camU - blob.cz()) * rz;
    double cq = oe * oe + on * on + ou * ou - 1;
    double ambient = style.ambient();
    byte labelByte = (byte) scene.objectLabel[objectIndex];
    int base = blob.color();
    double stepE = rot[0] / fx;
    double stepN = rot[1] / fx;
    double stepU = rot[2] / fx;
    double seed = (blob.style() & 0xFF) * 1.37;
    for (int v = ys; v <= ye; v++) {
      double b = (v - v0) / fy;
      double baseE = rot[6] + b * rot[3] - u0 * stepE;
      double baseN = rot[7] + b * rot[4] - u0 * stepN;
      double baseU = rot[8] + b * rot[5] - u0 * stepU;
      int row = v * width;
      for (int u = xs; u <= xe; u++) {
        double we = (baseE + u * stepE) * rx;
        double wn = (baseN + u * stepN) * rx;
        double wu = (baseU + u * stepU) * rz;
        double a = we * we + wn * wn + wu * wu;
        double bq = 2 * (oe * we + on * wn + ou * wu);
        double disc = bq * bq - 4 * a * cq;
        if (disc < 0) {
          continue;
        }
        double sq = Math.sqrt(disc);
        double t = (-bq - sq) / (2 * a);
        if (t < NEAR) {
          t = (-bq + sq) / (2 * a);
          if (t < NEAR) {
            continue;
          }
        }
        double iz = 1 / t;
        int i = row + u;
        if (iz <= invDepth[i]) {
          continue;
        }
        // closest approach of the ray to the centre, 0 (centre) .. 1 (silhouette): ragged leafy outline
        double closest = cq + 1 - bq * bq / (4 * a);
        double pe = oe + t * we;
        double pn = on + t * wn;
        double pu = ou + t * wu;
        float leaf = Noise.sample(pe * 9 + seed + pu * 3, pn * 9 + pu * 6);
        if (closest > 0.5 + 0.5 * leaf) {
          continue;
        }
        double len = Math.sqrt(pe * pe + pn * pn + pu * pu);
        double sunDot = (pe * sunE + pn * sunN + pu * sunU) / Math.max(1e-9, len);
        double light = ambient + (1 - ambient) * Math.max(0, sunDot);
        invDepth[i] = (float) iz;
        color[i] = scale(base, light * (0.45 + 0.9 * leaf));
        label[i] = labelByte;
        object[i] = objectIndex;
      }
    }
  }

  // ---------------------------------------------------------------- camera effects

  private void postProcess() {
    int n = width * height;
    int haze = style.hazeColor();
    double shade = style.ambient() + (1 - style.ambient()) * SHADOW_RESIDUAL;
    for (int i = 0; i < n; i++) {
      float iz = invDepth[i];
      if (shadow[i] != 0 && object[i] < 0 && iz > 0) {
        color[i] = scale(color[i], shade);
      }
      if (iz > 0) {
        double d = 1 / iz;
        depth[i] = (float) d;
        int k = (int) Math.min(HAZE_LUT - 1, d * HAZE_STEPS_PER_METRE);
        color[i] = mix(haze, color[i], hazeLut[k]);
      } else {
        depth[i] = Float.POSITIVE_INFINITY;
      }
    }
    for (int p = 0; p < style.blurPasses(); p++) {
      blur();
    }
    long state = style.noiseSeed() | 1;
    double sigma = style.noiseSigma();
    applyVignette(style.vignette());
    for (int i = 0; i < n; i++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      // sum of two uniforms: a cheap bell-shaped sensor noise, shared by the channels plus a small chroma part
      double luma = (((state & 0xFFFF) + ((state >>> 16) & 0xFFFF)) / 65536.0 - 1) * 2 * sigma;
      double chroma = (((state >>> 32) & 0xFF) / 255.0 - 0.5) * sigma;
      int c = color[i];
      int r = Math.max(0, Math.min(255, toneR[(c >> 16) & 0xFF] + (int) (luma + chroma)));
      int g = Math.max(0, Math.min(255, toneG[(c >> 8) & 0xFF] + (int) luma));
      int b = Math.max(0, Math.min(255, toneB[c & 0xFF] + (int) (luma - chroma)));
      color[i] = (r << 16) | (g << 8) | b;
    }
  }

  /** Lens fall-off: brightness drops towards the corners by up to {@code strength} (cos^4-like, radial). */
  private void applyVignette(double strength) {
    if (strength <= 0) {
      return;
    }
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    double norm = 1 / (cx * cx + cy * cy);
    for (int y = 0; y < height; y++) {
      int row = y * width;
      double dy = (y - cy) * (y - cy);
      for (int x = 0; x < width; x++) {
        double r2 = ((x - cx) * (x - cx) + dy) * norm;
        color[row + x] = scale(color[row + x], 1 - strength * r2 * r2);
      }
    }
  }

  /** Separable [1 2 1]/4 blur of the colour buffer. */
  private void blur() {
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        int a = color[row + Math.max(0, x - 1)];
        int b = color[row + x];
        int c = color[row + Math.min(width - 1, x + 1)];
        scratch[row + x] = blend121(a, b, c);
      }
    }
    for (int y = 0; y < height; y++) {
      int up = Math.max(0, y - 1) * width;
      int row = y * width;
      int down = Math.min(height - 1, y + 1) * width;
      for (int x = 0; x < width; x++) {
        color[row + x] = blend121(scratch[up + x], scratch[row + x], scratch[down + x]);
      }
    }
  }

  private static int blend121(int a, int b, int c) {
    int r = (((a >> 16) & 0xFF) + 2 * ((b >> 16) & 0xFF) + ((c >> 16) & 0xFF) + 2) >> 2;
    int g = (((a >> 8) & 0xFF) + 2 * ((b >> 8) & 0xFF) + ((c >> 8) & 0xFF) + 2) >> 2;
    int bl = ((a & 0xFF) + 2 * (b & 0xFF) + (c & 0xFF) + 2) >> 2;
    return (r << 16) | (g << 8) | bl;
  }

  // ---------------------------------------------------------------- instances and boxes

  private List<Box2D> resolveInstances() {
    int objects = scene.objects;
    int[] count = new int[objects];
    int[] minX = new int[objects];
    int[] minY = new int[objects];
    int[] maxX = new int[objects];
    int[] maxY = new int[objects];
    Arrays.fill(minX, Integer.MAX_VALUE);
    Arrays.fill(minY, Integer.MAX_VALUE);
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        int o = object[row + x];
        if (o >= 0) {
          count[o]++;
          if (x < minX[o]) {
            minX[o] = x;
          }
          if (x > maxX[o]) {
            maxX[o] = x;
          }
          if (y < minY[o]) {
            minY[o] = y;
          }
          maxY[o] = y;
        }
      }
    }
    int[] instanceValue = new int[objects];
    int[] perClass = new int[256];
    List<Box2D> boxes = new ArrayList<>();
    for (int o = 0; o < objects; o++) {
      int lab = scene.objectLabel[o];
      boolean hasInstances = CityscapesLabels.byId(lab).hasInstances();
      instanceValue[o] = hasInstances && count[o] > 0 && perClass[lab] < CityscapesLabels.INSTANCE_ID_FACTOR
          ? lab * CityscapesLabels.INSTANCE_ID_FACTOR + perClass[lab]++
          : lab;
      if (count[o] > 0 && (hasInstances || scene.objectLandmark[o] >= 0)) {
        boxes.add(new Box2D(scene.objectKey[o], lab, instanceValue[o], scene.objectLandmark[o], minX[o], minY[o],
            maxX[o], maxY[o], count[o]));
      }
    }
    int n = width * height;
    for (int i = 0; i < n; i++) {
      int o = object[i];
      instances[i] = o >= 0 ? instanceValue[o] : label[i] & 0xFF;
    }
    return boxes;
  }

  // ---------------------------------------------------------------- colour helpers

  /**
   * Where row {@code y} crosses the convex polygon of the first {@code corners} entries of screenU/screenV (edges in
   * order, closed): span[0] left, span[1] right; empty (left > right) when the row misses it. A horizontal edge on
   * the row contributes both its ends.
   */
  private void polygonRowSpan(int corners, int y) {
    double xl = Double.POSITIVE_INFINITY;
    double xr = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < corners; k++) {
      int j = k + 1 == corners ? 0 : k + 1;
      double ya = screenV[k];
      double yb = screenV[j];
      if ((ya <= y && y <= yb) || (yb <= y && y <= ya)) {
        if (ya == yb) {
          xl = Math.min(xl, Math.min(screenU[k], screenU[j]));
          xr = Math.max(xr, Math.max(screenU[k], screenU[j]));
        } else {
          double x = screenU[k] + (y - ya) * (screenU[j] - screenU[k]) / (yb - ya);
          xl = Math.min(xl, x);
          xr = Math.max(xr, x);
        }
      }
    }
    span[0] = xl;
    span[1] = xr;
  }
}
