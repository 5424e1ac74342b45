package io.latentmap.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.operators.georef.FrameGeometry;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.producer.BandwidthPolicy;
import io.latentmap.sim.producer.FleetProducer;
import io.latentmap.sim.producer.FrameOutcome;
import io.latentmap.sim.producer.FrameSink;
import io.latentmap.sim.producer.ProducerSettings;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityConfig;
import io.latentmap.sim.world.CityGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer (sim/) writes pose and camera in the wire's conventions and the job (operators/) reads them back
 * with FrameGeometry: the camera the job rebuilds must project the ground exactly as the simulator's camera at the
 * pose the frame reports.
 */
class FrameConventionsTest {

  static final double PIXEL_TOLERANCE = 1e-6;
  /** Image rows and columns sampled for ground points (every 32nd pixel of the lower half, which sees ground). */
  static final int PIXEL_STEP = 32;

  @TempDir Path bundles;

  /** Keeps the frames in memory: this test is about their content, not their transport. */
  static final class CollectingSink implements FrameSink {
    final List<CompressedFrame> frames = new ArrayList<>();

    @Override
    public void send(CompressedFrame frame) {
      frames.add(frame);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void theJobRebuildsTheSimulatorsCameraFromTheWireToAMicropixel() throws Exception {
    CityConfig d = CityConfig.defaults();
    City city = CityGenerator.generate(3, GeoPoint.of(48.1351, 11.5820), new CityConfig(140, 20,
        d.groundCellSize(), d.minBlock(), d.maxBlock(), d.changesFrom(), d.changesUntil(), d.changesPerKind(), 2));
    Fleet fleet = new Fleet(city, 2);
    ModelBundle bundle = FixtureBundles.load(bundles, EntropyModelType.FACTORIZED, 3);
    CollectingSink sink = new CollectingSink();
    Map<String, FrameOutcome> outcomes = new HashMap<>();
    try (BundleNetworks networks = BundleNetworks.open(bundle, 1);
        FleetProducer producer = new FleetProducer(bundle, networks, ProducerSettings.withThreads(1))) {
      producer.produceFleet(fleet, fleet.sources(), 2, BandwidthPolicy.constant(1e12), sink,
          o -> outcomes.put(o.frameId(), o));
    }
    assertThat(sink.frames).hasSize(2 * fleet.sources().size());

    int compared = 0;
    for (CompressedFrame frame : sink.frames) {
      FrameOutcome outcome = outcomes.get(frame.getFrameId());
      FleetSource source = fleet.sources().stream().filter(s -> s.id().equals(frame.getSourceId())).findFirst()
          .orElseThrow();
      SourceFrame slot = fleet.frame(source, outcome.frameNumber());
      PinholeCamera simulator = new PinholeCamera(source.intrinsics(), source.mount(), slot.measuredPose());

      GeoPoint position = FrameGeometry.position(frame.getPose());
      assertThat(position.latitude()).isEqualTo(slot.gnss().latitude());
      assertThat(position.longitude()).isEqualTo(slot.gnss().longitude());
      Enu reported = city.frame().toEnu(new GeoPoint(position.latitude(), position.longitude(),
          frame.getPose().getAltitude()));
      PinholeCamera job = new PinholeCamera(FrameGeometry.intrinsics(frame.getCamera()),
          FrameGeometry.mount(frame.getCamera()),
          new VehiclePose(reported.east(), reported.north(), FrameGeometry.heading(frame.getPose())));

      int width = source.intrinsics().width();
      int height = source.intrinsics().height();
      for (int v = height / 2 + PIXEL_STEP / 2; v < height; v += PIXEL_STEP) {
        for (int u = 0; u < width; u += PIXEL_STEP) {
          Enu ground = simulator.pixelToGround(u, v);
          if (ground == null) {
            continue;
          }
          double[] seen = job.project(ground);
          assertThat(seen).as("ground point seen at (%d, %d) by %s", u, v, frame.getSourceId()).isNotNull();
          assertThat(seen[0]).isCloseTo(u, within(PIXEL_TOLERANCE));
          assertThat(seen[1]).isCloseTo(v, within(PIXEL_TOLERANCE));
          compared++;
        }
      }
    }
    assertThat(compared).as("ground points compared").isGreaterThan(100);
  }
}
