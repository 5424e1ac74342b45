package io.latentmap.map.fusion;

/**
 * A cell whose published label changed. Labels are Cityscapes trainIds; {@link CellGrid#UNKNOWN} before a cell was
 * ever published.
 *
 * @param confidence share of the cell's evidence that backs the new label, in [0, 1]
 */
public record CellFlip(int cellIndex, int oldTrainId, int newTrainId, float confidence) {}
