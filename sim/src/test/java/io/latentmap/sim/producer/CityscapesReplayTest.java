package io.latentmap.sim.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.SourceKind;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.schemas.wire.FrameIntegrity;
import io.latentmap.sim.TestWorld;
import io.latentmap.sim.export.CityscapesExporter;
import io.latentmap.sim.export.CityscapesPaths;
import io.latentmap.sim.world.City;
import io.latentmap.testkit.KafkaBroker;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Replaying Cityscapes-layout folders: a simulator export, and a Cityscapes-like frame at twice the input size. */
class CityscapesReplayTest {

  @RegisterExtension static final KafkaBroker broker = KafkaBroker.create();
  @TempDir static Path dir;

  static final AvroWire<CompressedFrame> WIRE = AvroWire.compressedFrames();
  static final ObjectMapper JSON = new ObjectMapper();
  static final City CITY = TestWorld.small(5);
  static ModelBundle bundle;
  static BundleNetworks networks;

  @BeforeAll
  static void setUp() throws Exception {
    bundle = FixtureBundles.load(dir.resolve("bundles"), EntropyModelType.FACTORIZED, 12);
    networks = BundleNetworks.open(bundle, BundleNetworks.DEFAULT_INTRA_OP_THREADS);
  }

  @AfterAll
  static void tearDown() {
    networks.close();
  }

  static List<CompressedFrame> replay(Path root, List<FrameOutcome> outcomes) throws Exception {
    String topic = KafkaBroker.uniqueTopicName("replay");
    broker.createTopic(topic, 2);
    try (FleetProducer producer = new FleetProducer(bundle, networks, ProducerSettings.withThreads(2));
        KafkaFrameSink sink = KafkaFrameSink.connect(broker.bootstrapServers(), topic)) {
      producer.replay(root, sink, outcomes::add);
    }
    List<CompressedFrame> frames = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : broker.readToEnd(topic, Duration.ofSeconds(60))) {
      frames.add(WIRE.decode(r.value()));
    }
    return frames;
  }

  @Test
  void aSimulatorExportIsPublishedWithAllLayersItsSourcesTimesAndPoses() throws Exception {
    Path root = dir.resolve("export");
    int exported = 6;
    new CityscapesExporter(CITY, 2, 3).export(root, CityscapesExporter.Options.of(exported, "val"),
        n -> {});
    List<FrameOutcome> outcomes = new ArrayList<>();
    List<CompressedFrame> frames = replay(root, outcomes);
    assertThat(frames).hasSize(exported);
    assertThat(outcomes).hasSize(exported).allMatch(o -> o.layersSent() == bundle.manifest().layers().size());
    for (FrameOutcome o : outcomes) {
      JsonNode truth = JSON.readTree(CityscapesPaths.truth(root, "val", CITY.name(),
          CityscapesPaths.baseName(CITY.name(), sourceIndex(o.sourceId()), o.frameNumber())).toFile()).get("truePose");
      assertThat(o.truePose().east()).isEqualTo(truth.get("east").asDouble());
      assertThat(o.truePose().north()).isEqualTo(truth.get("north").asDouble());
      assertThat(o.trueGeo().latitude()).isEqualTo(truth.get("latitude").asDouble());
    }
    Map<String, Long> lastCapture = new HashMap<>();
    for (CompressedFrame f : frames) {
      FrameIntegrity.verify(f);
      assertThat(bundle.tensorDecoder().decode(layers(f), null).layerCount())
          .isEqualTo(bundle.manifest().layers().size());
      String base = baseNameOf(root, f);
      JsonNode truth = JSON.readTree(CityscapesPaths.truth(root, "val", CITY.name(), base).toFile());
      JsonNode vehicle = JSON.readTree(CityscapesPaths.vehicle(root, "val", CITY.name(), base).toFile());
      assertThat(f.getSourceId()).isEqualTo(truth.get("sourceId").asText());
      assertThat(f.getSourceKind().name()).isEqualTo(truth.get("sourceKind").asText());
      long micros = f.getCaptureTime().getEpochSecond() * 1_000_000L + f.getCaptureTime().getNano() / 1000;
      assertThat(micros).isEqualTo(truth.get("captureTimeMicros").asLong());
      assertThat(f.getPose().getLatitude()).isEqualTo(vehicle.get("gpsLatitude").asDouble());
      assertThat(f.getPose().getLongitude()).isEqualTo(vehicle.get("gpsLongitude").asDouble());
      assertThat(f.getPose().getHeading()).isEqualTo(vehicle.get("gpsHeading").asDouble());
      Long previous = lastCapture.put(f.getSourceId(), micros);
      if (previous != null) {
        assertThat(micros).isGreaterThan(previous);
      }
    }
    assertThat(frames.stream().map(CompressedFrame::getSourceKind)).contains(SourceKind.VEHICLE,
        SourceKind.INFRASTRUCTURE);
  }

  /** "veh-001" is fleet source 1; roadside cameras follow the vehicles. */
  private static int sourceIndex(String sourceId) {
    return new io.latentmap.sim.fleet.Fleet(CITY, 2).sources().stream().filter(s -> s.id().equals(sourceId))
        .findFirst().orElseThrow().index();
  }

  /** Finds the exported frame a replayed one came from by its sequence (source index) and capture order. */
  private static String baseNameOf(Path root, CompressedFrame f) throws Exception {
    String city = CITY.name();
    try (var files = Files.list(root.resolve(CityscapesPaths.TRUTH).resolve("val").resolve(city))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        JsonNode truth = JSON.readTree(p.toFile());
        long micros = f.getCaptureTime().getEpochSecond() * 1_000_000L + f.getCaptureTime().getNano() / 1000;
        if (truth.get("sourceId").asText().equals(f.getSourceId())
            && truth.get("captureTimeMicros").asLong() == micros) {
          String name = p.getFileName().toString();
          return name.substring(0, name.length() - "_truth.json".length());
        }
      }
    }
    throw new AssertionError("no exported frame for " + f.getSourceId());
  }

  @Test
  void aCityscapesFrameAtTwiceTheInputSizeIsAveragedDownWithItsIntrinsics() throws Exception {
    Path root = dir.resolve("cityscapes");
    CameraIntrinsics half = CameraIntrinsics.CITYSCAPES_FULL.scaled(0.5);
    writeCityscapesFrame(root, "aachen", 3, 19, half, 90.0 + 360.0);
    List<FrameOutcome> outcomes = new ArrayList<>();
    List<CompressedFrame> frames = replay(root, outcomes);
    assertThat(frames).hasSize(1);
    assertThat(outcomes.get(0).truePose()).as("Cityscapes has no ground truth pose").isNull();
    CompressedFrame f = frames.get(0);
    CameraIntrinsics expected = CameraIntrinsics.cityscapesDefault();
    assertThat(f.getSourceId()).isEqualTo("aachen-000003");
    assertThat(f.getSourceKind()).isEqualTo(SourceKind.VEHICLE);
    assertThat(f.getCamera().getImageWidth()).isEqualTo(512);
    assertThat(f.getCamera().getFocalLengthX()).isCloseTo(expected.fx(), within(1e-9));
    assertThat(f.getCamera().getPrincipalPointX()).isCloseTo(expected.u0() + 0.5, within(1e-9));
    assertThat(f.getCamera().getMountPitch()).isCloseTo(-Math.toDegrees(CameraMount.CITYSCAPES.pitch()), within(1e-9));
    assertThat(f.getPose().getHeading()).isEqualTo(90.0);
    long micros = f.getCaptureTime().getEpochSecond() * 1_000_000L + f.getCaptureTime().getNano() / 1000;
    assertThat(micros).isEqualTo(CityscapesReplay.DEFAULT_EPOCH.getEpochSecond() * 1_000_000L
        + Math.round(19 * 1e6 / ProducerSettings.CITYSCAPES_FRAME_RATE_HZ));
  }

  @Test
  void aFrameWithoutCameraJsonIsRefusedByName() throws Exception {
    Path root = dir.resolve("no-camera");
    writeCityscapesFrame(root, "bonn", 1, 2, CameraIntrinsics.cityscapesDefault(), 10);
    Files.delete(CityscapesPaths.camera(root, "train", "bonn", "bonn_000001_000002"));
    assertThatThrownBy(() -> replay(root, new ArrayList<>())).isInstanceOf(ProducerException.class)
        .hasMessageContaining("bonn_000001_000002").hasMessageContaining("no camera JSON");
  }

  @Test
  void boxDownscalingAveragesEachBlockRoundingHalfUp() {
    int[] image = {0x000000, 0x030303, 0x102030, 0x102030,
                   0x010101, 0x020202, 0x102030, 0x102030};
    assertThat(CityscapesReplay.boxDownscale(image, 4, 2, 2)).containsExactly(0x020202, 0x102030);
    assertThatThrownBy(() -> CityscapesReplay.downscaleFactor(1000, 500, 512, 256, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integer multiple");
  }

  private static void writeCityscapesFrame(Path root, String city, int sequence, int frame, CameraIntrinsics k,
      double headingDegrees) throws Exception {
    String base = CityscapesPaths.baseName(city, sequence, frame);
    Path png = CityscapesPaths.image(root, "train", city, base);
    Files.createDirectories(png.getParent());
    BufferedImage image = new BufferedImage(k.width(), k.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < k.height(); y++) {
      for (int x = 0; x < k.width(); x++) {
        image.setRGB(x, y, (x * 255 / k.width()) << 16 | (y * 255 / k.height()) << 8 | ((x + y) & 0xFF));
      }
    }
    ImageIO.write(image, "png", png.toFile());
    CameraMount m = CameraMount.CITYSCAPES;
    Path camera = CityscapesPaths.camera(root, "train", city, base);
    Files.createDirectories(camera.getParent());
    JSON.writeValue(camera.toFile(), Map.of(
        "extrinsic", Map.of("baseline", 0.21, "pitch", m.pitch(), "roll", m.roll(), "x", m.x(), "y", m.y(),
            "yaw", m.yaw(), "z", m.z()),
        "intrinsic", Map.of("fx", k.fx(), "fy", k.fy(), "u0", k.u0(), "v0", k.v0())));
    Path vehicle = CityscapesPaths.vehicle(root, "train", city, base);
    Files.createDirectories(vehicle.getParent());
    JSON.writeValue(vehicle.toFile(), Map.of("gpsHeading", headingDegrees, "gpsLatitude", 50.78,
        "gpsLongitude", 6.08, "outsideTemperature", 12.5, "speed", 8.0));
  }

  static List<byte[]> layers(CompressedFrame frame) {
    List<byte[]> out = new ArrayList<>();
    for (ByteBuffer b : frame.getLayers()) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      out.add(bytes);
    }
    return out;
  }
}
