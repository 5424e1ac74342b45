package io.latentmap.sim.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.schemas.SourceKind;
import io.latentmap.sim.export.CityscapesFrame;
import io.latentmap.sim.export.CityscapesPaths;
import io.latentmap.sim.export.CityscapesReader;
import io.latentmap.sim.export.Resample;
import io.latentmap.sim.fleet.GnssFix;
import io.latentmap.sim.fleet.GnssNoise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Frames of a Cityscapes-layout folder (the real dataset, or an export of this simulator) as a camera source would
 * send them: pixels resampled to the bundle's input size, intrinsics and mount from {@code camera/}, GNSS position
 * and heading from {@code vehicle/}. Sources and capture times come from the simulator's truth JSON when the folder
 * is a simulator export; otherwise each (city, sequence) is a vehicle whose frames are {@code 1 / frame rate}
 * apart.
 */
final class CityscapesReplay {

  /** Capture time of frame 0 when the folder does not say (Cityscapes has no timestamps in its JSON). */
  static final Instant DEFAULT_EPOCH = Instant.parse("2026-11-25T08:00:00Z");
  /** Cityscapes' vehicle JSON has no altitude: the ground is taken to lie on the ellipsoid. */
  static final double UNKNOWN_ALTITUDE = 0.0;
  /** Namespace of replayed frame ids, so a replay never reuses a live fleet frame's id. */
  static final long REPLAY_ID_SEED = 0x5245504C4159L;
  private static final long MAX_TRUTH_JSON_BYTES = 4L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One frame to replay. */
  record Item(CityscapesReader.FrameKey key) {}

  /**
   * A replayed frame: its wire header and its pixels at the bundle's input size, with the true pose when the
   * folder is a simulator export (else null).
   */
  record Frame(FrameAssembler.Header header, long frameNumber, int[] rgb, VehiclePose truePose, GeoPoint trueGeo) {}

  private final Path root;
  private final CityscapesReader reader;
  private final ProducerSettings settings;
  private final int inputWidth;
  private final int inputHeight;

  CityscapesReplay(Path root, ProducerSettings settings, int inputWidth, int inputHeight) {
    this.root = root;
    this.reader = new CityscapesReader(root);
    this.settings = settings;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
  }

  /** Every frame of every split, splits and frames in name order (so each source's frames are in order). */
  List<Item> items() throws IOException {
    List<Item> items = new ArrayList<>();
    try (Stream<Path> splits = Files.list(root.resolve(CityscapesPaths.IMAGES))) {
      for (Path split : (Iterable<Path>) splits.filter(Files::isDirectory).sorted()::iterator) {
        for (CityscapesReader.FrameKey key : reader.list(split.getFileName().toString())) {
          items.add(new Item(key));
        }
      }
    }
    if (items.isEmpty()) {
      throw new IOException("no *_leftImg8bit.png frames under " + root.resolve(CityscapesPaths.IMAGES));
    }
    return items;
  }

  Frame read(Item item) throws IOException {
    CityscapesReader.FrameKey key = item.key();
    CityscapesFrame f = reader.read(key);
    String base = key.baseName();
    if (f.intrinsics() == null || f.mount() == null) {
      throw new IOException(base + ": no camera JSON, so the frame cannot be placed on the ground");
    }
    if (f.vehicle() == null) {
      throw new IOException(base + ": no vehicle JSON, so the frame has no pose");
    }
    int factor = downscaleFactor(f.width(), f.height(), inputWidth, inputHeight, base);
    CameraIntrinsics k = factor == 1 ? f.intrinsics() : f.intrinsics().scaled(1.0 / factor);
    int[] rgb = factor == 1 ? f.rgb() : boxDownscale(f.rgb(), f.width(), f.height(), factor);
    Source source = source(key);
    GnssFix fix = new GnssFix(f.vehicle().gpsLatitude(), f.vehicle().gpsLongitude(), UNKNOWN_ALTITUDE,
        compassDegrees(f.vehicle().gpsHeading()), source.horizontalAccuracy());
    FrameAssembler.Header header = new FrameAssembler.Header(
        FrameIds.of(REPLAY_ID_SEED, key.split() + "/" + base, key.frame()), source.id(), source.kind(),
        settings.sensorId(), source.captureTimeMicros(), WireConventions.pose(fix),
        WireConventions.camera(k, f.mount()));
    return new Frame(header, key.frame(), rgb, source.truePose(), source.trueGeo());
  }

  /** Who sent a replayed frame, when, and (simulator exports only) from exactly where. */
  private record Source(String id, SourceKind kind, long captureTimeMicros, double horizontalAccuracy,
      VehiclePose truePose, GeoPoint trueGeo) {}

  private Source source(CityscapesReader.FrameKey key) throws IOException {
    Path truth = CityscapesPaths.truth(root, key.split(), key.city(), key.baseName());
    if (Files.exists(truth)) {
      if (Files.size(truth) > MAX_TRUTH_JSON_BYTES) {
        throw new IOException(truth + " is larger than " + MAX_TRUTH_JSON_BYTES + " bytes");
      }
      JsonNode json = JSON.readTree(truth.toFile());
      JsonNode id = json.get("sourceId");
      JsonNode kind = json.get("sourceKind");
      JsonNode micros = json.get("captureTimeMicros");
      if (id == null || !id.isTextual() || kind == null || !kind.isTextual() || micros == null
          || !micros.canConvertToLong()) {
        throw new IOException(truth + ": needs sourceId, sourceKind and captureTimeMicros");
      }
      SourceKind sourceKind;
      try {
        sourceKind = SourceKind.valueOf(kind.asText());
      } catch (IllegalArgumentException e) {
        throw new IOException(truth + ": unknown sourceKind " + kind.asText(), e);
      }
      GnssNoise noise = sourceKind == SourceKind.VEHICLE ? GnssNoise.consumer() : GnssNoise.surveyed();
      JsonNode pose = json.path("truePose");
      return new Source(id.asText(), sourceKind, micros.asLong(), noise.horizontalAccuracy(),
          new VehiclePose(number(pose, "east", truth), number(pose, "north", truth),
              Math.toRadians(number(pose, "headingDegrees", truth))),
          new GeoPoint(number(pose, "latitude", truth), number(pose, "longitude", truth), UNKNOWN_ALTITUDE));
    }
    long epochMicros = DEFAULT_EPOCH.getEpochSecond() * 1_000_000L;
    long offset = Math.round(key.frame() * 1_000_000L / settings.replayFrameRateHz());
    return new Source(key.city() + "-" + String.format("%06d", key.sequence()), SourceKind.VEHICLE,
        epochMicros + offset, GnssNoise.consumer().horizontalAccuracy(), null, null);
  }

  private static double number(JsonNode node, String field, Path file) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber()) {
      throw new IOException(file + ": missing number truePose." + field);
    }
    return v.asDouble();
  }

  static double compassDegrees(double degrees) {
    if (!Double.isFinite(degrees)) {
      throw new IllegalArgumentException("heading is not a number: " + degrees);
    }
    double d = degrees % 360;
    return d < 0 ? d + 360 : d;
  }

  /** The integer factor that takes an image to the bundle's input size, or an exception naming the frame. */
  static int downscaleFactor(int width, int height, int inputWidth, int inputHeight, String frame) {
    if (width % inputWidth != 0 || height % inputHeight != 0 || width / inputWidth != height / inputHeight) {
      throw new IllegalArgumentException(frame + " is " + width + "x" + height + ": not an integer multiple of the"
          + " bundle's input " + inputWidth + "x" + inputHeight);
    }
    return width / inputWidth;
  }

  /** See {@link Resample#boxDownscale}. */
  static int[] boxDownscale(int[] rgb, int width, int height, int factor) {
    return Resample.boxDownscale(rgb, width, height, factor);
  }
}
