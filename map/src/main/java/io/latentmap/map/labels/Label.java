package io.latentmap.map.labels;

/**
 * One row of the official Cityscapes label table.
 *
 * @param name official label name, e.g. "traffic sign"
 * @param id the labelId written in {@code *_gtFine_labelIds.png}
 * @param trainId 0..18 for the 19 evaluation classes, {@link CityscapesLabels#IGNORE_TRAIN_ID} otherwise
 * @param hasInstances whether {@code *_gtFine_instanceIds.png} encodes instances (id * 1000 + index)
 * @param rgb the official colour, packed 0xRRGGBB
 */
public record Label(
    String name, int id, int trainId, String category, boolean hasInstances, boolean ignoreInEval, int rgb) {

  public boolean isEvaluated() {
    return trainId != CityscapesLabels.IGNORE_TRAIN_ID;
  }
}
