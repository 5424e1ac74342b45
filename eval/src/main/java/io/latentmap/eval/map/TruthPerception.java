package io.latentmap.eval.map;

import io.latentmap.map.fusion.FrameGeoreferencer;
import io.latentmap.map.fusion.FrameView;
import io.latentmap.map.fusion.FusionPolicy;
import io.latentmap.map.fusion.GeoreferencePolicy;
import io.latentmap.map.fusion.LandmarkDetection;
import io.latentmap.map.fusion.SegmentationGrid;
import io.latentmap.map.fusion.TileDelta;
import io.latentmap.map.fusion.TileFrame;
import io.latentmap.map.fusion.TileObservation;
import io.latentmap.map.fusion.TileState;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.operators.georef.FrameGeometry;
import io.latentmap.operators.tile.TileRecords;
import io.latentmap.schemas.CameraModel;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.Pose;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.producer.WireConventions;
import io.latentmap.sim.render.Box2D;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.FrameStyle;
import io.latentmap.sim.render.RenderedFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * The map the job's fusion would build from perfect perception: every frame rendered, its true labels and landmark
 * boxes taken as the segmentation and the detections, placed with the frame's noisy GNSS pose exactly as the job
 * places perception ({@link FrameGeoreferencer}, the wire's pose and camera conventions), folded into
 * {@link TileState}s in capture order and published once per publish interval of event time, as
 * {@code AggregateTiles} does. No Kafka, no Flink, no model: an upper bound that separates what the map logic
 * achieves from what the model sees.
 */
public final class TruthPerception {
  /** Frames georeferenced per batch; batches run in parallel, their observations are applied in capture order. */
  static final int BATCH_FRAMES = 64;
  /** Image pixels per segmentation cell of the shipped bundle's heads (its manifest's tensor stride). */
  public static final int DEFAULT_SEGMENTATION_STRIDE = 8;
  /** A pole 25 m away (the job's landmark range) still shows some 3 x 90 pixels; a sign plate some 13 x 13. */
  public static final int DEFAULT_MIN_BOX_PIXELS = 16;

  /**
   * How the oracle perceives.
   *
   * @param segmentationStride image pixels per segmentation cell, as the bundle's heads output (a cell takes the
   *     majority class of its pixels, its confidence their share)
   * @param minBoxPixels landmark boxes with fewer visible pixels are not detected, as a real detector misses
   *     objects a few pixels large
   */
  public record Settings(int segmentationStride, int minBoxPixels, GeoreferencePolicy georeference,
      FusionPolicy fusion, Duration publishInterval, int threads) {}

  /** What the fusion published: the same records the job writes. */
  public record Result(List<TileUpdate> updates, List<MapTile> snapshots, long frames) {}

  private final Settings settings;
  private final TileScheme scheme;

  public TruthPerception(TileScheme scheme, Settings settings) {
    this.scheme = scheme;
    this.settings = settings;
  }

  /**
   * @param frames told about every frame as it is used
   * @param progress told the number of frames done so far
   */
  public Result run(Fleet fleet, List<FleetSource> sources, long ticks, int tickStride, FrameSeen frames,
      LongConsumer progress) throws Exception {
    List<SourceFrame> all = new ArrayList<>();
    for (long tick = 0; tick < ticks; tick += tickStride) {
      for (FleetSource s : sources) {
        all.add(fleet.frame(s, tick));
      }
    }
    all.sort(Comparator.comparingLong(SourceFrame::captureTimeMicros));
    ThreadLocal<FrameRenderer> renderers =
        ThreadLocal.withInitial(() -> FrameRenderer.forIntrinsics(sources.get(0).intrinsics()));
    ThreadLocal<FrameGeoreferencer> georeferencers =
        ThreadLocal.withInitial(() -> new FrameGeoreferencer(scheme, settings.georeference()));
    Map<TileId, TileState> tiles = new HashMap<>();
    TreeMap<Long, Set<TileId>> due = new TreeMap<>();
    List<TileUpdate> updates = new ArrayList<>();
    List<MapTile> snapshots = new ArrayList<>();
    long intervalMicros = settings.publishInterval().toNanos() / 1000;
    ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
    try {
      for (int from = 0; from < all.size(); from += BATCH_FRAMES * settings.threads()) {
        List<Future<Map<TileId, TileObservation>>> placed = new ArrayList<>();
        int to = Math.min(all.size(), from + BATCH_FRAMES * settings.threads());
        for (SourceFrame f : all.subList(from, to)) {
          placed.add(pool.submit(() -> perceive(fleet, f, renderers.get(), georeferencers.get())));
        }
        for (int i = 0; i < placed.size(); i++) {
          SourceFrame f = all.get(from + i);
          publishDue(f.captureTimeMicros(), due, tiles, updates, snapshots);
          frames.seen(f);
          for (Map.Entry<TileId, TileObservation> e : placed.get(i).get().entrySet()) {
            tiles.computeIfAbsent(e.getKey(), t -> new TileState(t, scheme.cellsPerSide()))
                .apply(e.getValue(), settings.fusion());
            long end = Math.floorDiv(f.captureTimeMicros(), intervalMicros) * intervalMicros + intervalMicros;
            due.computeIfAbsent(end, k -> new LinkedHashSet<>()).add(e.getKey());
          }
        }
        progress.accept(to);
      }
      publishDue(Long.MAX_VALUE, due, tiles, updates, snapshots);
    } finally {
      pool.shutdownNow();
    }
    return new Result(updates, snapshots, all.size());
  }

  /** Told about each frame the oracle used (all of them: it has no link to lose frames on). */
  public interface FrameSeen {
    void seen(SourceFrame frame);
  }

  private void publishDue(long beforeMicros, TreeMap<Long, Set<TileId>> due, Map<TileId, TileState> tiles,
      List<TileUpdate> updates, List<MapTile> snapshots) {
    while (!due.isEmpty() && due.firstKey() <= beforeMicros) {
      for (TileId id : due.pollFirstEntry().getValue()) {
        TileState state = tiles.get(id);
        java.util.Optional<TileDelta> delta = state.publish();
        if (delta.isPresent()) {
          TileFrame frame = new TileFrame(scheme, id);
          updates.add(TileRecords.update(delta.get(), frame));
          snapshots.add(TileRecords.snapshot(state, frame));
        }
      }
    }
  }

  private Map<TileId, TileObservation> perceive(Fleet fleet, SourceFrame f, FrameRenderer renderer,
      FrameGeoreferencer georeferencer) {
    RenderedFrame r = renderer.render(fleet.city().at(f.simTime()), f.camera(),
        FrameStyle.forSource(fleet.city().seed(), f.sourceIndex(), f.tick()));
    // The wire's pose and camera, read back as the job reads them: the same noisy fix, the same conventions.
    Pose pose = WireConventions.pose(f.gnss());
    CameraModel camera = WireConventions.camera(f.camera().intrinsics(), f.camera().mount());
    FrameView view = new FrameView(f.sourceId() + "/" + f.tick(), f.sourceId(), f.captureTimeMicros(),
        FrameGeometry.position(pose), FrameGeometry.heading(pose), pose.getHorizontalAccuracy(),
        FrameGeometry.intrinsics(camera), FrameGeometry.mount(camera));
    return georeferencer.place(view, segmentation(r), detections(r));
  }

  SegmentationGrid segmentation(RenderedFrame r) {
    int stride = settings.segmentationStride();
    int h = r.height() / stride;
    int w = r.width() / stride;
    byte[] classes = new byte[h * w];
    byte[] confidence = new byte[h * w];
    int[] votes = new int[256];
    for (int row = 0; row < h; row++) {
      for (int col = 0; col < w; col++) {
        java.util.Arrays.fill(votes, 0);
        for (int y = row * stride; y < (row + 1) * stride; y++) {
          for (int x = col * stride; x < (col + 1) * stride; x++) {
            votes[CityscapesLabels.trainIdOf(Byte.toUnsignedInt(r.labelIds()[y * r.width() + x]))]++;
          }
        }
        int best = 0;
        for (int k = 1; k < votes.length; k++) {
          best = votes[k] > votes[best] ? k : best;
        }
        classes[row * w + col] = (byte) best;
        confidence[row * w + col] = (byte) Math.round(255.0 * votes[best] / (stride * stride));
      }
    }
    return new SegmentationGrid(h, w, classes, confidence);
  }

  List<LandmarkDetection> detections(RenderedFrame r) {
    List<LandmarkDetection> out = new ArrayList<>();
    for (Box2D b : r.boxes()) {
      LandmarkType type = LandmarkType.ofLabelId(b.labelId());
      if (type != null && b.landmarkId() >= 0 && b.pixels() >= settings.minBoxPixels()) {
        // the detector's foot point: bottom centre of the visible box (inclusive pixel bounds, centres at integers)
        out.add(new LandmarkDetection(type, (b.x0() + b.x1()) / 2.0, b.y1() + 0.5, 1.0));
      }
    }
    return out;
  }
}
