package io.latentmap.sim.world;

/**
 * Typed knobs of the city generator.
 *
 * @param ringHalfSize the outer ring road runs at +-this many metres from the anchor (east and north)
 * @param margin land beyond the ring road that is still built (backdrop), metres
 * @param groundCellSize ground raster resolution, metres (finer than a z19 map cell)
 * @param minBlock smallest distance between parallel streets, metres
 * @param maxBlock largest distance between parallel streets, metres
 * @param changesFrom simulation time of the first scheduled world change, seconds
 * @param changesUntil simulation time by which every scheduled change has happened, seconds
 * @param changesPerKind how many changes of each {@link ChangeKind} are scheduled
 * @param infrastructureCameras how many fixed cameras overlook junctions
 */
public record CityConfig(double ringHalfSize, double margin, double groundCellSize, double minBlock, double maxBlock,
    double changesFrom, double changesUntil, int changesPerKind, int infrastructureCameras) {

  public CityConfig {
    if (!(ringHalfSize >= 100 && ringHalfSize <= 3000) || !(margin >= 0 && margin <= 500)) {
      throw new IllegalArgumentException("city size out of range: ring " + ringHalfSize + ", margin " + margin);
    }
    if (!(groundCellSize >= 0.05 && groundCellSize <= 0.5)) {
      throw new IllegalArgumentException("ground cell size out of range 0.05..0.5: " + groundCellSize);
    }
    if (!(minBlock >= 40 && maxBlock >= minBlock)) {
      throw new IllegalArgumentException("bad block sizes " + minBlock + ".." + maxBlock);
    }
    if (!(changesUntil >= changesFrom) || changesPerKind < 0 || changesPerKind > 20) {
      throw new IllegalArgumentException("bad change schedule");
    }
    if (infrastructureCameras < 0 || infrastructureCameras > 64) {
      throw new IllegalArgumentException("infrastructure cameras out of range 0..64: " + infrastructureCameras);
    }
  }

  public static CityConfig defaults() {
    return new CityConfig(280, 40, 0.1, 70, 125, 30, 330, 2, 4);
  }

  /** Half the side of the square the ground raster covers. */
  public double halfExtent() {
    return ringHalfSize + margin;
  }
}
