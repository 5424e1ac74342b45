package io.latentmap.jobs;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.map.fusion.CellGrid;
import io.latentmap.operators.infer.LatentPerceiver;
import io.latentmap.operators.infer.Perception;
import io.latentmap.schemas.CameraModel;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.LayerSlice;
import io.latentmap.schemas.Pose;
import io.latentmap.schemas.Sha256;
import io.latentmap.schemas.SourceKind;
import io.latentmap.schemas.TensorShape;
import io.latentmap.schemas.wire.FrameIntegrity;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Frames as a vehicle driving north through Munich would send them, encoded with a bundle's real entropy coder.
 * The fixture bundle's heads are untrained 1x1 convolutions, so the latent is chosen to make them see one static
 * class everywhere: a world of one surface, which the map must learn cell by cell as the vehicles drive.
 */
final class TestFleet {
  static final double START_LATITUDE = 48.137;
  static final double START_LONGITUDE = 11.575;
  static final double METERS_PER_DEGREE_LATITUDE = 111_200;
  /** Cityscapes intrinsics at 512x256, wire convention (pixel centres at +0.5). */
  static final CameraModel CAMERA = new CameraModel(512, 256, 565.63, 566.33, 274.745, 128.784, 1.22, 1.7, 0.1,
      0.0, -2.86, 0.0);

  /** The head must be sure of the scene (0..255): the map weighs each observation by that confidence. */
  private static final int MIN_SCENE_CONFIDENCE = 200;

  private final ModelBundle bundle;
  private final Random random;
  private final Instant start;
  private final int[] scene;
  private final int sceneClass;

  TestFleet(ModelBundle bundle, long seed, Instant start) throws Exception {
    this.bundle = bundle;
    this.random = new Random(seed);
    this.start = start;
    int[][] found = uniformStaticScene(bundle, seed);
    this.scene = found[0];
    this.sceneClass = found[1][0];
  }

  /** The trainId the bundle's full-layer head sees everywhere in this fleet's frames. */
  int sceneClass() {
    return sceneClass;
  }

  /**
   * A latent constant over space (one random value per channel) whose full-layer head output is a static map class
   * at every pixel, with confidence: tries until the untrained head happens to say road, sidewalk, building, ...
   */
  private static int[][] uniformStaticScene(ModelBundle bundle, long seed) throws Exception {
    var tensor = bundle.manifest().tensor();
    int plane = tensor.height() * tensor.width();
    try (BundleNetworks networks = BundleNetworks.open(bundle, 1)) {
      LatentPerceiver perceiver = new LatentPerceiver(networks, LatentPerceiver.DetectionSettings.DEFAULTS);
      Random random = new Random(seed);
      for (int attempt = 0; attempt < 2000; attempt++) {
        int[] symbols = new int[tensor.channels() * plane];
        for (int c = 0; c < tensor.channels(); c++) {
          java.util.Arrays.fill(symbols, c * plane, (c + 1) * plane, (int) Math.round(random.nextGaussian() * 6));
        }
        CompressedFrame probe = encode(bundle, symbols, bundle.manifest().layers().size(), "probe", 0, Instant.EPOCH,
            random);
        Perception seen = perceiver.perceive(List.of(perceiver.decode(probe))).get(0);
        int trainId = Byte.toUnsignedInt(seen.segClasses()[0]);
        if (CellGrid.isStatic(trainId) && allEqual(seen.segClasses())
            && minUnsigned(seen.segConfidence()) >= MIN_SCENE_CONFIDENCE) {
          return new int[][] {symbols, {trainId}};
        }
      }
    }
    throw new IllegalStateException("no latent makes the fixture head see a static class");
  }

  private static int minUnsigned(byte[] values) {
    int min = 255;
    for (byte v : values) {
      min = Math.min(min, Byte.toUnsignedInt(v));
    }
    return min;
  }

  private static boolean allEqual(byte[] values) {
    for (byte v : values) {
      if (v != values[0]) {
        return false;
      }
    }
    return true;
  }

  /** Frame {@code index} of a vehicle driving north at 1 m per frame (10 m/s at 10 Hz), with all layers. */
  CompressedFrame frame(String vehicle, int index) {
    return encode(bundle, scene, bundle.manifest().layers().size(), vehicle, index, start, random);
  }

  /** Like {@link #frame} but with only the first {@code layers} layers sent. */
  CompressedFrame frame(String vehicle, int index, int layers) {
    return encode(bundle, scene, layers, vehicle, index, start, random);
  }

  private static CompressedFrame encode(ModelBundle bundle, int[] symbols, int layers, String vehicle, int index,
      Instant start, Random random) {
    var tensor = bundle.manifest().tensor();
    List<byte[]> encoded = bundle.tensorEncoder().encodeFactorized(symbols, tensor.height(), tensor.width(), layers);
    List<LayerSlice> slices = new ArrayList<>();
    List<ByteBuffer> payloads = new ArrayList<>();
    for (int k = 0; k < layers; k++) {
      var range = bundle.manifest().layers().get(k);
      slices.add(new LayerSlice(k, range.start(), range.count()));
      payloads.add(ByteBuffer.wrap(encoded.get(k)));
    }
    double north = index * 1.0;
    return FrameIntegrity.seal(CompressedFrame.newBuilder()
        .setFrameId(new UUID(random.nextLong(), random.nextLong()).toString())
        .setSourceId(vehicle)
        .setSourceKind(SourceKind.VEHICLE)
        .setSensorId("front")
        .setCaptureTime(start.plusMillis(index * 100L))
        .setPose(new Pose(START_LATITUDE + north / METERS_PER_DEGREE_LATITUDE, START_LONGITUDE, 520.0, 0.0, 0.0, 0.0, 0.5))
        .setCamera(CAMERA)
        .setBundleId(bundle.id())
        .setBundleSha256(new Sha256(bundle.bundleSha256()))
        .setTensorShape(new TensorShape(tensor.channels(), tensor.height(), tensor.width(), slices))
        .setLayers(payloads)
        .setCrc32c(0)
        .build());
  }
}
