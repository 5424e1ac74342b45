package io.latentmap.map.fusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The net label changes of a tile's cells since its last published version, one entry per cell: its label at that
 * version and its label now. A cell that flips back to its published label has no net change and drops out of the
 * delta; a later flip brings it back.
 *
 * <p>A fresh map flips thousands of cells of a tile between two versions, one lookup per flip. A map of boxed cell
 * indexes spent half of the tile aggregation's time in {@code HashMap.put}, its resizing and tree bins (JFR, bench
 * pipeline); here the index is an open-addressing table of ints over parallel arrays, no box or map entry per flip.
 */
final class PendingFlips {
  private static final int INITIAL_ENTRIES = 32;
  private static final int NO_ENTRY = -1;

  /** Entry index per slot, or {@link #NO_ENTRY}; a power-of-two length at most half full. */
  private int[] slots;
  private int[] cells;
  private int[] publishedLabels;
  private int[] currentLabels;
  private float[] confidences;
  /** Entries in insertion order, cells that flipped back included (their current label equals the published one). */
  private int entries;
  private int netChanges;

  PendingFlips() {
    allocate(INITIAL_ENTRIES);
  }

  /** Records that {@code cellIndex} now shows {@code newLabel} (it showed {@code oldLabel} just before). */
  void record(int cellIndex, int oldLabel, int newLabel, float confidence) {
    int slot = slotOf(cellIndex);
    int entry = slots[slot];
    if (entry == NO_ENTRY) {
      if (oldLabel == newLabel) {
        return;
      }
      if (entries == cells.length) {
        grow();
        slot = slotOf(cellIndex);
      }
      entry = entries++;
      slots[slot] = entry;
      cells[entry] = cellIndex;
      publishedLabels[entry] = oldLabel;
      currentLabels[entry] = publishedLabels[entry];
    }
    boolean wasChange = currentLabels[entry] != publishedLabels[entry];
    boolean isChange = newLabel != publishedLabels[entry];
    currentLabels[entry] = newLabel;
    confidences[entry] = confidence;
    netChanges += (isChange ? 1 : 0) - (wasChange ? 1 : 0);
  }

  boolean isEmpty() {
    return netChanges == 0;
  }

  int size() {
    return netChanges;
  }

  /** The net changes in ascending cell index (TileUpdate.changedCells promises that order). */
  List<CellFlip> inCellOrder() {
    long[] order = new long[netChanges];
    int n = 0;
    for (int e = 0; e < entries; e++) {
      if (currentLabels[e] != publishedLabels[e]) {
        order[n++] = ((long) cells[e] << 32) | e; // cell indexes are non-negative: sorts by cell
      }
    }
    Arrays.sort(order);
    List<CellFlip> flips = new ArrayList<>(n);
    for (long packed : order) {
      flips.add(flip((int) packed));
    }
    return flips;
  }

  /** The net changes in the order they were first recorded (what a snapshot of the state writes). */
  List<CellFlip> inRecordOrder() {
    List<CellFlip> flips = new ArrayList<>(netChanges);
    for (int e = 0; e < entries; e++) {
      if (currentLabels[e] != publishedLabels[e]) {
        flips.add(flip(e));
      }
    }
    return flips;
  }

  /**
   * Forgets every entry; a table sized by one burst of flips (a fresh tile) shrinks back to what the last interval
   * used.
   */
  void clear() {
    if (entries == 0) {
      return;
    }
    int used = Math.max(INITIAL_ENTRIES, Integer.highestOneBit(entries - 1) << 1);
    if (cells.length >= 4 * used) {
      allocate(used);
    } else {
      Arrays.fill(slots, NO_ENTRY);
    }
    entries = 0;
    netChanges = 0;
  }

  private void allocate(int entryCapacity) {
    slots = emptySlots(2 * entryCapacity);
    cells = new int[entryCapacity];
    publishedLabels = new int[entryCapacity];
    currentLabels = new int[entryCapacity];
    confidences = new float[entryCapacity];
  }

  /** Makes this an independent copy of {@code other}. */
  void copyFrom(PendingFlips other) {
    slots = other.slots.clone();
    cells = other.cells.clone();
    publishedLabels = other.publishedLabels.clone();
    currentLabels = other.currentLabels.clone();
    confidences = other.confidences.clone();
    entries = other.entries;
    netChanges = other.netChanges;
  }

  private CellFlip flip(int entry) {
    return new CellFlip(cells[entry], publishedLabels[entry], currentLabels[entry], confidences[entry]);
  }

  /** The slot holding {@code cellIndex}, else the empty slot where it belongs (linear probing). */
  private int slotOf(int cellIndex) {
    int mask = slots.length - 1;
    int slot = mix(cellIndex) & mask;
    while (slots[slot] != NO_ENTRY && cells[slots[slot]] != cellIndex) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /**
   * MurmurHash3's finaliser: row-major cell indexes of one column share their low bits, which alone would pick
   * the slot.
   */
  private static int mix(int value) {
    int h = value;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h;
  }

  private void grow() {
    int capacity = cells.length * 2;
    cells = Arrays.copyOf(cells, capacity);
    publishedLabels = Arrays.copyOf(publishedLabels, capacity);
    currentLabels = Arrays.copyOf(currentLabels, capacity);
    confidences = Arrays.copyOf(confidences, capacity);
    slots = emptySlots(capacity * 2);
    for (int e = 0; e < entries; e++) {
      slots[slotOf(cells[e])] = e; // each cell once: its probe ends on an empty slot
    }
  }

  private static int[] emptySlots(int capacity) {
    int[] slots = new int[capacity];
    Arrays.fill(slots, NO_ENTRY);
    return slots;
  }
}
