package io.latentmap.sim.truth;

import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.tile.CellRef;
import io.latentmap.map.tile.TileRaster;
import io.latentmap.sim.world.City;

/**
 * The consistency figure: project every rendered ground pixel (road, sidewalk, terrain) with the TRUE pose onto
 * the ground-truth map and count how often the cell has the same class. Cells next to a class border (any
 * different class within {@link #BORDER_CELLS}) are skipped, as the figure asks.
 */
public final class ProjectionConsistency {

  public static final int BORDER_CELLS = 1;

  private long checked;
  private long agreed;
  private long skippedBorder;

  /** Adds one frame; {@code pixelStride} samples every n-th pixel in both directions. */
  public void add(City city, GroundTruthTiles truth, PinholeCamera camera, byte[] labelIds, double t, int pixelStride) {
    int w = camera.intrinsics().width();
    int h = camera.intrinsics().height();
    double[] ground = new double[3];
    for (int v = 0; v < h; v += pixelStride) {
      for (int u = 0; u < w; u += pixelStride) {
        int label = labelIds[v * w + u] & 0xFF;
        if (label != CityscapesLabels.ROAD && label != CityscapesLabels.SIDEWALK && label != CityscapesLabels.TERRAIN) {
          continue;
        }
        if (!camera.pixelToGroundInto(u, v, ground)) {
          continue;
        }
        GeoPoint geo = city.frame().toGeo(ground[0], ground[1], 0);
        CellRef cell = truth.scheme().cellOf(geo);
        TileRaster tile = truth.tile(cell.tile(), t);
        if (!tile.isUniformAround(cell.col(), cell.row(), BORDER_CELLS)
            || !neighbourTilesAgree(tile, cell)) {
          skippedBorder++;
          continue;
        }
        checked++;
        if (tile.get(cell.col(), cell.row()) == CityscapesLabels.trainIdOf(label)) {
          agreed++;
        }
      }
    }
  }

  /** Cells on a tile edge cannot see across it; treat them as borders (conservative and cheap). */
  private static boolean neighbourTilesAgree(TileRaster tile, CellRef cell) {
    int n = tile.cellsPerSide();
    return cell.col() >= BORDER_CELLS && cell.row() >= BORDER_CELLS && cell.col() < n - BORDER_CELLS
        && cell.row() < n - BORDER_CELLS;
  }

  public long checked() {
    return checked;
  }

  public long agreed() {
    return agreed;
  }

  public long skippedBorder() {
    return skippedBorder;
  }

  /** Agreeing share of checked pixels (0 when nothing was checked). */
  public double ratio() {
    return checked == 0 ? 0 : agreed / (double) checked;
  }
}
