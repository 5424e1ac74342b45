package io.latentmap.schemas;

import io.latentmap.schemas.wire.FrameIntegrity;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Random but plausible records of every topic type, for tests here and (via this module's test-jar) in other
 * modules. Times have microsecond precision so they survive timestamp-micros exactly.
 */
public final class SampleRecords {

  /** Munich, where the default tiles of the demo lie. */
  private static final double BASE_LATITUDE = 48.137;
  private static final double BASE_LONGITUDE = 11.575;
  private static final long BASE_EPOCH_SECOND = 1_795_000_000L;
  private static final int DEFAULT_ZOOM = 19;
  private static final int RASTER_SIZE = 256;
  private static final int[] STATIC_TRAIN_IDS = {0, 1, 2, 3, 4, 8, 9, 255};
  private static final int CHANNELS_PER_LAYER = 48;

  private SampleRecords() {
  }

  /** A sealed frame with {@code layerCount} layers of random bytes, each between the given lengths. */
  public static CompressedFrame compressedFrame(Random random, int layerCount, int minLayerBytes, int maxLayerBytes) {
    List<LayerSlice> slices = new ArrayList<>();
    List<ByteBuffer> layers = new ArrayList<>();
    for (int i = 0; i < layerCount; i++) {
      slices.add(new LayerSlice(i, i * CHANNELS_PER_LAYER, CHANNELS_PER_LAYER));
      layers.add(ByteBuffer.wrap(randomBytes(random, minLayerBytes + random.nextInt(maxLayerBytes - minLayerBytes + 1))));
    }
    CompressedFrame frame = CompressedFrame.newBuilder()
        .setFrameId(new UUID(random.nextLong(), random.nextLong()).toString())
        .setSourceId("vehicle-" + random.nextInt(1000))
        .setSourceKind(random.nextBoolean() ? SourceKind.VEHICLE : SourceKind.INFRASTRUCTURE)
        .setSensorId("front")
        .setCaptureTime(instant(random))
        .setPose(new Pose(BASE_LATITUDE + random.nextDouble() * 1e-2, BASE_LONGITUDE + random.nextDouble() * 1e-2,
            520 + random.nextDouble(), random.nextDouble() * 360, random.nextGaussian(), random.nextGaussian(),
            0.1 + random.nextDouble()))
        .setCamera(new CameraModel(1024, 512, 1100.0, 1100.0, 512.0, 256.0, 1.5, 1.8, 0.0, 0.0, -5.0, 0.0))
        .setBundleId("latent-v1")
        .setBundleSha256(new Sha256(randomBytes(random, 32)))
        .setTensorShape(new TensorShape(layerCount * CHANNELS_PER_LAYER, 32, 64, slices))
        .setLayers(layers)
        .setCrc32c(0)
        .build();
    return FrameIntegrity.seal(frame);
  }

  public static TileUpdate tileUpdate(Random random) {
    Instant start = instant(random);
    List<CellChange> cells = new ArrayList<>();
    int cellIndex = 0;
    for (int i = 0; i < 1 + random.nextInt(200); i++) {
      cellIndex += 1 + random.nextInt(300);
      cells.add(new CellChange(cellIndex, staticClass(random), staticClass(random), random.nextFloat()));
    }
    return TileUpdate.newBuilder()
        .setTile(tile(random))
        .setVersion(1 + random.nextInt(1000))
        .setEventTimeStart(start)
        .setEventTimeEnd(start.plusMillis(random.nextInt(60_000)))
        .setChangedCells(cells)
        .setLandmarksAdded(landmarks(random, random.nextInt(4)))
        .setLandmarksMoved(landmarks(random, random.nextInt(3)))
        .setLandmarksRemoved(landmarks(random, random.nextInt(2)))
        .setContributingFrames(1 + random.nextInt(500))
        .setContributingSources(1 + random.nextInt(20))
        .build();
  }

  public static MapTile mapTile(Random random) {
    byte[] classes = new byte[RASTER_SIZE * RASTER_SIZE];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = (byte) staticClass(random);
    }
    return MapTile.newBuilder()
        .setTile(tile(random))
        .setVersion(1 + random.nextInt(1000))
        .setRasterSize(RASTER_SIZE)
        .setClassRaster(ByteBuffer.wrap(classes))
        .setConfidenceRaster(ByteBuffer.wrap(randomBytes(random, RASTER_SIZE * RASTER_SIZE)))
        .setLandmarks(landmarks(random, random.nextInt(30)))
        .setUpdatedAt(instant(random))
        .build();
  }

  public static DeadLetter deadLetter(Random random) {
    byte[] original = randomBytes(random, random.nextInt(2000));
    return DeadLetter.newBuilder()
        .setOriginalBytes(ByteBuffer.wrap(original))
        .setOriginalLength(original.length)
        .setOriginalKey(random.nextBoolean() ? null : ByteBuffer.wrap(randomBytes(random, 12)))
        .setTopic("fleet.frames")
        .setPartition(random.nextInt(12))
        .setOffset(random.nextInt(1_000_000))
        .setErrorCode(DeadLetterReason.values()[random.nextInt(DeadLetterReason.values().length)])
        .setMessage("sample rejection " + random.nextInt())
        .setTime(instant(random))
        .build();
  }

  public static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static List<Landmark> landmarks(Random random, int count) {
    List<Landmark> landmarks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double variance = 0.01 + random.nextDouble();
      landmarks.add(new Landmark("lm-" + random.nextInt(100_000),
          LandmarkType.values()[random.nextInt(LandmarkType.values().length)],
          BASE_LATITUDE + random.nextDouble() * 1e-3, BASE_LONGITUDE + random.nextDouble() * 1e-3,
          new PositionCovariance(variance, variance * 1.5, variance * 0.1), 1 + random.nextInt(100),
          instant(random)));
    }
    return landmarks;
  }

  private static TileId tile(Random random) {
    return new TileId(DEFAULT_ZOOM, 278_000 + random.nextInt(100), 180_000 + random.nextInt(100));
  }

  private static int staticClass(Random random) {
    return STATIC_TRAIN_IDS[random.nextInt(STATIC_TRAIN_IDS.length)];
  }

  private static Instant instant(Random random) {
    return Instant.ofEpochSecond(BASE_EPOCH_SECOND + random.nextInt(86_400), random.nextInt(1_000_000) * 1_000L);
  }
}
