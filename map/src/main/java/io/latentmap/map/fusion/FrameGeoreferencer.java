package io.latentmap.map.fusion;

import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places one frame's perception on the map: every ground cell in front of the camera takes the class the
 * segmentation shows where that cell appears in the image (inverse perspective mapping on flat ground, so no cell
 * is skipped however coarse the segmentation), and every landmark detection becomes a ground point with a
 * covariance from pose accuracy and range. The result is grouped by tile.
 *
 * <p>Works in a local metric frame around the carrier, linearised once per frame; over the 25 m it looks, the
 * error of that linearisation is far below a cell.
 */
public final class FrameGeoreferencer {
  private final TileScheme scheme;
  private final GeoreferencePolicy policy;
  private final double worldCells;

  public FrameGeoreferencer(TileScheme scheme, GeoreferencePolicy policy) {
    this.scheme = scheme;
    this.policy = policy;
    this.worldCells = (double) scheme.cellsPerSide() * (1L << scheme.zoom());
  }

  public Map<TileId, TileObservation> place(FrameView view, SegmentationGrid segmentation,
      List<LandmarkDetection> detections) {
    Local local = new Local(view.position());
    PinholeCamera camera = new PinholeCamera(view.intrinsics(), view.mount(), new VehiclePose(0, 0, view.heading()));
    double camEast = camera.center().east();
    double camNorth = camera.center().north();
    double direction = view.heading() - view.mount().yaw(); // mount yaw is counter-clockwise, headings clockwise
    double halfFov = view.intrinsics().horizontalFovRadians() / 2;
    Map<TileId, Builder> tiles = new LinkedHashMap<>();

    placeCells(camera, segmentation, local, camEast, camNorth, direction, halfFov, tiles);
    placeLandmarks(camera, view, detections, local, camEast, camNorth, tiles);

    double minRange = groundRangeOfBottomRow(camera, view);
    GeoPoint cameraGeo = local.geo(camEast, camNorth);
    Map<TileId, TileObservation> out = new LinkedHashMap<>();
    for (Map.Entry<TileId, Builder> e : tiles.entrySet()) {
      TileFrame frame = e.getValue().frame;
      ViewCone cone = new ViewCone(frame.eastOf(cameraGeo), frame.northOf(cameraGeo), direction, halfFov, minRange,
          policy.maxLandmarkRange());
      out.put(e.getKey(), e.getValue().build(view, cone));
    }
    return out;
  }

  private void placeCells(PinholeCamera camera, SegmentationGrid seg, Local local, double camEast, double camNorth,
      double direction, double halfFov, Map<TileId, Builder> tiles) {
    double range = policy.maxCellRange();
    double[] es = {camEast, camEast + range * Math.sin(direction - halfFov), camEast + range * Math.sin(direction),
        camEast + range * Math.sin(direction + halfFov)};
    double[] ns = {camNorth, camNorth + range * Math.cos(direction - halfFov), camNorth + range * Math.cos(direction),
        camNorth + range * Math.cos(direction + halfFov)};
    long gxMin = (long) Math.floor(local.cellX(min(es)));
    long gxMax = (long) Math.floor(local.cellX(max(es)));
    long gyMin = (long) Math.floor(local.cellY(max(ns))); // north is up, cell rows grow southwards
    long gyMax = (long) Math.floor(local.cellY(min(ns)));
    int imageWidth = camera.intrinsics().width();
    int segWidth = seg.width();
    int segHeight = seg.height();
    // (u + 0.5) * colsPerPixel with u = fx * x / z + u0, folded into one scale and offset per axis.
    double colsPerPixel = (double) segWidth / imageWidth;
    double rowsPerPixel = (double) segHeight / camera.intrinsics().height();
    double colScale = camera.intrinsics().fx() * colsPerPixel;
    double colOffset = (camera.intrinsics().u0() + 0.5) * colsPerPixel;
    double rowScale = camera.intrinsics().fy() * rowsPerPixel;
    double rowOffset = (camera.intrinsics().v0() + 0.5) * rowsPerPixel;
    byte[] trainIds = seg.trainIds();
    byte[] confidences = seg.confidence();
    int minConfidence = (int) Math.ceil(policy.minCellConfidence() * 255);
    double rangeSquared = range * range;
    double[] line = new double[6];
    double[] visible = new double[2];
    double metersPerCell = 1 / local.cellsPerMeterEast;
    int cps = scheme.cellsPerSide();
    Builder builder = null;
    int builderTileX = 0;
    int builderTileY = 0;
    for (long gy = gyMin; gy <= gyMax; gy++) {
      double north = local.northOf(gy + 0.5);
      double dn = north - camNorth;
      // Only the part of the row inside the range circle and in front of the camera within the image's columns
      // (a pixel and a cell wider, so that rounding never drops a cell the per-cell test below would keep).
      double halfChordSquared = rangeSquared - dn * dn;
      if (halfChordSquared < 0 || !camera.eastSpanInColumns(north, 0, -1.5, imageWidth + 0.5, visible)) {
        continue;
      }
      double halfChord = Math.sqrt(halfChordSquared);
      long rowMin = Math.max(gxMin, (long) Math.floor(local.cellX(Math.max(visible[0], camEast - halfChord))) - 1);
      long rowMax = Math.min(gxMax, (long) Math.floor(local.cellX(Math.min(visible[1], camEast + halfChord))) + 1);
      if (rowMin > rowMax) {
        continue;
      }
      camera.lineCoefficientsInto(north, 0, line);
      int tileY = (int) Math.floorDiv(gy, cps);
      int rowInTile = (int) Math.floorMod(gy, cps) * cps;
      // Cells are walked by tile column and column in tile, so no cell pays for a 64-bit division.
      int tileX = (int) Math.floorDiv(rowMin, cps);
      int colInTile = (int) Math.floorMod(rowMin, cps);
      double firstEast = local.eastOf(rowMin + 0.5);
      for (long gx = rowMin; gx <= rowMax; gx++) {
        double east = firstEast + (gx - rowMin) * metersPerCell;
        double de = east - camEast;
        double x = line[0] + line[1] * east;
        double y = line[2] + line[3] * east;
        double z = line[4] + line[5] * east;
        int cellInTile = colInTile;
        int cellTileX = tileX;
        if (++colInTile == cps) {
          colInTile = 0;
          tileX++;
        }
        if (de * de + dn * dn > rangeSquared || z < PinholeCamera.MIN_DEPTH) {
          continue;
        }
        double inverseDepth = 1 / z;
        double col = colScale * x * inverseDepth + colOffset;
        double row = rowScale * y * inverseDepth + rowOffset;
        if (!(col >= 0 && row >= 0 && col < segWidth && row < segHeight)) {
          continue; // outside the segmentation (truncation below is the floor only for non-negative values)
        }
        int index = (int) row * segWidth + (int) col;
        int trainId = Byte.toUnsignedInt(trainIds[index]);
        int confidence = Byte.toUnsignedInt(confidences[index]);
        if (confidence < minConfidence || !CellGrid.isStatic(trainId)) {
          continue; // dynamic objects hide the ground: no evidence either way
        }
        if (builder == null || cellTileX != builderTileX || tileY != builderTileY) {
          // Neighbouring cells share a tile: one map lookup per run of cells, not per cell.
          TileId tile = new TileId(scheme.zoom(), cellTileX, tileY);
          builder = tiles.computeIfAbsent(tile, t -> new Builder(new TileFrame(scheme, t)));
          builderTileX = cellTileX;
          builderTileY = tileY;
        }
        builder.addCell(rowInTile + cellInTile, trainId, confidence / 255f);
      }
    }
  }

  private void placeLandmarks(PinholeCamera camera, FrameView view, List<LandmarkDetection> detections, Local local,
      double camEast, double camNorth, Map<TileId, Builder> tiles) {
    double[] ground = new double[3];
    double height = camera.center().up();
    double poseVariance = view.horizontalAccuracy() * view.horizontalAccuracy();
    for (LandmarkDetection d : detections) {
      if (d.score() < policy.minDetectionScore() || !camera.pixelToGroundInto(d.footU(), d.footV(), ground)) {
        continue;
      }
      double de = ground[0] - camEast;
      double dn = ground[1] - camNorth;
      double range = Math.hypot(de, dn);
      if (range > policy.maxLandmarkRange()) {
        continue;
      }
      // Flat-ground depth d = h f / (v - v_horizon): a pixel of foot error moves the point d^2 / (h f) along the ray.
      double along = range * range * policy.footPixelSigma() / (height * camera.intrinsics().fy());
      double across = range * policy.footPixelSigma() / camera.intrinsics().fx();
      double sin = de / range;
      double cos = dn / range;
      double a2 = along * along;
      double c2 = across * across;
      double[] covariance = {
        a2 * sin * sin + c2 * cos * cos + poseVariance,
        a2 * cos * cos + c2 * sin * sin + poseVariance,
        (a2 - c2) * sin * cos
      };
      GeoPoint position = local.geo(ground[0], ground[1]);
      TileId tile = scheme.tileOf(position);
      Builder builder = tiles.computeIfAbsent(tile, t -> new Builder(new TileFrame(scheme, t)));
      builder.landmarks.add(new LandmarkObservation(d.type(), builder.frame.eastOf(position),
          builder.frame.northOf(position), covariance));
    }
  }

  private static double groundRangeOfBottomRow(PinholeCamera camera, FrameView view) {
    double[] ground = new double[3];
    if (!camera.pixelToGroundInto(view.intrinsics().u0(), view.intrinsics().height() - 1, ground)) {
      return 0;
    }
    return Math.hypot(ground[0] - camera.center().east(), ground[1] - camera.center().north());
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }

  /** Metres around the carrier <-> global Web Mercator cells, linearised at the carrier's position. */
  private final class Local {
    final GeoPoint origin;
    final double cellX0;
    final double cellY0;
    final double cellsPerMeterEast;
    final double cellsPerMeterNorth;
    final double[] metersPerDegree;

    Local(GeoPoint origin) {
      this.origin = origin;
      this.cellX0 = scheme.globalCellX(origin.longitude());
      this.cellY0 = scheme.globalCellY(origin.latitude());
      this.metersPerDegree = TileFrame.metersPerDegree(origin.latitude());
      this.cellsPerMeterEast = worldCells / 360.0 / metersPerDegree[0];
      this.cellsPerMeterNorth = -worldCells / 360.0 / Math.cos(Math.toRadians(origin.latitude())) / metersPerDegree[1];
    }

    double cellX(double east) {
      return cellX0 + east * cellsPerMeterEast;
    }

    double cellY(double north) {
      return cellY0 + north * cellsPerMeterNorth;
    }

    double eastOf(double cellX) {
      return (cellX - cellX0) / cellsPerMeterEast;
    }

    double northOf(double cellY) {
      return (cellY - cellY0) / cellsPerMeterNorth;
    }

    GeoPoint geo(double east, double north) {
      return GeoPoint.of(origin.latitude() + north / metersPerDegree[1], origin.longitude() + east / metersPerDegree[0]);
    }
  }

  /** Collects one tile's part of a frame. */
  private static final class Builder {
    final TileFrame frame;
    int[] cells = new int[256];
    byte[] classes = new byte[256];
    float[] weights = new float[256];
    int size;
    final List<LandmarkObservation> landmarks = new ArrayList<>();

    Builder(TileFrame frame) {
      this.frame = frame;
    }

    void addCell(int cell, int trainId, float weight) {
      if (size == cells.length) {
        cells = Arrays.copyOf(cells, size * 2);
        classes = Arrays.copyOf(classes, size * 2);
        weights = Arrays.copyOf(weights, size * 2);
      }
      cells[size] = cell;
      classes[size] = (byte) trainId;
      weights[size] = weight;
      size++;
    }

    TileObservation build(FrameView view, ViewCone cone) {
      return new TileObservation(view.frameId(), view.sourceId(), view.captureMicros(), Arrays.copyOf(cells, size),
          Arrays.copyOf(classes, size), Arrays.copyOf(weights, size), landmarks, cone);
    }
  }
}
