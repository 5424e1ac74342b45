package io.latentmap.sim.render;

import io.latentmap.sim.world.GroundMaterial;
import io.latentmap.sim.world.Surface;

/**
 * Procedural materials: the colour of a ground cell or of a point on a box face, from its texture coordinates,
 * its lit base colour and a per-object style parameter. Pure functions; a return value of -1 marks a hole (fence
 * gaps, the outside of a sign's shape) through which whatever lies behind shows.
 */
final class Materials {

  static final int FACE_SIDE_MINUS_V = 0;
  /** The +u face: the direction a sign or signal faces. */
  static final int FACE_FRONT = 1;
  static final int FACE_SIDE_PLUS_V = 2;
  static final int FACE_BACK = 3;
  static final int FACE_TOP = 4;
  static final int FACE_BOTTOM = 5;

  private Materials() {}


  static int groundColor(int m, double e, double n, int asphalt, int paving, int grass, int soil) {
    float coarse = Noise.sample(e * 0.35, n * 0.35);
    float fine = Noise.sample(e * 7.3, n * 7.3);
    switch (m) {
      case GroundMaterial.ROAD: {
        float patch = Noise.sample(e * 0.04 + 50, n * 0.04);
        return scale(asphalt, 0.7 + 0.35 * coarse + 0.25 * fine + (patch > 0.7f ? -0.12 : 0));
      }
      case GroundMaterial.MARKING, GroundMaterial.CROSSWALK: {
        double wear = Noise.sample(e * 1.3 + 9, n * 1.3) > 0.72f ? 0.6 : 1.0;
        return scale(0xD8D8D0, (0.75 + 0.2 * fine) * wear);
      }
      case GroundMaterial.RAIL:
        return scale(0x8A8A90, 0.8 + 0.3 * fine);
      case GroundMaterial.KERB:
        return scale(0xB0ADA5, 0.75 + 0.3 * fine);
      case GroundMaterial.SIDEWALK: {
        double fe = e * 3.3 - Math.floor(e * 3.3);
        double fn = n * 3.3 - Math.floor(n * 3.3);
        double joint = fe < 0.08 || fn < 0.08 ? 0.78 : 1.0;
        return scale(paving, (0.75 + 0.25 * coarse + 0.15 * fine) * joint);
      }
      case GroundMaterial.TREE_PIT:
        return scale(soil, 0.6 + 0.5 * fine);
      default: {
        float dirt = Noise.sample(e * 0.12 + 31, n * 0.12);
        int base = dirt > 0.62f ? mix(grass, soil, Math.min(1, (dirt - 0.62) * 4)) : grass;
        return scale(base, 0.65 + 0.3 * coarse + 0.35 * fine);
      }
    }
  }


  /**
   * Procedural texture of a box face at texture coordinates (s along the face, t up the face from its base; on
   * top and bottom faces both horizontal). Returns -1 where the surface has a hole.
   */
  static int shade(Surface surface, int face, int lit, int style, double s, double t, double faceLength,
      double faceHeight) {
    boolean horizontal = face == FACE_TOP || face == FACE_BOTTOM;
    switch (surface) {
      case FACADE:
        return horizontal ? scale(mix(lit, 0x505050, 0.6), 0.8 + 0.3 * Noise.sample(s * 0.7, t * 0.7))
            : facade(lit, style, s, t);
      case MASONRY: {
        double course = t * 4 - Math.floor(t * 4);
        double joint = course < 0.08 ? 0.82 : 1.0;
        return scale(lit, (0.8 + 0.25 * Noise.sample(s * 2.1, t * 3.7) + 0.1 * Noise.sample(s * 0.3, t * 0.3)) * joint);
      }
      case FENCE:
        return horizontal ? lit : fence(lit, style, s, t, faceHeight);
      case FOLIAGE:
        return scale(lit, 0.5 + 0.8 * Noise.sample(s * 4.3 + t * 0.7, t * 4.3));
      case PAINT: {
        if (horizontal) {
          return scale(lit, 1.12);
        }
        double shade = t < 0.12 ? 0.55 : 0.95 + 0.1 * Noise.sample(s * 2, t * 2);
        return scale(lit, shade);
      }
      case GLASS: {
        if (horizontal) {
          return lit;
        }
        double along = faceLength > 0 ? s / faceLength : 0;
        if (along < 0.06 || along > 0.94 || t > faceHeight - 0.06) {
          return lit;
        }
        return mix(0x1C2430, 0x7A8A9A, Math.min(1, t / faceHeight * 0.8));
      }
      case WINDOWED_BODY: {
        if (horizontal) {
          return scale(lit, 0.9);
        }
        if (t < 0.35) {
          return scale(lit, 0.45);
        }
        if (t > 0.95 && t < faceHeight - 0.45) {
          double pillar = s / 1.45 - Math.floor(s / 1.45);
          return pillar < 0.1 ? scale(lit, 0.8) : mix(0x202830, 0x6A7A8A, (t - 0.95) / faceHeight);
        }
        return lit;
      }
      case RUBBER:
        return scale(0x1A1A1A, 0.8 + 0.4 * Noise.sample(s * 5, t * 5));
      case SIGN:
        return sign(face, lit, style, s, t, faceLength, faceHeight);
      case SIGNAL:
        return signal(face, lit, style, s, t, faceLength, faceHeight);
      case CLOTH:
        return scale(lit, 0.85 + 0.25 * Noise.sample(s * 3, t * 3) - 0.1 * (t / Math.max(0.1, faceHeight)));
      case SKIN:
        return face == FACE_TOP ? 0x2A2018 : lit;
      default:
        return scale(lit, 0.9 + 0.15 * Noise.sample(s * 3, t * 3));
    }
  }


  static int facade(int lit, int style, double s, double t) {
    double floor = 2.9 + (style & 3) * 0.25;
    double bay = 2.3 + ((style >> 2) & 7) * 0.35;
    double winW = 0.35 + ((style >> 5) & 3) * 0.1;
    double winH = 0.42 + ((style >> 7) & 3) * 0.08;
    int glass = ((style >> 9) & 1) == 0 ? 0x2E3640 : 0x56606A;
    double wall = 0.82 + 0.22 * Noise.sample(s * 0.9, t * 0.9);
    double fxw = s / bay;
    int ix = (int) Math.floor(fxw);
    double fracX = fxw - ix;
    if (t < 3.4 && ((style >> 10) & 3) != 0) {
      // ground floor: shop windows or a plinth
      if (((style >> 10) & 3) == 1 && t > 0.5 && t < 2.8 && fracX > 0.08 && fracX < 0.92) {
        return scale(glass, 0.9 + 0.5 * Noise.hash01(ix, -1, style));
      }
      return scale(lit, wall * 0.85);
    }
    double fyw = t / floor;
    int iy = (int) Math.floor(fyw);
    double fracY = fyw - iy;
    double x0 = (1 - winW) / 2;
    if (fracX > x0 && fracX < 1 - x0 && fracY > 0.3 && fracY < 0.3 + winH) {
      float h = Noise.hash01(ix, iy, style);
      if (fracX - x0 < 0.03 || 1 - x0 - fracX < 0.03) {
        return scale(lit, 0.7);
      }
      return scale(h < 0.1 ? 0xC8B890 : glass, 0.7 + 0.7 * h);
    }
    if (fracY < 0.04) {
      return scale(lit, wall * 0.88);
    }
    return scale(lit, wall);
  }


  static int fence(int lit, int style, double s, double t, double faceHeight) {
    int kind = style & 3;
    if (t > faceHeight - 0.06 || t < 0.06) {
      return lit; // top and bottom rails
    }
    switch (kind) {
      case 0: { // vertical bars
        double spacing = 0.12 + ((style >> 2) & 3) * 0.03;
        double f = s / spacing - Math.floor(s / spacing);
        return f < 0.3 ? scale(lit, 0.9 + 0.2 * Noise.sample(s * 8, t)) : -1;
      }
      case 1: { // wire mesh: thin diagonal wires
        double a = (s + t) / 0.09;
        double b = (s - t) / 0.09;
        double fa = a - Math.floor(a);
        double fb = b - Math.floor(b);
        double post = s / 2.5 - Math.floor(s / 2.5);
        return fa < 0.16 || fb < 0.16 || post < 0.03 ? lit : -1;
      }
      case 2: { // wooden slats with narrow gaps
        double f = s / 0.16 - Math.floor(s / 0.16);
        return f < 0.85 ? scale(lit, 0.8 + 0.3 * Noise.sample(s * 2, t * 9)) : -1;
      }
      default: { // panels: posts, two rails, mesh
        double post = s / 2.0 - Math.floor(s / 2.0);
        if (post < 0.04 || Math.abs(t - faceHeight * 0.5) < 0.04) {
          return lit;
        }
        double a = s / 0.07 - Math.floor(s / 0.07);
        double b = t / 0.07 - Math.floor(t / 0.07);
        return a < 0.12 || b < 0.12 ? scale(lit, 0.9) : -1;
      }
    }
  }


  static int sign(int face, int lit, int style, double s, double t, double faceLength, double faceHeight) {
    int shape = style & 15;
    boolean plate = face == FACE_FRONT || face == FACE_BACK;
    double x = plate ? 2 * s / faceLength - 1 : 0;
    double y = 2 * t / faceHeight - 1;
    if (face == FACE_BACK) {
      x = -x;
    }
    double edge;
    switch (shape) {
      case 0, 4: // circle (4: octagon-like)
        edge = shape == 0 ? 1 - Math.sqrt(x * x + y * y) : Math.min(1 - Math.max(Math.abs(x), Math.abs(y)),
            1.4 - Math.abs(x) - Math.abs(y));
        break;
      case 1: // triangle pointing up
        edge = Math.min(y + 1, (1 - y) / 2 - Math.abs(x));
        break;
      default: // square and wide rectangle
        edge = 1 - Math.max(Math.abs(x), Math.abs(y));
    }
    if (edge < 0) {
      return -1;
    }
    if (!plate) {
      return scale(0x808080, 0.9);
    }
    if (face == FACE_BACK) {
      return scale(0x8A8A8A, 0.8 + 0.2 * Noise.sample(s * 4, t * 4));
    }
    if (edge < 0.14) {
      return shape == 1 ? 0xC02020 : 0xE8E8E8;
    }
    int symbol = (style >> 4) & 63;
    boolean bar = (symbol & 1) == 0 ? Math.abs(y) < 0.15 && Math.abs(x) < 0.5 : Math.abs(x) < 0.15 && Math.abs(y) < 0.5;
    if (edge > 0.3 && bar) {
      return (symbol & 2) == 0 ? 0x1A1A1A : 0xF0F0F0;
    }
    return lit;
  }


  static int signal(int face, int lit, int style, double s, double t, double faceLength, double faceHeight) {
    if (face != FACE_FRONT) {
      return scale(lit, 0.9 + 0.2 * Noise.sample(s * 5, t * 5));
    }
    double x = s - faceLength / 2;
    int on = Math.floorMod(style, 3);
    for (int k = 0; k < 3; k++) {
      double cy = faceHeight * (0.8 - 0.3 * k);
      double dy = t - cy;
      if (x * x + dy * dy < 0.085 * 0.085) {
        if (k == on) {
          return k == 0 ? 0xFF3020 : k == 1 ? 0xFFC020 : 0x30FF70;
        }
        return 0x2A2A2A;
      }
    }
    return lit;
  }


  static int scale(int rgb, double f) {
    int r = (int) (((rgb >> 16) & 0xFF) * f);
    int g = (int) (((rgb >> 8) & 0xFF) * f);
    int b = (int) ((rgb & 0xFF) * f);
    return (Math.min(255, Math.max(0, r)) << 16) | (Math.min(255, Math.max(0, g)) << 8) | Math.min(255, Math.max(0, b));
  }


  /** Linear blend: f = 0 gives a, f = 1 gives b. */
  static int mix(int a, int b, double f) {
    double g = 1 - f;
    int r = (int) (((a >> 16) & 0xFF) * g + ((b >> 16) & 0xFF) * f);
    int gr = (int) (((a >> 8) & 0xFF) * g + ((b >> 8) & 0xFF) * f);
    int bl = (int) ((a & 0xFF) * g + (b & 0xFF) * f);
    return (r << 16) | (gr << 8) | bl;
  }
}
