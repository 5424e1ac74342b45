package io.latentmap.sim.render;

import java.util.SplittableRandom;

/**
 * A fixed, tileable value-noise texture (several octaves) sampled with bilinear interpolation: the basis of all
 * procedural textures. Values lie in [0, 1]. Built once from a constant seed, so renders are reproducible.
 */
final class Noise {

  private static final int BITS = 8;
  private static final int SIZE = 1 << BITS;
  private static final int MASK = SIZE - 1;
  /** Offset that makes coordinates positive before truncation (cheaper than Math.floor). */
  private static final double POSITIVE_SHIFT = SIZE * 4096.0;
  private static final float[] TABLE = build();

  private Noise() {}

  private static float[] build() {
    SplittableRandom r = new SplittableRandom(0x5EED_CAFEL);
    float[] out = new float[SIZE * SIZE];
    float amplitude = 1;
    float total = 0;
    for (int octave = 0; octave < 5; octave++) {
      int cells = 4 << octave;
      float[] lattice = new float[cells * cells];
      for (int i = 0; i < lattice.length; i++) {
        lattice[i] = (float) r.nextDouble();
      }
      for (int y = 0; y < SIZE; y++) {
        double fy = (double) y * cells / SIZE;
        int y0 = (int) fy;
        double ty = smooth(fy - y0);
        for (int x = 0; x < SIZE; x++) {
          double fx = (double) x * cells / SIZE;
          int x0 = (int) fx;
          double tx = smooth(fx - x0);
          float a = lattice[y0 % cells * cells + x0 % cells];
          float b = lattice[y0 % cells * cells + (x0 + 1) % cells];
          float c = lattice[(y0 + 1) % cells * cells + x0 % cells];
          float d = lattice[(y0 + 1) % cells * cells + (x0 + 1) % cells];
          double v = (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
          out[y * SIZE + x] += (float) (v * amplitude);
        }
      }
      total += amplitude;
      amplitude *= 0.5f;
    }
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : out) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = (out[i] - min) / (max - min);
    }
    return out;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }

  /** Noise at (x, y) in texture cells (one period every 256 units). */
  static float sample(double x, double y) {
    double sx = x + POSITIVE_SHIFT;
    double sy = y + POSITIVE_SHIFT;
    int ix = (int) sx;
    int iy = (int) sy;
    float tx = (float) (sx - ix);
    float ty = (float) (sy - iy);
    int x0 = ix & MASK;
    int y0 = (iy & MASK) << BITS;
    int x1 = (ix + 1) & MASK;
    int y1 = ((iy + 1) & MASK) << BITS;
    float a = TABLE[y0 | x0];
    float b = TABLE[y0 | x1];
    float c = TABLE[y1 | x0];
    float d = TABLE[y1 | x1];
    float top = a + (b - a) * tx;
    return top + ((c + (d - c) * tx) - top) * ty;
  }

  /** Integer hash to [0, 1), for per-window or per-pixel randomness. */
  static float hash01(int a, int b, int c) {
    int h = a * 0x27d4eb2d ^ b * 0x165667b1 ^ c * 0x9E3779B1;
    h ^= h >>> 15;
    h *= 0x2c1b3c6d;
    h ^= h >>> 12;
    return (h & 0xFFFFFF) / (float) 0x1000000;
  }
}
