package io.latentmap.sim.export;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File names of the Cityscapes layout: {@code {root}/{folder}/{split}/{city}/{city}_{seq}_{frame}_{suffix}}. */
public final class CityscapesPaths {

  public static final String IMAGES = "leftImg8bit";
  public static final String FINE = "gtFine";
  public static final String CAMERA = "camera";
  public static final String VEHICLE = "vehicle";
  /** Not part of Cityscapes: the simulator's ground truth per frame (true pose, boxes, source). */
  public static final String TRUTH = "latentmap";
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9-]+)_(\\d{6})_(\\d{6})_leftImg8bit\\.png");

  private CityscapesPaths() {}

  /** "city_000012_000340". */
  public static String baseName(String city, long seq, long frame) {
    if (seq < 0 || seq > 999_999 || frame < 0 || frame > 999_999) {
      throw new IllegalArgumentException("sequence/frame outside 0..999999: " + seq + "/" + frame);
    }
    if (!city.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("city names may hold letters, digits and '-': " + city);
    }
    return String.format(Locale.ROOT, "%s_%06d_%06d", city, seq, frame);
  }

  public static Path file(Path root, String folder, String split, String city, String base, String suffix) {
    return root.resolve(folder).resolve(split).resolve(city).resolve(base + "_" + suffix);
  }

  public static Path image(Path root, String split, String city, String base) {
    return file(root, IMAGES, split, city, base, "leftImg8bit.png");
  }

  public static Path labelIds(Path root, String split, String city, String base) {
    return file(root, FINE, split, city, base, "gtFine_labelIds.png");
  }

  public static Path instanceIds(Path root, String split, String city, String base) {
    return file(root, FINE, split, city, base, "gtFine_instanceIds.png");
  }

  public static Path camera(Path root, String split, String city, String base) {
    return file(root, CAMERA, split, city, base, "camera.json");
  }

  public static Path vehicle(Path root, String split, String city, String base) {
    return file(root, VEHICLE, split, city, base, "vehicle.json");
  }

  public static Path truth(Path root, String split, String city, String base) {
    return file(root, TRUTH, split, city, base, "truth.json");
  }

  /** Parses "city_000012_000340_leftImg8bit.png" into {city, seq, frame}; null if it is not such a name. */
  public static String[] parseImageName(String fileName) {
    Matcher m = NAME.matcher(fileName);
    return m.matches() ? new String[] {m.group(1), m.group(2), m.group(3)} : null;
  }
}
