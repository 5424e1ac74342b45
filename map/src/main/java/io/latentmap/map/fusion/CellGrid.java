package io.latentmap.map.fusion;

import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.tile.StaticClass;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The static-class raster of one tile: per cell, the decayed evidence of each {@link StaticClass} and the label
 * published from it. Evidence is kept in square blocks allocated on first observation, because a road-bound fleet
 * sees a fraction of most tiles and a full tile of float evidence is 1.8 MB.
 */
public final class CellGrid {
  public static final int UNKNOWN = CityscapesLabels.IGNORE_TRAIN_ID;
  static final int BLOCK_SIDE = 16;
  private static final int BLOCK_CELLS = BLOCK_SIDE * BLOCK_SIDE;
  private static final StaticClass[] CLASSES = StaticClass.values();
  private static final int K = CLASSES.length;
  private static final int[] CLASS_INDEX_OF_TRAIN_ID = classIndexByTrainId();

  private final int cellsPerSide;
  private final int blocksPerSide;
  /** blocks[b] = evidence of block b's cells, cell-major: [cellInBlock * K + classIndex]; null if never seen. */
  private final float[][] blocks;
  private final byte[] published;
  private final byte[] confidence;

  public CellGrid(int cellsPerSide) {
    if (cellsPerSide <= 0 || cellsPerSide % BLOCK_SIDE != 0) {
      throw new IllegalArgumentException("cellsPerSide must be a positive multiple of " + BLOCK_SIDE);
    }
    this.cellsPerSide = cellsPerSide;
    this.blocksPerSide = cellsPerSide / BLOCK_SIDE;
    this.blocks = new float[blocksPerSide * blocksPerSide][];
    this.published = new byte[cellsPerSide * cellsPerSide];
    this.confidence = new byte[cellsPerSide * cellsPerSide];
    Arrays.fill(published, (byte) UNKNOWN);
  }

  public int cellsPerSide() {
    return cellsPerSide;
  }

  /** True for the trainIds this grid keeps evidence of (the static classes). */
  public static boolean isStatic(int trainId) {
    return trainId >= 0 && trainId < CLASS_INDEX_OF_TRAIN_ID.length && CLASS_INDEX_OF_TRAIN_ID[trainId] >= 0;
  }

  /**
   * Adds one observation of a cell and reports a published-label change, if the observation causes one.
   *
   * @param trainId the observed static class (non-static classes are refused: they never enter the map)
   * @param weight how much the observation counts, e.g. the segmentation's confidence, in (0, 1]
   */
  public void observe(int cellIndex, int trainId, float weight, FusionPolicy policy, Consumer<CellFlip> flips) {
    if (!isStatic(trainId)) {
      throw new IllegalArgumentException("trainId " + trainId + " is not a static map class");
    }
    float[] block = blockOf(cellIndex);
    int base = offsetInBlock(cellIndex) * K;
    float total = 0;
    int best = 0;
    for (int k = 0; k < K; k++) {
      float e = block[base + k] * policy.evidenceDecay();
      block[base + k] = e;
    }
    block[base + CLASS_INDEX_OF_TRAIN_ID[trainId]] += weight;
    for (int k = 0; k < K; k++) {
      float e = block[base + k];
      total += e;
      if (e > block[base + best]) {
        best = k;
      }
    }
    int current = Byte.toUnsignedInt(published[cellIndex]);
    float bestEvidence = block[base + best];
    float share = bestEvidence / total;
    int candidate = CLASSES[best].trainId();
    if (candidate == current) {
      confidence[cellIndex] = toByte(share);
      return;
    }
    float currentEvidence = current == UNKNOWN ? 0 : block[base + CLASS_INDEX_OF_TRAIN_ID[current]];
    if (bestEvidence >= policy.minEvidence() && bestEvidence >= policy.switchRatio() * currentEvidence) {
      published[cellIndex] = (byte) candidate;
      confidence[cellIndex] = toByte(share);
      flips.accept(new CellFlip(cellIndex, current, candidate, share));
    } else if (current != UNKNOWN) {
      confidence[cellIndex] = toByte(currentEvidence / total);
    }
  }

  /** Published label of a cell (trainId, or {@link #UNKNOWN}). */
  public int label(int cellIndex) {
    return Byte.toUnsignedInt(published[cellIndex]);
  }

  /** Row-major published labels, one byte per cell: the MapTile class raster. */
  public byte[] labels() {
    return published.clone();
  }

  /** Row-major confidence of the published labels, 0..255 for 0..1. */
  public byte[] confidences() {
    return confidence.clone();
  }

  public int observedBlockCount() {
    int n = 0;
    for (float[] b : blocks) {
      n += b == null ? 0 : 1;
    }
    return n;
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(cellsPerSide);
    out.write(published);
    out.write(confidence);
    out.writeInt(observedBlockCount());
    for (int b = 0; b < blocks.length; b++) {
      if (blocks[b] != null) {
        out.writeInt(b);
        for (float e : blocks[b]) {
          out.writeFloat(e);
        }
      }
    }
  }

  static CellGrid read(DataInput in) throws IOException {
    CellGrid grid = new CellGrid(in.readInt());
    in.readFully(grid.published);
    in.readFully(grid.confidence);
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      float[] block = new float[BLOCK_CELLS * K];
      int index = in.readInt();
      for (int j = 0; j < block.length; j++) {
        block[j] = in.readFloat();
      }
      grid.blocks[index] = block;
    }
    return grid;
  }

  private float[] blockOf(int cellIndex) {
    int col = cellIndex % cellsPerSide;
    int row = cellIndex / cellsPerSide;
    int b = (row / BLOCK_SIDE) * blocksPerSide + col / BLOCK_SIDE;
    float[] block = blocks[b];
    if (block == null) {
      block = new float[BLOCK_CELLS * K];
      blocks[b] = block;
    }
    return block;
  }

  private int offsetInBlock(int cellIndex) {
    int col = cellIndex % cellsPerSide;
    int row = cellIndex / cellsPerSide;
    return (row % BLOCK_SIDE) * BLOCK_SIDE + col % BLOCK_SIDE;
  }

  private static byte toByte(float unit) {
    return (byte) Math.round(Math.max(0f, Math.min(1f, unit)) * 255f);
  }

  private static int[] classIndexByTrainId() {
    int[] index = new int[256];
    Arrays.fill(index, -1);
    for (StaticClass c : CLASSES) {
      index[c.trainId()] = c.ordinal();
    }
    return index;
  }
}
