package io.latentmap.map.labels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Cityscapes label table, loaded once from the official CSV shipped as a resource. This is the single place
 * where label ids, trainIds and colours live; every other class refers to the named constants below, which are
 * checked against the CSV when the class loads (a mismatch fails fast instead of mislabelling data).
 */
public final class CityscapesLabels {

  public static final int IGNORE_TRAIN_ID = 255;
  /** Number of evaluation classes (trainIds 0..18). */
  public static final int NUM_TRAIN_CLASSES = 19;
  /** Cityscapes instanceIds encode instances of instance classes as {@code labelId * 1000 + index}. */
  public static final int INSTANCE_ID_FACTOR = 1000;

  public static final int UNLABELED = 0;
  public static final int EGO_VEHICLE = 1;
  public static final int ROAD = 7;
  public static final int SIDEWALK = 8;
  public static final int BUILDING = 11;
  public static final int WALL = 12;
  public static final int FENCE = 13;
  public static final int POLE = 17;
  public static final int TRAFFIC_LIGHT = 19;
  public static final int TRAFFIC_SIGN = 20;
  public static final int VEGETATION = 21;
  public static final int TERRAIN = 22;
  public static final int SKY = 23;
  public static final int PERSON = 24;
  public static final int RIDER = 25;
  public static final int CAR = 26;
  public static final int TRUCK = 27;
  public static final int BUS = 28;
  public static final int TRAIN = 31;
  public static final int MOTORCYCLE = 32;
  public static final int BICYCLE = 33;

  private static final String RESOURCE = "cityscapes-labels.csv";
  private static final int MAX_LABEL_ID = 255;

  private static final Label[] BY_ID = new Label[MAX_LABEL_ID + 1];
  private static final List<Label> ALL;
  private static final Label[] BY_TRAIN_ID = new Label[NUM_TRAIN_CLASSES];

  static {
    ALL = Collections.unmodifiableList(load());
    for (Label label : ALL) {
      BY_ID[label.id()] = label;
      if (label.isEvaluated()) {
        BY_TRAIN_ID[label.trainId()] = label;
      }
    }
    for (int t = 0; t < NUM_TRAIN_CLASSES; t++) {
      if (BY_TRAIN_ID[t] == null) {
        throw new IllegalStateException("Cityscapes table has no label for trainId " + t);
      }
    }
    checkName(ROAD, "road");
    checkName(SIDEWALK, "sidewalk");
    checkName(BUILDING, "building");
    checkName(WALL, "wall");
    checkName(FENCE, "fence");
    checkName(POLE, "pole");
    checkName(TRAFFIC_LIGHT, "traffic light");
    checkName(TRAFFIC_SIGN, "traffic sign");
    checkName(VEGETATION, "vegetation");
    checkName(TERRAIN, "terrain");
    checkName(SKY, "sky");
    checkName(PERSON, "person");
    checkName(RIDER, "rider");
    checkName(CAR, "car");
    checkName(TRUCK, "truck");
    checkName(BUS, "bus");
    checkName(TRAIN, "train");
    checkName(MOTORCYCLE, "motorcycle");
    checkName(BICYCLE, "bicycle");
  }

  private CityscapesLabels() {}

  /** All 34 labels in id order. */
  public static List<Label> all() {
    return ALL;
  }

  /** The label with this labelId; throws for ids the table does not define. */
  public static Label byId(int id) {
    Label label = id >= 0 && id <= MAX_LABEL_ID ? BY_ID[id] : null;
    if (label == null) {
      throw new IllegalArgumentException("not a Cityscapes labelId: " + id);
    }
    return label;
  }

  public static boolean isDefined(int id) {
    return id >= 0 && id <= MAX_LABEL_ID && BY_ID[id] != null;
  }

  /** The evaluation label with this trainId (0..18). */
  public static Label byTrainId(int trainId) {
    if (trainId < 0 || trainId >= NUM_TRAIN_CLASSES) {
      throw new IllegalArgumentException("not a Cityscapes trainId: " + trainId);
    }
    return BY_TRAIN_ID[trainId];
  }

  /** The 19 evaluation labels in trainId order. */
  public static List<Label> evaluationClasses() {
    return List.of(BY_TRAIN_ID);
  }

  /** trainId of a labelId, {@link #IGNORE_TRAIN_ID} for unknown or ignored ids. */
  public static int trainIdOf(int labelId) {
    return isDefined(labelId) ? BY_ID[labelId].trainId() : IGNORE_TRAIN_ID;
  }

  /** A 256-entry lookup labelId -> trainId (255 for ignored), for converting whole images quickly. */
  public static byte[] labelIdToTrainIdTable() {
    byte[] table = new byte[MAX_LABEL_ID + 1];
    for (int id = 0; id <= MAX_LABEL_ID; id++) {
      table[id] = (byte) trainIdOf(id);
    }
    return table;
  }

  /** Official colour of a labelId packed 0xRRGGBB; black for undefined ids. */
  public static int colorOf(int labelId) {
    return isDefined(labelId) ? BY_ID[labelId].rgb() : 0;
  }

  private static void checkName(int id, String expected) {
    if (BY_ID[id] == null || !BY_ID[id].name().equals(expected)) {
      throw new IllegalStateException("Cityscapes table: id " + id + " should be '" + expected + "'");
    }
  }

  private static List<Label> load() {
    try (InputStream in = CityscapesLabels.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      if (header == null || !header.startsWith("name,id,trainId")) {
        throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
      }
      List<Label> labels = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          labels.add(parse(line));
        }
      }
      return labels;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static Label parse(String line) {
    String[] f = line.split(",");
    if (f.length != 9) {
      throw new IllegalStateException("bad label row: " + line);
    }
    int rgb = (Integer.parseInt(f[6]) << 16) | (Integer.parseInt(f[7]) << 8) | Integer.parseInt(f[8]);
    return new Label(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3],
        Boolean.parseBoolean(f[4]), Boolean.parseBoolean(f[5]), rgb);
  }
}
