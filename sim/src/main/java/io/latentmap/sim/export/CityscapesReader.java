package io.latentmap.sim.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a Cityscapes-layout dataset: the real Cityscapes as downloaded, or an export of this simulator. Frames
 * are listed from {@code leftImg8bit/{split}/{city}/*_leftImg8bit.png} in name order.
 */
public final class CityscapesReader {

  /** Largest image side accepted (Cityscapes is 2048x1024). */
  public static final int MAX_SIDE = 8192;
  private static final long MAX_JSON_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Identifies one frame of the dataset. */
  public record FrameKey(String split, String city, int sequence, int frame) {
    public String baseName() {
      return CityscapesPaths.baseName(city, sequence, frame);
    }
  }

  private final Path root;

  public CityscapesReader(Path root) {
    if (!Files.isDirectory(root.resolve(CityscapesPaths.IMAGES))) {
      throw new IllegalArgumentException("not a Cityscapes-layout folder (no " + CityscapesPaths.IMAGES + "/): " + root);
    }
    this.root = root;
  }

  /** Every frame of a split, sorted by city, sequence and frame. */
  public List<FrameKey> list(String split) throws IOException {
    Path dir = root.resolve(CityscapesPaths.IMAGES).resolve(split);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no split '" + split + "' under " + root);
    }
    List<FrameKey> keys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir, 2)) {
      for (Path p : (Iterable<Path>) files.sorted()::iterator) {
        String[] parts = CityscapesPaths.parseImageName(p.getFileName().toString());
        if (parts != null) {
          keys.add(new FrameKey(split, parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        }
      }
    }
    return keys;
  }

  public CityscapesFrame read(FrameKey key) throws IOException {
    String base = key.baseName();
    BufferedImage image = readPng(CityscapesPaths.image(root, key.split(), key.city(), base));
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] &= 0xFFFFFF;
    }
    byte[] labels = null;
    Path labelFile = CityscapesPaths.labelIds(root, key.split(), key.city(), base);
    if (Files.exists(labelFile)) {
      int[] values = samples(readPng(labelFile), w, h, labelFile);
      labels = new byte[values.length];
      for (int i = 0; i < values.length; i++) {
        labels[i] = (byte) values[i];
      }
    }
    int[] instances = null;
    Path instanceFile = CityscapesPaths.instanceIds(root, key.split(), key.city(), base);
    if (Files.exists(instanceFile)) {
      instances = samples(readPng(instanceFile), w, h, instanceFile);
    }
    CameraIntrinsics intrinsics = null;
    CameraMount mount = null;
    Path cameraFile = CityscapesPaths.camera(root, key.split(), key.city(), base);
    if (Files.exists(cameraFile)) {
      JsonNode cam = readJson(cameraFile);
      JsonNode in = cam.path("intrinsic");
      JsonNode ex = cam.path("extrinsic");
      intrinsics = new CameraIntrinsics(number(in, "fx", cameraFile), number(in, "fy", cameraFile),
          number(in, "u0", cameraFile), number(in, "v0", cameraFile), w, h);
      mount = new CameraMount(number(ex, "x", cameraFile), number(ex, "y", cameraFile), number(ex, "z", cameraFile),
          number(ex, "yaw", cameraFile), number(ex, "pitch", cameraFile), number(ex, "roll", cameraFile));
    }
    CityscapesFrame.Vehicle vehicle = null;
    Path vehicleFile = CityscapesPaths.vehicle(root, key.split(), key.city(), base);
    if (Files.exists(vehicleFile)) {
      JsonNode v = readJson(vehicleFile);
      vehicle = new CityscapesFrame.Vehicle(number(v, "gpsLatitude", vehicleFile), number(v, "gpsLongitude", vehicleFile),
          number(v, "gpsHeading", vehicleFile), number(v, "speed", vehicleFile),
          v.path("outsideTemperature").asDouble(Double.NaN));
    }
    return new CityscapesFrame(key.split(), key.city(), key.sequence(), key.frame(), w, h, rgb, labels, instances,
        intrinsics, mount, vehicle);
  }

  private static int[] samples(BufferedImage img, int w, int h, Path file) {
    if (img.getWidth() != w || img.getHeight() != h) {
      throw new IllegalArgumentException(file + " is " + img.getWidth() + "x" + img.getHeight() + ", image " + w + "x" + h);
    }
    Raster raster = img.getRaster();
    if (raster.getNumBands() != 1) {
      throw new IllegalArgumentException(file + ": expected a single-channel PNG, got " + raster.getNumBands());
    }
    return raster.getSamples(0, 0, w, h, 0, (int[]) null);
  }

  /** Reads a PNG after checking its size in the header, so a hostile file cannot make us allocate without bound. */
  static BufferedImage readPng(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new IOException("cannot open " + file);
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("not an image: " + file);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
          throw new IOException(file + ": image size " + w + "x" + h + " outside 1.." + MAX_SIDE);
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    }
  }

  private static JsonNode readJson(Path file) throws IOException {
    if (Files.size(file) > MAX_JSON_BYTES) {
      throw new IOException(file + " is larger than " + MAX_JSON_BYTES + " bytes");
    }
    return JSON.readTree(file.toFile());
  }

  private static double number(JsonNode node, String field, Path file) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber()) {
      throw new IOException(file + ": missing number '" + field + "'");
    }
    return v.asDouble();
  }
}
