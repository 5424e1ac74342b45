package io.latentmap.operators.georef;

import io.latentmap.map.fusion.FrameGeoreferencer;
import io.latentmap.map.fusion.FrameView;
import io.latentmap.map.fusion.GeoreferencePolicy;
import io.latentmap.map.fusion.LandmarkDetection;
import io.latentmap.map.fusion.SegmentationGrid;
import io.latentmap.map.fusion.TileObservation;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.operators.infer.Detection;
import io.latentmap.operators.infer.Perception;
import io.latentmap.operators.tile.TiledObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Puts one frame's perception on the ground with the frame's own pose: one observation per map tile it saw, static
 * classes only (dynamic ones are masked), plus its pole, sign and light detections as ground points.
 */
public final class Georeference extends RichFlatMapFunction<Perception, TiledObservation> {
  private static final long serialVersionUID = 1L;

  private final int zoom;
  private final int cellsPerSide;
  private final GeoreferencePolicy policy;

  private transient FrameGeoreferencer georeferencer;
  private transient Counter tileObservations;

  public Georeference(int zoom, int cellsPerSide, GeoreferencePolicy policy) {
    this.zoom = zoom;
    this.cellsPerSide = cellsPerSide;
    this.policy = policy;
  }

  @Override
  public void open(OpenContext openContext) {
    georeferencer = new FrameGeoreferencer(new TileScheme(zoom, cellsPerSide), policy);
    tileObservations = getRuntimeContext().getMetricGroup().counter("tileObservations");
  }

  @Override
  public void flatMap(Perception p, Collector<TiledObservation> out) {
    FrameView view = new FrameView(p.frameId(), p.sourceId(), p.captureMicros(), FrameGeometry.position(p.pose()),
        FrameGeometry.heading(p.pose()), p.pose().getHorizontalAccuracy(), FrameGeometry.intrinsics(p.camera()),
        FrameGeometry.mount(p.camera()));
    SegmentationGrid segmentation = new SegmentationGrid(p.segHeight(), p.segWidth(), p.segClasses(), p.segConfidence());
    Map<TileId, TileObservation> placed = georeferencer.place(view, segmentation, landmarkDetections(p.detectionList()));
    placed.forEach((tile, observation) -> out.collect(new TiledObservation(tile, observation)));
    tileObservations.inc(placed.size());
  }

  static List<LandmarkDetection> landmarkDetections(List<Detection> detections) {
    List<LandmarkDetection> out = new ArrayList<>();
    for (Detection d : detections) {
      if (d.trainId() < 0 || d.trainId() >= CityscapesLabels.NUM_TRAIN_CLASSES) {
        continue;
      }
      LandmarkType type = LandmarkType.ofLabelId(CityscapesLabels.byTrainId(d.trainId()).id());
      if (type != null) {
        out.add(new LandmarkDetection(type, FrameGeometry.toMapPixel(d.footU()), FrameGeometry.toMapPixel(d.footV()),
            d.score()));
      }
    }
    return out;
  }
}
