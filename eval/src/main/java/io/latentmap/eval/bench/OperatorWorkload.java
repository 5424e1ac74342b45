package io.latentmap.eval.bench;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.onnx.FloatTensor;
import io.latentmap.map.fusion.FrameGeoreferencer;
import io.latentmap.map.fusion.FrameView;
import io.latentmap.map.fusion.FusionPolicy;
import io.latentmap.map.fusion.GeoreferencePolicy;
import io.latentmap.map.fusion.LandmarkDetection;
import io.latentmap.map.fusion.SegmentationGrid;
import io.latentmap.map.fusion.TileObservation;
import io.latentmap.map.fusion.TileState;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.operators.georef.FrameGeometry;
import io.latentmap.operators.infer.Detection;
import io.latentmap.operators.infer.HeadOutputs;
import io.latentmap.operators.validate.FrameValidator;
import io.latentmap.operators.validate.KnownBundles;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.producer.BandwidthPolicy;
import io.latentmap.sim.producer.FleetProducer;
import io.latentmap.sim.producer.FrameSink;
import io.latentmap.sim.producer.ProduceListener;
import io.latentmap.sim.producer.ProducerSettings;
import io.latentmap.sim.world.CityGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Inputs of the operators' per-frame hot paths, built once: a real {@link CompressedFrame} from the fleet producer
 * (fixture bundle, city seed), head outputs of the latent grid's size with a street-like class layout, and the
 * perception of that frame placed on the map, so each benchmark times one stage on what the previous one makes.
 */
public final class OperatorWorkload {
  /** Head output grid of a 256x512 input at stride 8, and its classes. */
  static final int GRID_HEIGHT = 32;
  static final int GRID_WIDTH = 64;
  static final int DETECTION_CLASSES = 3;
  /** Logit margin of the intended class over the noise: peaked but not one-hot, like a trained head. */
  static final float CLASS_MARGIN = 4f;
  static final float DETECTION_THRESHOLD = 0.3f;
  static final int MAX_DETECTIONS = 64;
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  /** Landmark classes' trainIds (traffic sign, traffic light, pole) in heatmap order. */
  static final int[] DETECTION_TRAIN_IDS = {7, 6, 5};

  final FloatTensor logits;
  final FloatTensor detectionMaps;
  final int[] segmentationTrainIds;
  final CompressedFrame frame;
  final long nowMicros;
  final FrameValidator validator;
  final FrameView view;
  final SegmentationGrid segmentation;
  final List<LandmarkDetection> landmarks;
  final FrameGeoreferencer georeferencer;
  final Map<TileId, TileObservation> placed;
  private final Map<TileId, TileState> tiles = new LinkedHashMap<>();

  private OperatorWorkload(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    segmentationTrainIds = new int[CityscapesLabels.NUM_TRAIN_CLASSES];
    for (int t = 0; t < segmentationTrainIds.length; t++) {
      segmentationTrainIds[t] = t;
    }
    logits = streetLogits(random);
    detectionMaps = detectionMaps(random);
    frame = producedFrame(seed);
    nowMicros = frame.getCaptureTime().getEpochSecond() * 1_000_000L + 1_000_000L;
    Path dir = Files.createTempDirectory("latentmap-operator-bench");
    try {
      ModelBundle bundle = FixtureBundles.load(dir, EntropyModelType.HYPERPRIOR, seed);
      validator = new FrameValidator(Map.of(bundle.id(), KnownBundles.of(bundle)), MAX_CLOCK_SKEW);
    } finally {
      io.latentmap.eval.rate.HeldOutFrames.deleteTree(dir);
    }
    HeadOutputs.Segmentation seg = HeadOutputs.segmentation(logits, 0, segmentationTrainIds);
    segmentation = new SegmentationGrid(seg.height(), seg.width(), seg.trainIds(), seg.confidence());
    view = new FrameView(frame.getFrameId(), frame.getSourceId(), nowMicros, FrameGeometry.position(frame.getPose()),
        FrameGeometry.heading(frame.getPose()), frame.getPose().getHorizontalAccuracy(),
        FrameGeometry.intrinsics(frame.getCamera()), FrameGeometry.mount(frame.getCamera()));
    landmarks = new ArrayList<>();
    for (Detection d : centerNet()) {
      LandmarkType type = LandmarkType.ofLabelId(CityscapesLabels.byTrainId(d.trainId()).id());
      if (type != null) {
        landmarks.add(new LandmarkDetection(type, FrameGeometry.toMapPixel(d.footU()),
            FrameGeometry.toMapPixel(d.footV()), d.score()));
      }
    }
    georeferencer = new FrameGeoreferencer(TileScheme.standard(), GeoreferencePolicy.DEFAULTS);
    placed = georeferencer.place(view, segmentation, landmarks);
    placed.keySet().forEach(tile -> tiles.put(tile, new TileState(tile, TileScheme.DEFAULT_CELLS_PER_SIDE)));
  }

  public static OperatorWorkload create(long seed) {
    try {
      return new OperatorWorkload(seed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("operator workload", e);
    }
  }

  List<Detection> centerNet() {
    return HeadOutputs.centerNet(detectionMaps, 0, DETECTION_TRAIN_IDS, FixtureBundles.STRIDE, DETECTION_THRESHOLD,
        MAX_DETECTIONS);
  }

  /**
   * Folds the frame's observations into the states of its tiles, as the aggregator does for every frame once a
   * tile's state exists (its creation, once per tile and run, is not the per-frame cost).
   */
  int aggregate() {
    int cells = 0;
    for (Map.Entry<TileId, TileObservation> e : placed.entrySet()) {
      tiles.get(e.getKey()).apply(e.getValue(), FusionPolicy.DEFAULTS);
      cells += e.getValue().cellCount();
    }
    return cells;
  }

  /** Sky at the top, buildings, then vegetation or sidewalk, road at the bottom, plus noise. */
  private static FloatTensor streetLogits(SplittableRandom random) {
    int classes = CityscapesLabels.NUM_TRAIN_CLASSES;
    int plane = GRID_HEIGHT * GRID_WIDTH;
    float[] data = new float[classes * plane];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    for (int y = 0; y < GRID_HEIGHT; y++) {
      for (int x = 0; x < GRID_WIDTH; x++) {
        int trainId = y < GRID_HEIGHT / 4 ? 10 : y < GRID_HEIGHT / 2 ? 2 : y < GRID_HEIGHT * 5 / 8
            ? (x % 16 < 8 ? 8 : 1) : 0;
        data[trainId * plane + y * GRID_WIDTH + x] += CLASS_MARGIN;
      }
    }
    return new FloatTensor(data, new long[] {1, classes, GRID_HEIGHT, GRID_WIDTH});
  }

  /** Sigmoid-like heatmaps with a few peaks above the threshold, sizes and offsets in cells. */
  private static FloatTensor detectionMaps(SplittableRandom random) {
    int channels = DETECTION_CLASSES + 4;
    int plane = GRID_HEIGHT * GRID_WIDTH;
    float[] data = new float[channels * plane];
    for (int c = 0; c < DETECTION_CLASSES; c++) {
      for (int i = 0; i < plane; i++) {
        data[c * plane + i] = (float) (random.nextDouble() * DETECTION_THRESHOLD);
      }
      for (int peak = 0; peak < 4; peak++) {
        data[c * plane + GRID_HEIGHT / 2 * GRID_WIDTH + random.nextInt(GRID_WIDTH)] = 0.5f + (float) random.nextDouble() / 2;
      }
    }
    for (int i = DETECTION_CLASSES * plane; i < data.length; i++) {
      data[i] = (float) random.nextDouble() * 2;
    }
    return new FloatTensor(data, new long[] {1, channels, GRID_HEIGHT, GRID_WIDTH});
  }

  /** One frame of one vehicle of city {@code seed}, encoded by the fixture bundle, all layers. */
  private static CompressedFrame producedFrame(long seed) throws Exception {
    Path dir = Files.createTempDirectory("latentmap-operator-bench");
    try {
      ModelBundle bundle = FixtureBundles.load(dir, EntropyModelType.HYPERPRIOR, seed);
      Fleet fleet = new Fleet(CityGenerator.generate(seed), 1, Instant.now().minus(Duration.ofHours(1)));
      List<CompressedFrame> frames = new ArrayList<>();
      try (BundleNetworks networks = BundleNetworks.open(bundle, 1);
          FleetProducer producer = new FleetProducer(bundle, networks, ProducerSettings.withThreads(1))) {
        producer.produceFleet(fleet, fleet.sources().subList(0, 1), 1, BandwidthPolicy.constant(1e12),
            new FrameSink() {
              @Override
              public void send(CompressedFrame f) {
                frames.add(f);
              }

              @Override
              public void flush() {}

              @Override
              public void close() {}
            }, ProduceListener.NONE);
      }
      return frames.get(0);
    } finally {
      io.latentmap.eval.rate.HeldOutFrames.deleteTree(dir);
    }
  }

  /** Tiles the frame's perception lands on, for reports. */
  Map<TileId, Integer> cellsPerTile() {
    Map<TileId, Integer> out = new LinkedHashMap<>();
    placed.forEach((tile, observation) -> out.put(tile, observation.cellCount()));
    return out;
  }
}
