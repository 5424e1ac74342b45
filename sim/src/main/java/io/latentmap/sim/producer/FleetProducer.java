package io.latentmap.sim.producer;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.edge.EdgeEncoder;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.camera.VehiclePose;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.SourceKind;
import io.latentmap.sim.export.CityscapesReader;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.FleetSource;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.FrameStyle;
import io.latentmap.sim.render.RenderedFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The edge side of the fleet: every source (vehicles and roadside cameras) renders its camera view at the TRUE
 * pose, runs the bundle's edge encoder once for all layers, sends the longest prefix of layers its link affords at
 * that moment, and publishes a CompressedFrame that carries the NOISY GNSS pose it believes in. Frames are rendered
 * and encoded on a small thread pool and sent in (tick, source) order, so every source's frames leave in capture
 * order and the output for a seed is the same for any thread count.
 *
 * <p>Shares one set of ONNX sessions (the caller's {@link BundleNetworks}) across its worker threads; each run
 * sends from the thread that called it.
 *
 * <pre>{@code
 * try (BundleNetworks networks = BundleNetworks.open(bundle, 1);
 *      FleetProducer producer = new FleetProducer(bundle, networks, ProducerSettings.defaults());
 *      KafkaFrameSink sink = KafkaFrameSink.connect("localhost:9092", "fleet.frames")) {
 *   ProduceSummary summary = producer.produceFleet(new Fleet(city, 8), 600, sink, outcome -> bar.update(outcome.done()));
 * }
 * }</pre>
 */
public final class FleetProducer implements AutoCloseable {

  private final ModelBundle bundle;
  private final ProducerSettings settings;
  private final PixelEncoder pixelEncoder;
  private final FrameAssembler assembler;
  private final OrderedWorkPool pool;
  private final BundleManifest.Input input;
  private final ThreadLocal<FrameRenderer> renderers;

  /**
   * @param networks the bundle's opened networks; shared by all workers, not closed by this producer
   */
  public FleetProducer(ModelBundle bundle, BundleNetworks networks, ProducerSettings settings) {
    this.bundle = bundle;
    this.settings = settings;
    this.input = bundle.manifest().input();
    this.pixelEncoder = new PixelEncoder(new EdgeEncoder(bundle, networks), bundle.manifest());
    this.assembler = new FrameAssembler(bundle);
    this.renderers = ThreadLocal.withInitial(() -> new FrameRenderer(input.width(), input.height()));
    this.pool = new OrderedWorkPool(settings.threads(), settings.window(), "fleet-encode");
  }

  public ModelBundle bundle() {
    return bundle;
  }

  /** Every source of the fleet over ticks {@code 0..ticks-1}, over the fleet's own simulated links. */
  public ProduceSummary produceFleet(Fleet fleet, long ticks, FrameSink sink, ProduceListener listener) {
    return produceFleet(fleet, fleet.sources(), ticks, BandwidthPolicy.FLEET_LINKS, sink, listener);
  }

  /**
   * The given sources (a subset of the fleet's, e.g. fewer roadside cameras) over ticks {@code 0..ticks-1}: every
   * {@link ProducerSettings#tickStride()}-th tick of that span, all sources at each.
   *
   * @param ticks simulated time to cover, in fleet ticks (0.1 s)
   * @param bandwidth the link each frame is sent over
   */
  public ProduceSummary produceFleet(Fleet fleet, List<FleetSource> sources, long ticks, BandwidthPolicy bandwidth,
      FrameSink sink, ProduceListener listener) {
    if (ticks < 0) {
      throw new IllegalArgumentException("ticks must be >= 0: " + ticks);
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no sources to produce from");
    }
    Set<FleetSource> members = Collections.newSetFromMap(new IdentityHashMap<>());
    members.addAll(fleet.sources());
    for (FleetSource s : sources) {
      if (!members.contains(s)) {
        throw new IllegalArgumentException("source " + s.id() + " is not part of this fleet");
      }
    }
    long captures = capturesIn(ticks, settings.tickStride());
    long total = Math.multiplyExact(captures, sources.size());
    return run(slots(sources, captures, settings.tickStride()), total,
        slot -> produceSlot(fleet, slot, bandwidth), sink, listener);
  }

  /** How many of ticks {@code 0..ticks-1} are multiples of the stride: the captures per source. */
  public static long capturesIn(long ticks, int stride) {
    return (ticks + stride - 1) / stride;
  }

  /**
   * Publishes every frame of a Cityscapes-layout folder (all splits, in name order) with all layers: pixels from
   * {@code leftImg8bit}, intrinsics and mount from {@code camera/}, GNSS pose from {@code vehicle/}.
   */
  public ProduceSummary replay(Path cityscapesRoot, FrameSink sink, ProduceListener listener) throws IOException {
    CityscapesReplay replay = new CityscapesReplay(cityscapesRoot, settings, input.width(), input.height());
    List<CityscapesReplay.Item> items = replay.items();
    return run(items.iterator(), items.size(), item -> replayItem(replay, item), sink, listener);
  }

  /**
   * Publishes the given frames of a Cityscapes-layout folder, in the order given, with all layers: an evaluation
   * picks its held-out frames and gets exactly the frames a replay would send for them.
   */
  public ProduceSummary replay(Path cityscapesRoot, List<CityscapesReader.FrameKey> frames, FrameSink sink,
      ProduceListener listener) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames to replay");
    }
    CityscapesReplay replay = new CityscapesReplay(cityscapesRoot, settings, input.width(), input.height());
    List<CityscapesReplay.Item> items = frames.stream().map(CityscapesReplay.Item::new).toList();
    return run(items.iterator(), items.size(), item -> replayItem(replay, item), sink, listener);
  }

  /** One frame slot of one source. */
  private record Slot(FleetSource source, long tick) {}

  /**
   * A frame slot after rendering and encoding; {@code frame} is null when nothing is sent. The nanosecond counts
   * are the worker's CPU time spent making the pixels (render or read) and encoding them.
   */
  private record Produced(String frameId, String sourceId, long frameNumber, long captureMicros,
      VehiclePose truePose, GeoPoint trueGeo, boolean encoded, CompressedFrame frame, int layers, long bytes,
      long pixelNanos, long encodeNanos) {}

  /** Capture after capture, every source at each: (tick 0, source 0), (0, 1), ..., (stride, 0), ... */
  private static Iterator<Slot> slots(List<FleetSource> sources, long captures, int stride) {
    return new Iterator<>() {
      private long next;
      private final long end = captures * sources.size();

      @Override
      public boolean hasNext() {
        return next < end;
      }

      @Override
      public Slot next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Slot slot = new Slot(sources.get((int) (next % sources.size())), next / sources.size() * stride);
        next++;
        return slot;
      }
    };
  }

  private Produced produceSlot(Fleet fleet, Slot slot, BandwidthPolicy bandwidth) throws CodecException {
    SourceFrame f = fleet.frame(slot.source(), slot.tick());
    String frameId = FrameIds.of(fleet.city().seed(), f.sourceId(), f.tick());
    double budgetBytes = LayerBudget.bytesPerFrame(bandwidth.bitsPerSecond(f), settings.sourceFrameRateHz());
    if (budgetBytes <= 0) {
      // A device whose link is down does not spend power encoding a frame it cannot send.
      return new Produced(frameId, f.sourceId(), f.tick(), f.captureTimeMicros(), f.truePose(), f.trueGeo(), false,
          null, 0, 0, 0, 0);
    }
    CameraIntrinsics k = PixelEncoder.fitToInput(slot.source().intrinsics(), input);
    PinholeCamera camera = k.equals(f.camera().intrinsics()) ? f.camera()
        : new PinholeCamera(k, slot.source().mount(), f.truePose());
    long t0 = WorkerClock.cpuNanos();
    RenderedFrame rendered = renderers.get().render(fleet.city().at(f.simTime()), camera,
        FrameStyle.forSource(fleet.city().seed(), f.sourceIndex(), f.tick()));
    long t1 = WorkerClock.cpuNanos();
    EdgeEncoder.EncodedFrame encoded = pixelEncoder.encodeAllLayers(rendered.rgb(), rendered.width(),
        rendered.height());
    long t2 = WorkerClock.cpuNanos();
    int layers = LayerBudget.layersThatFit(encoded.layers(), budgetBytes);
    CompressedFrame frame = null;
    if (layers > 0) {
      frame = assembler.assemble(new FrameAssembler.Header(frameId, f.sourceId(), sourceKind(f), settings.sensorId(),
          f.captureTimeMicros(), WireConventions.pose(f.gnss()), WireConventions.camera(k, slot.source().mount())),
          encoded, layers);
    }
    return new Produced(frameId, f.sourceId(), f.tick(), f.captureTimeMicros(), f.truePose(), f.trueGeo(), true,
        frame, layers, prefixBytes(encoded, layers), t1 - t0, t2 - t1);
  }

  private Produced replayItem(CityscapesReplay replay, CityscapesReplay.Item item) throws Exception {
    long t0 = WorkerClock.cpuNanos();
    CityscapesReplay.Frame replayed = replay.read(item);
    long t1 = WorkerClock.cpuNanos();
    EdgeEncoder.EncodedFrame encoded = pixelEncoder.encodeAllLayers(replayed.rgb(), input.width(), input.height());
    long t2 = WorkerClock.cpuNanos();
    int layers = encoded.layers().size();
    CompressedFrame frame = assembler.assemble(replayed.header(), encoded, layers);
    FrameAssembler.Header h = replayed.header();
    return new Produced(h.frameId(), h.sourceId(), replayed.frameNumber(), h.captureTimeMicros(),
        replayed.truePose(), replayed.trueGeo(), true, frame, layers, prefixBytes(encoded, layers), t1 - t0, t2 - t1);
  }

  private static SourceKind sourceKind(SourceFrame f) {
    return SourceKind.valueOf(f.kind().name());
  }

  private static long prefixBytes(EdgeEncoder.EncodedFrame encoded, int layers) {
    long bytes = 0;
    for (int k = 0; k < layers; k++) {
      bytes += encoded.layers().get(k).length;
    }
    return bytes;
  }

  private <T> ProduceSummary run(Iterator<T> items, long total, OrderedWorkPool.Work<T, Produced> work,
      FrameSink sink, ProduceListener listener) {
    Tally tally = new Tally(bundle.manifest().layers().size());
    Pacer pacer = new Pacer(settings.pace());
    long start = System.nanoTime();
    pool.run(items, work, p -> {
      pacer.awaitDue(p.captureMicros());
      if (p.frame() != null) {
        sink.send(p.frame());
      }
      tally.add(p);
      listener.onFrame(new FrameOutcome(p.frameId(), p.sourceId(), p.frameNumber(), p.captureMicros(), p.layers(),
          p.bytes(), p.truePose(), p.trueGeo(), tally.handled(), total));
    });
    sink.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new ProduceSummary(tally.rendered, tally.sent, tally.notSent, tally.bytes, tally.layersHistogram,
        (long) input.height() * input.width(), seconds, tally.pixelNanos / 1e9, tally.encodeNanos / 1e9);
  }

  /** Running counts of one run, kept on the sending thread. */
  private static final class Tally {
    long rendered;
    long sent;
    long notSent;
    long bytes;
    long pixelNanos;
    long encodeNanos;
    final long[] layersHistogram;

    Tally(int layerCount) {
      layersHistogram = new long[layerCount + 1];
    }

    void add(Produced p) {
      if (p.encoded()) {
        rendered++;
      }
      if (p.frame() != null) {
        sent++;
        bytes += p.bytes();
      } else {
        notSent++;
      }
      layersHistogram[p.layers()]++;
      pixelNanos += p.pixelNanos();
      encodeNanos += p.encodeNanos();
    }

    long handled() {
      return sent + notSent;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
