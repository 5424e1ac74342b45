package io.latentmap.map.fusion;

import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.tile.StaticClass;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
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
  /** Bound on a grid read back from state: 4096 x 4096 cells is a 30 MB label raster. */
  static final int MAX_CELLS_PER_SIDE = 4096;
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
    int observed = CLASS_INDEX_OF_TRAIN_ID[trainId];
    float decay = policy.evidenceDecay();
    float total = 0;
    int best = 0;
    float bestEvidence = Float.NEGATIVE_INFINITY;
    // One pass: decay every class, credit the observed one, and find the first largest.
    for (int k = 0; k < K; k++) {
      float e = block[base + k] * decay;
      if (k == observed) {
        e += weight;
      }
      block[base + k] = e;
      total += e;
      if (e > bestEvidence) {
        best = k;
        bestEvidence = e;
      }
    }
    int current = Byte.toUnsignedInt(published[cellIndex]);
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

  /** An independent copy: later observations of either grid do not show in the other. */
  CellGrid copy() {
    CellGrid copy = new CellGrid(cellsPerSide);
    for (int b = 0; b < blocks.length; b++) {
      copy.blocks[b] = blocks[b] == null ? null : blocks[b].clone();
    }
    System.arraycopy(published, 0, copy.published, 0, published.length);
    System.arraycopy(confidence, 0, copy.confidence, 0, confidence.length);
    return copy;
  }

  /**
   * Only observed blocks are written (labels, confidences, evidence), in bulk: a cell outside them has never been
   * observed, so its label is {@link #UNKNOWN} and its confidence 0. A road-bound tile is mostly such cells, and
   * checkpoints write every tile that changed.
   */
  void write(DataOutput out) throws IOException {
    out.writeInt(cellsPerSide);
    out.writeInt(observedBlockCount());
    byte[] labels = new byte[BLOCK_CELLS];
    byte[] confidences = new byte[BLOCK_CELLS];
    ByteBuffer evidence = ByteBuffer.allocate(BLOCK_CELLS * K * Float.BYTES);
    for (int b = 0; b < blocks.length; b++) {
      if (blocks[b] != null) {
        out.writeInt(b);
        gatherBlock(b, published, labels);
        gatherBlock(b, confidence, confidences);
        out.write(labels);
        out.write(confidences);
        evidence.clear();
        evidence.asFloatBuffer().put(blocks[b]);
        out.write(evidence.array());
      }
    }
  }

  static CellGrid read(DataInput in) throws IOException {
    int cellsPerSide = in.readInt();
    if (cellsPerSide <= 0 || cellsPerSide > MAX_CELLS_PER_SIDE || cellsPerSide % BLOCK_SIDE != 0) {
      throw new IOException("cell grid of " + cellsPerSide + " cells per side");
    }
    CellGrid grid = new CellGrid(cellsPerSide);
    int count = in.readInt();
    if (count < 0 || count > grid.blocks.length) {
      throw new IOException(count + " observed blocks in a grid of " + grid.blocks.length);
    }
    byte[] labels = new byte[BLOCK_CELLS];
    byte[] confidences = new byte[BLOCK_CELLS];
    byte[] evidence = new byte[BLOCK_CELLS * K * Float.BYTES];
    for (int i = 0; i < count; i++) {
      int index = in.readInt();
      if (index < 0 || index >= grid.blocks.length || grid.blocks[index] != null) {
        throw new IOException("block " + index + " out of range or repeated");
      }
      in.readFully(labels);
      in.readFully(confidences);
      in.readFully(evidence);
      grid.scatterBlock(index, labels, grid.published);
      grid.scatterBlock(index, confidences, grid.confidence);
      float[] block = new float[BLOCK_CELLS * K];
      ByteBuffer.wrap(evidence).asFloatBuffer().get(block);
      grid.blocks[index] = block;
    }
    return grid;
  }

  /** Block {@code b}'s cells of a row-major raster, block-major. */
  private void gatherBlock(int b, byte[] raster, byte[] blockCells) {
    for (int r = 0; r < BLOCK_SIDE; r++) {
      System.arraycopy(raster, blockRowOffset(b, r), blockCells, r * BLOCK_SIDE, BLOCK_SIDE);
    }
  }

  private void scatterBlock(int b, byte[] blockCells, byte[] raster) {
    for (int r = 0; r < BLOCK_SIDE; r++) {
      System.arraycopy(blockCells, r * BLOCK_SIDE, raster, blockRowOffset(b, r), BLOCK_SIDE);
    }
  }

  /** Raster index of the first cell of row {@code r} of block {@code b}. */
  private int blockRowOffset(int b, int r) {
    return ((b / blocksPerSide) * BLOCK_SIDE + r) * cellsPerSide + (b % blocksPerSide) * BLOCK_SIDE;
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
