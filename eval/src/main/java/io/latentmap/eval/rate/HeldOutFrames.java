package io.latentmap.eval.rate;

import io.latentmap.sim.export.CityscapesExporter;
import io.latentmap.sim.export.CityscapesFrame;
import io.latentmap.sim.export.CityscapesReader;
import io.latentmap.sim.export.Resample;
import io.latentmap.sim.world.CityGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The frames an evaluation scores: the first {@code frames} frames of one split of a Cityscapes-layout folder, in
 * the order the training report took them (Python's {@code sorted(glob("*&#47;*_leftImg8bit.png"))}: by city
 * folder, then file name). Without a folder, the simulator renders the held-out city into a temporary one first,
 * so both cases read the same files the same way.
 */
public final class HeldOutFrames {
  /** Camera vehicles and ticks between frames of an export, as {@code ./latentmap sim export} defaults them. */
  static final int EXPORT_VEHICLES = 8;
  static final long EXPORT_TICK_STRIDE = 25;

  /**
   * One frame at the bundle's input size.
   *
   * @param rgb 0xRRGGBB, row-major
   * @param labelIds Cityscapes labelIds per pixel
   * @param instanceIds Cityscapes instanceIds per pixel, or null when the folder has none
   * @param fullWidth width of the folder's label image (the resolution Cityscapes results are written at)
   */
  public record Frame(CityscapesReader.FrameKey key, int width, int height, int[] rgb, byte[] labelIds,
      int[] instanceIds, int fullWidth, int fullHeight) {}

  private final Path root;
  private final String split;
  private final List<CityscapesReader.FrameKey> keys;
  private final CityscapesReader reader;

  private HeldOutFrames(Path root, String split, List<CityscapesReader.FrameKey> keys) {
    this.root = root;
    this.split = split;
    this.keys = keys;
    this.reader = new CityscapesReader(root);
  }

  /** The first {@code frames} frames of {@code split} under {@code root}. */
  public static HeldOutFrames fromFolder(Path root, String split, int frames) throws IOException {
    List<CityscapesReader.FrameKey> all = new ArrayList<>(new CityscapesReader(root).list(split));
    all.sort(Comparator.comparing(CityscapesReader.FrameKey::city)
        .thenComparing(CityscapesReader.FrameKey::baseName));
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no frames in split '" + split + "' of " + root);
    }
    return new HeldOutFrames(root, split, List.copyOf(all.subList(0, Math.min(frames, all.size()))));
  }

  /**
   * Exports {@code rendered} frames of city {@code seed} into {@code scratch} (split {@code split}), exactly as
   * {@code ./latentmap sim export} would, and takes the first {@code frames} of them in name order. An export's
   * name order interleaves its sources, so the first 100 of a 150-frame export are not a 100-frame export: give
   * the size of the export a report used to get its frames.
   */
  public static HeldOutFrames rendered(long seed, int rendered, int frames, String split, int threads, Path scratch,
      PrintStream progress) throws IOException {
    progress.println("rendering " + rendered + " frames of city seed " + seed + " into " + scratch + " ...");
    new CityscapesExporter(CityGenerator.generate(seed), EXPORT_VEHICLES, EXPORT_TICK_STRIDE).export(scratch,
        new CityscapesExporter.Options(rendered, split, threads, EXPORT_VEHICLES, EXPORT_TICK_STRIDE), done -> {});
    return fromFolder(scratch, split, frames);
  }

  public Path root() {
    return root;
  }

  public String split() {
    return split;
  }

  public List<CityscapesReader.FrameKey> keys() {
    return keys;
  }

  public int size() {
    return keys.size();
  }

  /**
   * Reads frame {@code i} at the given input size: pixels averaged over integer blocks, as the producer's replay
   * resamples them (so the RGB baselines see what the encoder saw), labels by nearest neighbour (as training
   * resizes them).
   */
  public Frame read(int i, int inputWidth, int inputHeight) throws IOException {
    CityscapesReader.FrameKey key = keys.get(i);
    CityscapesFrame f = reader.read(key);
    if (f.labelIds() == null) {
      throw new IOException(key.baseName() + " has no gtFine labelIds: it cannot be evaluated");
    }
    int w = f.width();
    int h = f.height();
    if (w == inputWidth && h == inputHeight) {
      return new Frame(key, w, h, f.rgb(), f.labelIds(), f.instanceIds(), w, h);
    }
    if (w % inputWidth != 0 || h % inputHeight != 0 || w / inputWidth != h / inputHeight) {
      throw new IOException(key.baseName() + " is " + w + "x" + h + ": not an integer multiple of the bundle's input "
          + inputWidth + "x" + inputHeight);
    }
    int factor = w / inputWidth;
    int[] labels = new int[f.labelIds().length];
    for (int p = 0; p < labels.length; p++) {
      labels[p] = f.labelIds()[p] & 0xFF;
    }
    int[] smallLabels = Resample.nearest(labels, w, h, inputWidth, inputHeight);
    byte[] labelBytes = new byte[smallLabels.length];
    for (int p = 0; p < labelBytes.length; p++) {
      labelBytes[p] = (byte) smallLabels[p];
    }
    return new Frame(key, inputWidth, inputHeight, Resample.boxDownscale(f.rgb(), w, h, factor), labelBytes,
        f.instanceIds() == null ? null : Resample.nearest(f.instanceIds(), w, h, inputWidth, inputHeight), w, h);
  }

  /** Deletes a scratch folder made by {@link #rendered}. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
