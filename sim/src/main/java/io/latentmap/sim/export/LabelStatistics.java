package io.latentmap.sim.export;

import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.labels.Label;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Pixel counts per Cityscapes evaluation class (trainId) over many frames. Thread-safe (synchronized). */
public final class LabelStatistics {

  private final long[] counts = new long[CityscapesLabels.NUM_TRAIN_CLASSES];
  private final byte[] toTrainId = CityscapesLabels.labelIdToTrainIdTable();
  private long ignored;
  private long frames;

  public synchronized void add(byte[] labelIds) {
    long[] local = new long[counts.length];
    long localIgnored = 0;
    for (byte b : labelIds) {
      int t = toTrainId[b & 0xFF] & 0xFF;
      if (t < local.length) {
        local[t]++;
      } else {
        localIgnored++;
      }
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += local[i];
    }
    ignored += localIgnored;
    frames++;
  }

  public synchronized long frames() {
    return frames;
  }

  public synchronized long count(int trainId) {
    return counts[trainId];
  }

  /** Share of all labelled pixels in class trainId. */
  public synchronized double share(int trainId) {
    long total = ignored;
    for (long c : counts) {
      total += c;
    }
    return total == 0 ? 0 : counts[trainId] / (double) total;
  }

  /** Names of the evaluation classes that never appeared. */
  public synchronized List<String> absentClasses() {
    List<String> absent = new ArrayList<>();
    for (Label l : CityscapesLabels.evaluationClasses()) {
      if (counts[l.trainId()] == 0) {
        absent.add(l.name());
      }
    }
    return absent;
  }

  /** One {@code sim.labels.share.<class> value ratio} line per class. */
  public synchronized List<String> figureLines() {
    List<String> lines = new ArrayList<>();
    for (Label l : CityscapesLabels.evaluationClasses()) {
      lines.add(String.format(Locale.ROOT, "sim.labels.share.%s %.5f ratio", l.name().replace(' ', '_'),
          share(l.trainId())));
    }
    return lines;
  }
}
