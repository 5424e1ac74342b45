package io.latentmap.eval.rate;

import io.latentmap.map.image.PngWriter;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.export.CityscapesReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Predictions in the Cityscapes results format that cityscapesScripts' evalPixelLevelSemanticLabeling reads: one
 * 8-bit grayscale PNG per frame at the full resolution of its ground truth, holding Cityscapes labelIds (not
 * trainIds), named after the frame ({@code <city>_<seq>_<frame>_leftImg8bit_labelIds.png}; the evaluator finds a
 * prediction by its {@code <city>_<seq>_<frame>} prefix anywhere under the results folder).
 */
public final class CityscapesResults {
  public static final String SUFFIX = "_leftImg8bit_labelIds.png";

  private static final byte[] TRAIN_ID_TO_LABEL_ID = trainIdToLabelId();

  private CityscapesResults() {}

  public static Path file(Path folder, CityscapesReader.FrameKey key) {
    return folder.resolve(key.baseName() + SUFFIX);
  }

  /** Writes one frame's prediction, given as trainIds per pixel; returns the file. */
  public static Path write(Path folder, CityscapesReader.FrameKey key, byte[] trainIds, int width, int height)
      throws IOException {
    if (trainIds.length != width * height) {
      throw new IllegalArgumentException(trainIds.length + " pixels for " + width + "x" + height);
    }
    byte[] labelIds = new byte[trainIds.length];
    for (int i = 0; i < trainIds.length; i++) {
      labelIds[i] = TRAIN_ID_TO_LABEL_ID[trainIds[i] & 0xFF];
    }
    Files.createDirectories(folder);
    Path file = file(folder, key);
    Files.write(file, new PngWriter().grey8(labelIds, width, height));
    return file;
  }

  /** trainId -> labelId; anything that is not one of the 19 classes becomes "unlabeled" (0). */
  private static byte[] trainIdToLabelId() {
    byte[] table = new byte[256];
    for (int t = 0; t < CityscapesLabels.NUM_TRAIN_CLASSES; t++) {
      table[t] = (byte) CityscapesLabels.byTrainId(t).id();
    }
    return table;
  }
}
