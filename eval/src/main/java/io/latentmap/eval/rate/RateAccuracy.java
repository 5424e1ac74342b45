package io.latentmap.eval.rate;

import ai.onnxruntime.OrtException;
import io.latentmap.codec.CodecException;
import io.latentmap.codec.bundle.BundleException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.onnx.BundleNetworks;
import io.latentmap.codec.onnx.FloatTensor;
import io.latentmap.codec.onnx.OnnxNetwork;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.operators.infer.Detection;
import io.latentmap.operators.infer.HeadOutputs;
import io.latentmap.operators.infer.LatentPerceiver;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.TensorShape;
import io.latentmap.schemas.wire.FrameIntegrity;
import io.latentmap.sim.producer.FleetProducer;
import io.latentmap.sim.producer.FrameSink;
import io.latentmap.sim.producer.ProduceListener;
import io.latentmap.sim.producer.ProducerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rate and accuracy of one bundle on held-out frames, measured on the deployed path: the producer's replay makes
 * the {@link CompressedFrame}s (edge encoder in ONNX Runtime, the Java rANS coder), each layer count is the
 * prefix of layers a link would carry, {@link LatentPerceiver} entropy-decodes and runs the heads (or the RGB
 * decoder and network), and the same frames go through the RGB network uncompressed and after JPEG.
 * Segmentation is scored at the bundle's input size on logits upsampled as training does; detection AP@0.5 on
 * boxes made from the annotations as training makes them.
 */
public final class RateAccuracy {

  /** 8-bit RGB. */
  static final int UNCOMPRESSED_BITS_PER_PIXEL = 24;

  /** Output roles of a head (docs/formats.md 5.2). */
  static final String SEGMENTATION = "segmentation";
  static final String DETECTION = "detection";

  /** What a row measures. */
  public enum Method {
    /** Task heads on the entropy-decoded latent: the product. */
    LATENT("latent"),
    /** RGB decoder on the latent, then the RGB network: the classic baseline. */
    DECODE_THEN_INFER("decode-then-infer"),
    /** The RGB network on the uncompressed frame (24 bpp). */
    RGB("rgb"),
    /** The RGB network on the JPEG-decoded frame. */
    JPEG("jpeg");

    private final String label;

    Method(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * @param jpegQualities the JPEG ladder (IJG qualities)
   * @param detection peak threshold and detections per frame, as the training report decodes them
   * @param threads frames evaluated at once (each on one ONNX thread), also the producer's workers
   * @param cityscapesResults where heads-on-latent predictions go as Cityscapes results, or null
   */
  public record Settings(List<Integer> jpegQualities, LatentPerceiver.DetectionSettings detection, int threads,
      Path cityscapesResults) {
    public Settings {
      jpegQualities = List.copyOf(jpegQualities);
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1: " + threads);
      }
    }
  }

  /**
   * One point of the rate-accuracy plane.
   *
   * @param setting layer count (latent, decode-then-infer), JPEG quality, or 0 (RGB)
   * @param bpp coded bits per input pixel, mean over frames
   * @param miou over classes present in the truth (training report), {@code miouCityscapes} as cityscapesScripts
   * @param map50 NaN when the bundle has no detection output
   * @param perClassIou by trainId, NaN where undefined
   * @param perClassAp by detection class, NaN where undefined; empty without detection
   */
  public record Row(String bundle, Method method, int setting, int frames, double bpp, double miou,
      double miouCityscapes, double map50, double[] perClassIou, double[] perClassAp) {
    public String name() {
      return switch (method) {
        case LATENT, DECODE_THEN_INFER -> method.label() + "-l" + setting;
        case RGB -> method.label();
        case JPEG -> method.label() + "-q" + setting;
      };
    }
  }

  /** Bits and scores of one (method, setting) over the frames seen so far. */
  private static final class Tally {
    final Method method;
    final int setting;
    long bits;
    int frames;
    final SegmentationScore seg = new SegmentationScore();
    final DetectionScore det;

    Tally(Method method, int setting, DetectionClasses classes) {
      this.method = method;
      this.setting = setting;
      this.det = new DetectionScore(classes);
    }
  }

  /** What one frame contributes to one tally; merged in frame order so results do not depend on threads. */
  private record Contribution(String key, long bits, SegmentationScore seg, List<Detection> detections) {}

  private record FrameResult(List<Contribution> contributions, List<BoxTruth.Box> boxes) {}

  private final ModelBundle bundle;
  private final BundleManifest manifest;
  private final Settings settings;
  private final DetectionClasses detectionClasses;
  private final int[] segmentationTrainIds;
  private final boolean rgbNetworks;
  private final boolean detection;
  private final PrintStream progress;
  private final byte[] labelToTrainId = CityscapesLabels.labelIdToTrainIdTable();

  public RateAccuracy(ModelBundle bundle, Settings settings, PrintStream progress) throws IOException {
    this.bundle = bundle;
    this.manifest = bundle.manifest();
    this.settings = settings;
    this.progress = progress;
    this.segmentationTrainIds = manifest.segmentationClasses().stream()
        .mapToInt(BundleManifest.ClassLabel::trainId).toArray();
    this.rgbNetworks = manifest.network(BundleManifest.RGB_DECODER).isPresent()
        && manifest.network(BundleManifest.RGB_BASELINE).isPresent();
    this.detection = manifest.heads().stream().allMatch(h -> h.outputs().containsKey(DETECTION));
    this.detectionClasses = detection ? DetectionClasses.of(bundle) : new DetectionClasses(List.of());
  }

  /** Whether the bundle carries the RGB decoder and network, i.e. whether the baselines can be measured. */
  public boolean hasRgbBaselines() {
    return rgbNetworks;
  }

  public List<Row> run(HeldOutFrames frames) throws IOException, CodecException, BundleException {
    int layerCount = manifest.layers().size();
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (int n = 1; n <= layerCount; n++) {
      add(tallies, Method.LATENT, n);
    }
    if (rgbNetworks) {
      for (int n = 1; n <= layerCount; n++) {
        add(tallies, Method.DECODE_THEN_INFER, n);
      }
      add(tallies, Method.RGB, 0);
      for (int q : settings.jpegQualities()) {
        add(tallies, Method.JPEG, q);
      }
    }
    try (BundleNetworks networks = BundleNetworks.open(bundle, BundleNetworks.DEFAULT_INTRA_OP_THREADS)) {
      progress.println("rate-accuracy " + bundle.id() + ": producing " + frames.size() + " frames (all layers) ...");
      List<CompressedFrame> produced = produce(bundle, networks, frames, settings.threads());
      LatentPerceiver perceiver = new LatentPerceiver(networks, settings.detection());
      progress.println("rate-accuracy " + bundle.id() + ": scoring " + tallies.size() + " settings on "
          + frames.size() + " frames ...");
      ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
      try {
        List<Future<FrameResult>> results = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
          final int index = i;
          results.add(pool.submit(() -> evaluate(frames, index, produced.get(index), perceiver, networks)));
        }
        for (int i = 0; i < results.size(); i++) {
          FrameResult r = results.get(i).get();
          for (Contribution c : r.contributions()) {
            Tally t = tallies.get(c.key());
            t.bits += c.bits();
            t.frames++;
            t.seg.addAll(c.seg());
            if (detection) {
              t.det.add(c.detections(), r.boxes());
            }
          }
          if ((i + 1) % 10 == 0 || i + 1 == results.size()) {
            progress.println("  " + (i + 1) + "/" + results.size() + " frames");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("evaluation interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof CodecException c) {
          throw c;
        }
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IllegalStateException("evaluation of a frame failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    long pixels = (long) manifest.input().height() * manifest.input().width();
    List<Row> rows = new ArrayList<>();
    for (Tally t : tallies.values()) {
      rows.add(new Row(bundle.id(), t.method, t.setting, t.frames, (double) t.bits / ((double) t.frames * pixels),
          t.seg.miou(), t.seg.miouCityscapes(), detection ? t.det.map50() : Double.NaN, t.seg.perClassIou(),
          detection ? t.det.perClassAp() : new double[0]));
    }
    return rows;
  }

  private void add(Map<String, Tally> tallies, Method method, int setting) {
    tallies.put(key(method, setting), new Tally(method, setting, detectionClasses));
  }

  private static String key(Method method, int setting) {
    return method.name() + "/" + setting;
  }

  /** The frames the producer's replay sends for the held-out frames, every layer included, in their order. */
  public static List<CompressedFrame> produce(ModelBundle bundle, BundleNetworks networks, HeldOutFrames frames,
      int threads) {
    List<CompressedFrame> out = new ArrayList<>();
    try (FleetProducer producer = new FleetProducer(bundle, networks, ProducerSettings.withThreads(threads))) {
      producer.replay(frames.root(), frames.keys(), new FrameSink() {
        @Override
        public void send(CompressedFrame frame) {
          out.add(frame);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      }, ProduceListener.NONE);
    }
    if (out.size() != frames.size()) {
      throw new IllegalStateException("producer sent " + out.size() + " frames for " + frames.size());
    }
    return out;
  }

  /** What a link carrying only the first {@code layers} layers delivers: the same messages, resealed. */
  public static CompressedFrame withLayers(CompressedFrame frame, int layers) {
    TensorShape shape = frame.getTensorShape();
    return FrameIntegrity.seal(CompressedFrame.newBuilder(frame)
        .setLayers(new ArrayList<>(frame.getLayers().subList(0, layers)))
        .setTensorShape(TensorShape.newBuilder(shape).setArrivedLayers(new ArrayList<>(shape.getArrivedLayers().subList(0, layers)))
            .build())
        .build());
  }

  static long layerBits(CompressedFrame frame) {
    long bytes = 0;
    for (ByteBuffer layer : frame.getLayers()) {
      bytes += layer.remaining();
    }
    return 8 * bytes;
  }

  private FrameResult evaluate(HeldOutFrames frames, int index, CompressedFrame full, LatentPerceiver perceiver,
      BundleNetworks networks) throws IOException, CodecException, OrtException {
    int width = manifest.input().width();
    int height = manifest.input().height();
    HeldOutFrames.Frame frame = frames.read(index, width, height);
    byte[] truth = new byte[frame.labelIds().length];
    for (int p = 0; p < truth.length; p++) {
      truth[p] = labelToTrainId[frame.labelIds()[p] & 0xFF];
    }
    List<BoxTruth.Box> boxes = detection
        ? BoxTruth.boxes(detectionClasses, frame.labelIds(), frame.instanceIds(), width, height) : List.of();
    List<Contribution> out = new ArrayList<>();
    for (int n = 1; n <= manifest.layers().size(); n++) {
      CompressedFrame sent = withLayers(full, n);
      long bits = layerBits(sent);
      LatentPerceiver.DecodedFrame decoded = perceiver.decode(sent);
      Map<String, FloatTensor> latent = perceiver.outputs(List.of(decoded.tensor()), LatentPerceiver.Mode.HEADS_ON_LATENT);
      out.add(score(key(Method.LATENT, n), bits, latent, truth));
      if (settings.cityscapesResults() != null) {
        CityscapesResults.write(settings.cityscapesResults().resolve(resultsFolder(bundle.id(), n)), frame.key(),
            LogitMaps.argmaxUpsampled(latent.get(SEGMENTATION), 0, frame.fullHeight(), frame.fullWidth(),
                segmentationTrainIds), frame.fullWidth(), frame.fullHeight());
      }
      if (rgbNetworks) {
        out.add(score(key(Method.DECODE_THEN_INFER, n), bits,
            perceiver.outputs(List.of(decoded.tensor()), LatentPerceiver.Mode.DECODE_THEN_INFER), truth));
      }
    }
    if (rgbNetworks) {
      OnnxNetwork rgbNetwork = networks.network(BundleManifest.RGB_BASELINE).orElseThrow();
      out.add(score(key(Method.RGB, 0), (long) UNCOMPRESSED_BITS_PER_PIXEL * width * height,
          rgbOutputs(rgbNetwork, frame.rgb(), width, height), truth));
      for (int q : settings.jpegQualities()) {
        JpegRoundTrip.Result jpeg = JpegRoundTrip.roundTrip(frame.rgb(), width, height, q);
        out.add(score(key(Method.JPEG, q), jpeg.bits(), rgbOutputs(rgbNetwork, jpeg.rgb(), width, height), truth));
      }
    }
    return new FrameResult(out, boxes);
  }


  /** The folder of heads-on-latent predictions with {@code layers} layers, under the results root. */
  public static String resultsFolder(String bundleId, int layers) {
    return bundleId + "/layers-" + layers;
  }

  private Map<String, FloatTensor> rgbOutputs(OnnxNetwork network, int[] rgb, int width, int height)
      throws OrtException {
    return rgbOutputs(manifest, network, rgb, width, height);
  }

  /** The RGB task network's outputs by role, named as the heads name theirs. */
  public static Map<String, FloatTensor> rgbOutputs(BundleManifest manifest, OnnxNetwork network, int[] rgb,
      int width, int height) throws OrtException {
    Map<String, String> names = manifest.heads().get(0).outputs();
    Map<String, FloatTensor> byName = network.run(Pixels.networkInput(rgb, width, height, manifest.input()),
        List.copyOf(names.values()));
    Map<String, FloatTensor> byRole = new LinkedHashMap<>();
    names.forEach((role, name) -> byRole.put(role, byName.get(name)));
    return byRole;
  }

  private Contribution score(String key, long bits, Map<String, FloatTensor> outputs, byte[] truth) {
    int width = manifest.input().width();
    int height = manifest.input().height();
    SegmentationScore seg = new SegmentationScore();
    seg.add(LogitMaps.argmaxUpsampled(outputs.get(SEGMENTATION), 0, height, width, segmentationTrainIds), truth);
    List<Detection> detections = List.of();
    FloatTensor maps = outputs.get(DETECTION);
    if (detection && maps != null) {
      detections = HeadOutputs.centerNet(maps, 0, detectionClasses.trainIds(), (double) height / maps.dim(2),
          settings.detection().threshold(), settings.detection().maxPerFrame());
    }
    return new Contribution(key, bits, seg, detections);
  }
}
