package io.latentmap.sim.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.edge.EdgeEncoder;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.stream.DecodedTensor;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.LayerSlice;
import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.schemas.wire.FrameIntegrity;
import io.latentmap.sim.TestWorld;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.FrameStyle;
import io.latentmap.sim.render.RenderedFrame;
import io.latentmap.testkit.KafkaBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fleet producer against a real broker, with the fixture bundle's real ONNX networks and entropy coder. */
class FleetProducerTest {

  @RegisterExtension static final KafkaBroker broker = KafkaBroker.create();
  @TempDir static Path bundles;

  static final long TICKS = 6;
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  /** Far more than any fixture frame needs: every layer always fits. */
  static final double AMPLE_BITS_PER_SECOND = 1e12;

  static final AvroWire<CompressedFrame> WIRE = AvroWire.compressedFrames();
  static Fleet fleet;
  static ModelBundle bundle;
  static BundleNetworks networks;

  @BeforeAll
  static void setUp() throws Exception {
    fleet = new Fleet(TestWorld.small(5), 2);
    bundle = FixtureBundles.load(bundles, EntropyModelType.FACTORIZED, 11);
    networks = BundleNetworks.open(bundle, BundleNetworks.DEFAULT_INTRA_OP_THREADS);
  }

  @AfterAll
  static void tearDown() {
    networks.close();
  }

  private static Run fullRun;

  /** All layers of every frame, one partition (so records are in send order); produced once, shared. */
  static synchronized Run fullRunOnOnePartition() {
    if (fullRun == null) {
      fullRun = produce(2, 1, BandwidthPolicy.constant(AMPLE_BITS_PER_SECOND));
    }
    return fullRun;
  }

  /** Produces TICKS ticks of the whole fleet into a fresh topic and returns its records with the run's figures. */
  static Run produce(int threads, int partitions, BandwidthPolicy bandwidth) {
    String topic = KafkaBroker.uniqueTopicName("fleet.frames");
    broker.createTopic(topic, partitions);
    List<FrameOutcome> outcomes = new ArrayList<>();
    ProduceSummary summary;
    try (FleetProducer producer = new FleetProducer(bundle, networks, ProducerSettings.withThreads(threads));
        KafkaFrameSink sink = KafkaFrameSink.connect(broker.bootstrapServers(), topic)) {
      summary = producer.produceFleet(fleet, fleet.sources(), TICKS, bandwidth, sink, outcomes::add);
    }
    return new Run(summary, outcomes, broker.readToEnd(topic, READ_TIMEOUT));
  }

  record Run(ProduceSummary summary, List<FrameOutcome> outcomes, List<ConsumerRecord<byte[], byte[]>> records) {
    List<CompressedFrame> frames() throws Exception {
      List<CompressedFrame> out = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        out.add(WIRE.decode(r.value()));
      }
      return out;
    }
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

  @Test
  void everyFrameArrivesSealedShapedAndDecodableKeyedBySourceInCaptureOrder() throws Exception {
    Run run = produce(2, 3, BandwidthPolicy.constant(AMPLE_BITS_PER_SECOND));
    int sources = fleet.sources().size();
    BundleManifest m = bundle.manifest();
    assertThat(run.records()).hasSize((int) TICKS * sources);
    assertThat(run.summary().framesSent()).isEqualTo(TICKS * sources);
    assertThat(run.summary().framesNotSent()).isZero();
    assertThat(run.summary().layersSentHistogram()[m.layers().size()]).isEqualTo(TICKS * sources);

    Map<String, Long> lastCapture = new HashMap<>();
    Set<String> frameIds = new HashSet<>();
    long bytes = 0;
    for (ConsumerRecord<byte[], byte[]> record : run.records()) {
      CompressedFrame frame = WIRE.decode(record.value());
      FrameIntegrity.verify(frame);
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(frame.getSourceId());
      long micros = frame.getCaptureTime().getEpochSecond() * 1_000_000L + frame.getCaptureTime().getNano() / 1000;
      assertThat(record.timestamp()).isEqualTo(micros / 1000);
      Long previous = lastCapture.put(frame.getSourceId(), micros);
      if (previous != null) {
        assertThat(micros).as("capture order of " + frame.getSourceId()).isGreaterThan(previous);
      }
      assertThat(frameIds.add(frame.getFrameId())).isTrue();
      assertThat(frame.getBundleId()).isEqualTo(bundle.id());
      assertThat(frame.getBundleSha256().bytes()).isEqualTo(bundle.bundleSha256());
      assertThat(frame.getTensorShape().getChannels()).isEqualTo(m.tensor().channels());
      assertThat(frame.getTensorShape().getHeight()).isEqualTo(m.tensor().height());
      assertThat(frame.getTensorShape().getWidth()).isEqualTo(m.tensor().width());
      List<LayerSlice> slices = frame.getTensorShape().getArrivedLayers();
      assertThat(slices).hasSize(m.layers().size());
      for (int k = 0; k < slices.size(); k++) {
        assertThat(slices.get(k).getLayerIndex()).isEqualTo(k);
        assertThat(slices.get(k).getFirstChannel()).isEqualTo(m.layers().get(k).start());
        assertThat(slices.get(k).getChannelCount()).isEqualTo(m.layers().get(k).count());
      }
      DecodedTensor decoded = bundle.tensorDecoder().decode(layers(frame), null);
      assertThat(decoded.layerCount()).isEqualTo(m.layers().size());
      assertThat(decoded.channels()).isEqualTo(m.tensor().channels());
      assertThat(frame.getPose().getHeading()).isBetween(0.0, 360.0);
      assertThat(frame.getPose().getHorizontalAccuracy()).isPositive();
      assertThat(frame.getCamera().getImageWidth()).isEqualTo(m.input().width());
      bytes += layers(frame).stream().mapToLong(l -> l.length).sum();
    }
    assertThat(lastCapture.keySet()).containsExactlyInAnyOrderElementsOf(
        fleet.sources().stream().map(FleetSource::id).toList());
    assertThat(run.summary().bytesSent()).isEqualTo(bytes);
    assertThat(run.summary().meanBitsPerPixel())
        .isEqualTo(8.0 * bytes / (m.input().height() * m.input().width() * (double) run.records().size()));
  }

  @Test
  void aFrameDecodesToTheSymbolsOfItsSourcesTruePoseView() throws Exception {
    Run run = fullRunOnOnePartition();
    FleetSource source = fleet.sources().get(1);
    long tick = 3;
    SourceFrame slot = fleet.frame(source, tick);
    RenderedFrame view = new FrameRenderer(slot.camera().intrinsics().width(), slot.camera().intrinsics().height())
        .render(fleet.city().at(slot.simTime()), slot.camera(),
            FrameStyle.forSource(fleet.city().seed(), source.index(), tick));
    EdgeEncoder.EncodedFrame expected = new EdgeEncoder(bundle, networks).encode(EdgeEncoder.normalize(
        PixelEncoder.interleave(view.rgb(), view.rgb().length), view.height(), view.width(),
        bundle.manifest().input()), bundle.manifest().layers().size());

    CompressedFrame frame = run.frames().stream()
        .filter(f -> f.getFrameId().equals(FrameIds.of(fleet.city().seed(), source.id(), tick)))
        .findFirst().orElseThrow();
    assertThat(bundle.tensorDecoder().decode(layers(frame), null).symbols()).isEqualTo(expected.symbols());
    assertThat(frame.getPose().getLatitude()).isEqualTo(slot.gnss().latitude());
    assertThat(frame.getPose().getLongitude()).isEqualTo(slot.gnss().longitude());
    assertThat(frame.getPose().getHeading()).isEqualTo(slot.gnss().headingDegrees());
  }

  @Test
  void aLinkThatAffordsOnlyTheBaseLayerGetsExactlyTheBaseLayerOfTheFullFrame() throws Exception {
    Map<String, byte[]> baseLayerById = new LinkedHashMap<>();
    for (CompressedFrame f : fullRunOnOnePartition().frames()) {
      baseLayerById.put(f.getFrameId(), layers(f).get(0));
    }
    // One byte more than this frame's base layer: layer 1 can never fit on top of it.
    BandwidthPolicy justTheBase = slot -> (baseLayerById.get(
        FrameIds.of(fleet.city().seed(), slot.sourceId(), slot.tick())).length + 1) * 8.0 * Fleet.FRAME_RATE_HZ;
    Run run = produce(2, 1, justTheBase);
    assertThat(run.records()).hasSize(baseLayerById.size());
    for (CompressedFrame f : run.frames()) {
      FrameIntegrity.verify(f);
      assertThat(f.getTensorShape().getArrivedLayers()).hasSize(1);
      assertThat(layers(f).get(0)).isEqualTo(baseLayerById.get(f.getFrameId()));
      assertThat(bundle.tensorDecoder().decode(layers(f), null).layerCount()).isEqualTo(1);
    }
    assertThat(run.summary().layersSentHistogram()[1]).isEqualTo(baseLayerById.size());
  }

  @Test
  void aDeadLinkSendsNothingAndDoesNotEvenRender() {
    Run run = produce(2, 1, BandwidthPolicy.constant(0));
    assertThat(run.records()).isEmpty();
    assertThat(run.summary().framesSent()).isZero();
    assertThat(run.summary().framesRendered()).isZero();
    assertThat(run.summary().framesNotSent()).isEqualTo(TICKS * fleet.sources().size());
    assertThat(run.outcomes()).hasSize((int) (TICKS * fleet.sources().size())).noneMatch(FrameOutcome::sent);
  }

  @Test
  void aLinkTooSlowForTheBaseLayerRendersButSendsNothing() {
    Run run = produce(2, 1, BandwidthPolicy.constant(8 * Fleet.FRAME_RATE_HZ));
    assertThat(run.records()).isEmpty();
    assertThat(run.summary().framesRendered()).isEqualTo(TICKS * fleet.sources().size());
    assertThat(run.summary().layersSentHistogram()[0]).isEqualTo(TICKS * fleet.sources().size());
  }

  @Test
  void theFleetsOwnLinksGiveTheSameRecordsForAnyThreadCount() {
    Run one = produce(1, 1, BandwidthPolicy.FLEET_LINKS);
    Run three = produce(3, 1, BandwidthPolicy.FLEET_LINKS);
    assertThat(one.records()).isNotEmpty();
    assertThat(three.records()).hasSameSizeAs(one.records());
    for (int i = 0; i < one.records().size(); i++) {
      assertThat(three.records().get(i).key()).isEqualTo(one.records().get(i).key());
      assertThat(three.records().get(i).value()).isEqualTo(one.records().get(i).value());
      assertThat(three.records().get(i).timestamp()).isEqualTo(one.records().get(i).timestamp());
    }
    assertThat(three.summary().layersSentHistogram()).isEqualTo(one.summary().layersSentHistogram());
  }

  @Test
  void theListenerHearsEverySlotInOrderWithTheTruePoseOfEachSentFrame() throws Exception {
    Run run = fullRunOnOnePartition();
    long total = TICKS * fleet.sources().size();
    assertThat(run.outcomes()).hasSize((int) total);
    for (int i = 0; i < run.outcomes().size(); i++) {
      FrameOutcome o = run.outcomes().get(i);
      assertThat(o.done()).isEqualTo(i + 1);
      assertThat(o.total()).isEqualTo(total);
      SourceFrame slot = fleet.frame(fleet.sources().stream().filter(s -> s.id().equals(o.sourceId())).findFirst()
          .orElseThrow(), o.frameNumber());
      assertThat(o.truePose()).isEqualTo(slot.truePose());
      assertThat(o.trueGeo()).isEqualTo(slot.trueGeo());
    }
    assertThat(run.frames().stream().map(CompressedFrame::getFrameId).toList())
        .isEqualTo(run.outcomes().stream().map(FrameOutcome::frameId).toList());
  }

  @Test
  void aTickStrideCapturesEveryNthTickAndGivesEachFrameThatManyTimesTheLinkShare() throws Exception {
    int stride = 4;
    Map<String, byte[]> baseLayerById = new HashMap<>();
    for (CompressedFrame f : fullRunOnOnePartition().frames()) {
      baseLayerById.put(f.getFrameId(), layers(f).get(0));
    }
    // Exactly the base layer's size at the fleet's 10 Hz share of the link, so it fits only at a stride's share.
    BandwidthPolicy baseOverStride = slot -> baseLayerById.get(FrameIds.of(fleet.city().seed(), slot.sourceId(),
        slot.tick())).length * 8.0 * Fleet.FRAME_RATE_HZ / stride;
    String topic = KafkaBroker.uniqueTopicName("fleet.frames.strided");
    broker.createTopic(topic, 1);
    List<FrameOutcome> outcomes = new ArrayList<>();
    try (FleetProducer producer = new FleetProducer(bundle, networks,
            ProducerSettings.withThreads(2).withTickStride(stride));
        KafkaFrameSink sink = KafkaFrameSink.connect(broker.bootstrapServers(), topic)) {
      producer.produceFleet(fleet, fleet.sources(), TICKS, baseOverStride, sink, outcomes::add);
    }
    // Ticks 0 and 4 of 0..5.
    assertThat(outcomes).hasSize(2 * fleet.sources().size())
        .allMatch(o -> o.frameNumber() % stride == 0 && o.layersSent() == 1);
    List<ConsumerRecord<byte[], byte[]>> records = broker.readToEnd(topic, READ_TIMEOUT);
    assertThat(records).hasSize(outcomes.size());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      CompressedFrame f = WIRE.decode(r.value());
      assertThat(layers(f).get(0)).isEqualTo(baseLayerById.get(f.getFrameId()));
    }
  }

  @Test
  void hyperpriorFramesDecodeWithTheScalesOfTheirBaseLayer() throws Exception {
    ModelBundle hyperprior = FixtureBundles.load(bundles, EntropyModelType.HYPERPRIOR, 13);
    String topic = KafkaBroker.uniqueTopicName("fleet.frames.hyperprior");
    broker.createTopic(topic, 1);
    try (BundleNetworks hyperNetworks = BundleNetworks.open(hyperprior, 1);
        FleetProducer producer = new FleetProducer(hyperprior, hyperNetworks, ProducerSettings.withThreads(2));
        KafkaFrameSink sink = KafkaFrameSink.connect(broker.bootstrapServers(), topic)) {
      producer.produceFleet(fleet, fleet.sources(), 1, BandwidthPolicy.constant(AMPLE_BITS_PER_SECOND), sink,
          ProduceListener.NONE);
      List<ConsumerRecord<byte[], byte[]>> records = broker.readToEnd(topic, READ_TIMEOUT);
      assertThat(records).hasSize(fleet.sources().size());
      for (ConsumerRecord<byte[], byte[]> r : records) {
        CompressedFrame frame = WIRE.decode(r.value());
        FrameIntegrity.verify(frame);
        assertThat(frame.getBundleSha256().bytes()).isEqualTo(hyperprior.bundleSha256());
        DecodedTensor decoded = hyperprior.tensorDecoder().decode(layers(frame), hyperNetworks.scalePredictor());
        assertThat(decoded.layerCount()).isEqualTo(hyperprior.manifest().layers().size());
        assertThat(decoded.zSymbols()).isNotEmpty();
      }
    }
  }

  @Test
  void aSourceFromAnotherFleetIsRefused() {
    Fleet other = new Fleet(fleet.city(), 1);
    try (FleetProducer producer = new FleetProducer(bundle, networks, ProducerSettings.withThreads(1));
        KafkaFrameSink sink = KafkaFrameSink.connect(broker.bootstrapServers(), "unused")) {
      assertThatThrownBy(() -> producer.produceFleet(fleet, other.sources(), 1, BandwidthPolicy.FLEET_LINKS, sink,
          ProduceListener.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not part");
    }
  }
}
