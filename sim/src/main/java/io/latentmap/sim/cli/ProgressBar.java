package io.latentmap.sim.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn at most every {@link #REDRAW_NANOS}. Thread-safe. */
public final class ProgressBar {

  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final String label;
  private final long total;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private long lastDraw;

  public ProgressBar(String label, long total) {
    this(label, total, System.err);
  }

  public ProgressBar(String label, long total, PrintStream out) {
    this.label = label;
    this.total = Math.max(1, total);
    this.out = out;
  }

  public synchronized void update(long done) {
    long now = System.nanoTime();
    if (done < total && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    int filled = (int) (WIDTH * Math.min(done, total) / total);
    double seconds = (now - start) / 1e9;
    out.printf(Locale.ROOT, "\r%s [%s%s] %3d%% %d/%d %.1f/s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
        100 * done / total, done, total, seconds > 0 ? done / seconds : 0.0);
    if (done >= total) {
      out.println();
    }
    out.flush();
  }
}
