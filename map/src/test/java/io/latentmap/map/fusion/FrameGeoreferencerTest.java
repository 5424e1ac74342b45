package io.latentmap.map.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.EnuFrame;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameGeoreferencerTest {
  private static final GeoPoint ORIGIN = GeoPoint.of(48.137, 11.575);
  private static final double HEADING = Math.toRadians(30);
  private static final int SKY = 10;
  private static final int SEG_STRIDE = 8;

  private final TileScheme scheme = TileScheme.standard();
  private final CameraIntrinsics intrinsics = CameraIntrinsics.cityscapesDefault();
  private final FrameView view = new FrameView("f1", "vehicle-1", 1_800_000_000_000_000L, ORIGIN, HEADING, 0.5,
      intrinsics, CameraMount.CITYSCAPES);
  private final PinholeCamera camera = new PinholeCamera(intrinsics, CameraMount.CITYSCAPES, new VehiclePose(0, 0, HEADING));
  private final EnuFrame enu = new EnuFrame(ORIGIN);

  /** A straight street along the heading: road within 3.5 m of the centre line, then sidewalk, then buildings. */
  private static int truth(double east, double north) {
    double lateral = Math.abs(east * Math.cos(HEADING) - north * Math.sin(HEADING));
    return lateral < 3.5 ? StaticClass.ROAD.trainId() : lateral < 6 ? StaticClass.SIDEWALK.trainId()
        : StaticClass.BUILDING.trainId();
  }

  @Test
  void groundCellsTakeTheClassSeenAtTheirPlaceInTheImage() {
    Map<TileId, TileObservation> placed = new FrameGeoreferencer(scheme, GeoreferencePolicy.DEFAULTS)
        .place(view, renderSegmentation(), List.of());

    int agree = 0;
    int total = 0;
    for (Map.Entry<TileId, TileObservation> e : placed.entrySet()) {
      TileObservation o = e.getValue();
      for (int i = 0; i < o.cellCount(); i++) {
        int cell = o.cellIndexes()[i];
        Enu p = enu.toEnu(scheme.cellCenter(e.getKey(), cell % 256, cell / 256));
        if (nearBorder(p)) {
          continue;
        }
        total++;
        agree += Byte.toUnsignedInt(o.trainIds()[i]) == truth(p.east(), p.north()) ? 1 : 0;
        assertThat(Math.hypot(p.east(), p.north())).isLessThan(GeoreferencePolicy.DEFAULTS.maxCellRange() + 3);
      }
    }
    assertThat(total).isGreaterThan(3_000);
    assertThat((double) agree / total).isGreaterThan(0.97);
  }

  @Test
  void aDetectedFootLandsWhereTheLandmarkStandsWithARangeDependentCovariance() {
    Enu near = new Enu(4 * Math.sin(HEADING) + 8 * Math.sin(HEADING + Math.PI / 2) * 0.3,
        4 * Math.cos(HEADING) + 8 * Math.cos(HEADING + Math.PI / 2) * 0.3, 0);
    Enu far = new Enu(18 * Math.sin(HEADING), 18 * Math.cos(HEADING), 0);
    List<LandmarkDetection> detections = List.of(detectionAt(near), detectionAt(far));

    Map<TileId, TileObservation> placed = new FrameGeoreferencer(scheme, GeoreferencePolicy.DEFAULTS)
        .place(view, renderSegmentation(), detections);

    List<LandmarkObservation> found = placed.entrySet().stream().flatMap(e -> e.getValue().landmarkList().stream()
        .map(l -> new Object[] {e.getKey(), l})).map(pair -> {
          TileFrame frame = new TileFrame(scheme, (TileId) pair[0]);
          LandmarkObservation l = (LandmarkObservation) pair[1];
          Enu p = enu.toEnu(frame.toGeo(l.east(), l.north()));
          return new LandmarkObservation(l.type(), p.east(), p.north(), l.covariance());
        }).toList();
    assertThat(found).hasSize(2);
    LandmarkObservation nearFound = found.stream().min((a, b) -> Double.compare(
        Math.hypot(a.east(), a.north()), Math.hypot(b.east(), b.north()))).orElseThrow();
    LandmarkObservation farFound = found.stream().filter(l -> l != nearFound).findFirst().orElseThrow();
    assertThat(Math.hypot(nearFound.east() - near.east(), nearFound.north() - near.north())).isLessThan(0.05);
    assertThat(Math.hypot(farFound.east() - far.east(), farFound.north() - far.north())).isLessThan(0.05);
    double nearSpread = nearFound.covariance()[0] + nearFound.covariance()[1];
    double farSpread = farFound.covariance()[0] + farFound.covariance()[1];
    assertThat(farSpread).isGreaterThan(nearSpread);
    assertThat(nearSpread).isGreaterThanOrEqualTo(2 * 0.5 * 0.5); // never tighter than the pose accuracy
  }

  @Test
  void dynamicObjectsAndSkyGiveNoEvidence() {
    SegmentationGrid seg = renderSegmentation();
    byte[] cars = seg.trainIds().clone();
    java.util.Arrays.fill(cars, (byte) 13);
    Map<TileId, TileObservation> placed = new FrameGeoreferencer(scheme, GeoreferencePolicy.DEFAULTS)
        .place(view, new SegmentationGrid(seg.height(), seg.width(), cars, seg.confidence()), List.of());

    assertThat(placed.values()).allSatisfy(o -> assertThat(o.cellCount()).isZero());
  }

  private LandmarkDetection detectionAt(Enu ground) {
    double[] uv = new double[2];
    assertThat(camera.projectInto(ground.east(), ground.north(), 0, uv)).isTrue();
    return new LandmarkDetection(LandmarkType.POLE, uv[0], uv[1], 0.9);
  }

  private static boolean nearBorder(Enu p) {
    double lateral = Math.abs(p.east() * Math.cos(HEADING) - p.north() * Math.sin(HEADING));
    return Math.abs(lateral - 3.5) < 0.6 || Math.abs(lateral - 6) < 0.6;
  }

  /** What a perfect head would output: the class of the ground point seen at each cell's centre pixel. */
  private SegmentationGrid renderSegmentation() {
    int rows = intrinsics.height() / SEG_STRIDE;
    int cols = intrinsics.width() / SEG_STRIDE;
    byte[] ids = new byte[rows * cols];
    byte[] confidence = new byte[rows * cols];
    double[] ground = new double[3];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double u = c * SEG_STRIDE + SEG_STRIDE / 2.0 - 0.5;
        double v = r * SEG_STRIDE + SEG_STRIDE / 2.0 - 0.5;
        boolean hit = camera.pixelToGroundInto(u, v, ground) && ground[2] < 200;
        ids[r * cols + c] = (byte) (hit ? truth(ground[0], ground[1]) : SKY);
        confidence[r * cols + c] = (byte) 230;
      }
    }
    return new SegmentationGrid(rows, cols, ids, confidence);
  }
}
