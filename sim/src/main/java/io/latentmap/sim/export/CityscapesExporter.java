package io.latentmap.sim.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.image.PngWriter;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.render.Box2D;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.FrameStyle;
import io.latentmap.sim.render.RenderedFrame;
import io.latentmap.sim.util.Rng;
import io.latentmap.sim.world.City;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Writes a city's fleet frames in the Cityscapes layout: {@code leftImg8bit}, {@code gtFine} labelIds and
 * instanceIds, {@code camera} and {@code vehicle} JSON, plus a {@code latentmap} truth JSON (true pose, boxes).
 * Every frame depends only on (seed, frame index), so the output is byte-identical for any thread count.
 */
public final class CityscapesExporter {

  /** Stereo baseline in the real Cityscapes camera files; kept for format compatibility (no right image here). */
  public static final double CITYSCAPES_BASELINE = 0.209313;
  public static final int MAX_FRAMES = 1_000_000;

  /**
   * @param split folder name such as train, val or test (choose it by seed, never by frame)
   * @param vehicles camera vehicles in the fleet (roadside cameras come with the city)
   */
  public record Options(int frames, String split, int threads, int vehicles, long tickStride) {
    public Options {
      if (frames < 1 || frames > MAX_FRAMES) {
        throw new IllegalArgumentException("frames out of range 1.." + MAX_FRAMES + ": " + frames);
      }
      if (split == null || !split.matches("[A-Za-z_]+")) {
        throw new IllegalArgumentException("split must be letters or '_': " + split);
      }
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("threads out of range 1..256: " + threads);
      }
      if (vehicles < 1 || vehicles > 10_000) {
        throw new IllegalArgumentException("vehicles out of range 1..10000: " + vehicles);
      }
    }

    public static Options of(int frames, String split) {
      return new Options(frames, split, 1, 8, FramePlan.DEFAULT_TICK_STRIDE);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final City city;
  private final FramePlan plan;

  public CityscapesExporter(City city, int vehicles, long tickStride) {
    this.city = city;
    this.plan = new FramePlan(new Fleet(city, vehicles), tickStride);
  }

  public FramePlan plan() {
    return plan;
  }

  /** Exports frames 0..frames-1 under {@code root}; {@code progress} receives the count done so far. */
  public LabelStatistics export(Path root, Options options, LongConsumer progress) throws IOException {
    refuseCityInOtherSplit(root, options.split());
    LabelStatistics stats = new LabelStatistics();
    AtomicLong done = new AtomicLong();
    ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
    ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
      Thread t = new Thread(r, "sim-export");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < options.frames(); i++) {
        final int index = i;
        futures.add(pool.submit(() -> {
          workers.get().exportFrame(root, options.split(), index, stats);
          progress.accept(done.incrementAndGet());
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("export interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("export failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
    return stats;
  }

  /**
   * Splits go by city, never by frame: exporting a city into a second split of the same dataset would leak its
   * streets into evaluation, so it is refused.
   */
  private void refuseCityInOtherSplit(Path root, String split) throws IOException {
    Path images = root.resolve(CityscapesPaths.IMAGES);
    if (!Files.isDirectory(images)) {
      return;
    }
    try (var splits = Files.list(images)) {
      for (Path other : (Iterable<Path>) splits::iterator) {
        if (!other.getFileName().toString().equals(split) && Files.isDirectory(other.resolve(city.name()))) {
          throw new IllegalArgumentException("city " + city.name() + " (seed " + city.seed() + ") is already in split '"
              + other.getFileName() + "' of " + root + "; splits go by city seed, use another seed for '" + split + "'");
        }
      }
    }
  }

  /** The look of exported frame i (a pure function of the city seed and i). */
  public FrameStyle styleOf(long i) {
    return FrameStyle.random(city.seed(), 41, i);
  }

  /** Per-thread renderer and encoder. */
  private final class Worker {
    final FrameRenderer renderer = FrameRenderer.forIntrinsics(plan.fleet().sources().get(0).intrinsics());
    final PngWriter png = new PngWriter();

    void exportFrame(Path root, String split, long i, LabelStatistics stats) throws IOException {
      SourceFrame f = plan.frame(i);
      RenderedFrame r = renderer.render(city.at(f.simTime()), f.camera(), styleOf(i));
      stats.add(r.labelIds());
      String name = city.name();
      String base = CityscapesPaths.baseName(name, f.sourceIndex(), f.tick());
      write(CityscapesPaths.image(root, split, name, base), png.rgb(r.rgb(), r.width(), r.height()));
      write(CityscapesPaths.labelIds(root, split, name, base), png.grey8(r.labelIds(), r.width(), r.height()));
      write(CityscapesPaths.instanceIds(root, split, name, base), png.grey16(r.instanceIds(), r.width(), r.height()));
      write(CityscapesPaths.camera(root, split, name, base), JSON.writeValueAsBytes(cameraJson(f.camera())));
      write(CityscapesPaths.vehicle(root, split, name, base), JSON.writeValueAsBytes(vehicleJson(f, i)));
      write(CityscapesPaths.truth(root, split, name, base), JSON.writeValueAsBytes(truthJson(f, r.boxes())));
    }
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  /** The Cityscapes camera JSON: intrinsics at the exported resolution and the mount as extrinsics. */
  static Map<String, Object> cameraJson(PinholeCamera camera) {
    CameraMount m = camera.mount();
    Map<String, Object> extrinsic = new LinkedHashMap<>();
    extrinsic.put("baseline", CITYSCAPES_BASELINE);
    extrinsic.put("pitch", m.pitch());
    extrinsic.put("roll", m.roll());
    extrinsic.put("x", m.x());
    extrinsic.put("y", m.y());
    extrinsic.put("yaw", m.yaw());
    extrinsic.put("z", m.z());
    Map<String, Object> intrinsic = new LinkedHashMap<>();
    intrinsic.put("fx", camera.intrinsics().fx());
    intrinsic.put("fy", camera.intrinsics().fy());
    intrinsic.put("u0", camera.intrinsics().u0());
    intrinsic.put("v0", camera.intrinsics().v0());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("extrinsic", extrinsic);
    json.put("intrinsic", intrinsic);
    return json;
  }

  /** The Cityscapes vehicle JSON, with the MEASURED (noisy GNSS) pose, as a real car would log it. */
  Map<String, Object> vehicleJson(SourceFrame f, long i) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("gpsHeading", f.gnss().headingDegrees());
    json.put("gpsLatitude", f.gnss().latitude());
    json.put("gpsLongitude", f.gnss().longitude());
    json.put("outsideTemperature", Math.round(Rng.unit(city.seed(), 42, i) * 250) / 10.0);
    json.put("speed", f.speed());
    json.put("yawRate", f.yawRate());
    return json;
  }

  Map<String, Object> truthJson(SourceFrame f, List<Box2D> boxes) {
    Map<String, Object> pose = new LinkedHashMap<>();
    pose.put("east", f.truePose().east());
    pose.put("north", f.truePose().north());
    pose.put("headingDegrees", f.truePose().headingDegrees());
    pose.put("latitude", f.trueGeo().latitude());
    pose.put("longitude", f.trueGeo().longitude());
    Map<String, Object> measured = new LinkedHashMap<>();
    measured.put("east", f.measuredPose().east());
    measured.put("north", f.measuredPose().north());
    measured.put("headingDegrees", f.measuredPose().headingDegrees());
    Map<String, Object> anchor = new LinkedHashMap<>();
    anchor.put("latitude", city.frame().anchor().latitude());
    anchor.put("longitude", city.frame().anchor().longitude());
    List<Map<String, Object>> boxList = new ArrayList<>();
    for (Box2D b : boxes) {
      Map<String, Object> box = new LinkedHashMap<>();
      box.put("labelId", b.labelId());
      box.put("instanceId", b.instanceId());
      box.put("objectKey", b.objectKey());
      box.put("landmarkId", b.landmarkId());
      box.put("box", new int[] {b.x0(), b.y0(), b.x1(), b.y1()});
      box.put("pixels", b.pixels());
      boxList.add(box);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("citySeed", city.seed());
    json.put("sourceId", f.sourceId());
    json.put("sourceKind", f.kind().name());
    json.put("tick", f.tick());
    json.put("simTime", f.simTime());
    json.put("captureTimeMicros", f.captureTimeMicros());
    json.put("anchor", anchor);
    json.put("truePose", pose);
    json.put("measuredPose", measured);
    json.put("bandwidthBitsPerSecond", f.bandwidthBitsPerSecond());
    json.put("boxes", boxList);
    return json;
  }
}
