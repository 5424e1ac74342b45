package io.latentmap.eval.rate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Small Java2D charts for the evaluation commands: a line chart and bar panels, with labelled axes. */
public final class Plots {
  public static final int WIDTH = 960;
  public static final int HEIGHT = 600;
  private static final int MARGIN_LEFT = 80;
  private static final int MARGIN_RIGHT = 250;
  private static final int MARGIN_TOP = 50;
  private static final int MARGIN_BOTTOM = 70;
  private static final Color GRID = new Color(225, 225, 225);
  /** Candidate tick steps (times a power of ten) for linear axes, and tick values for log axes. */
  private static final double[] NICE_STEPS = {1, 2, 2.5, 5};
  private static final double[] LOG_TICKS = {1, 2, 5};
  private static final int TARGET_TICKS = 6;

  /** Distinguishable colours for series, in order. */
  public static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf));

  /**
   * One curve.
   *
   * @param points (x, y) pairs, drawn in the given order
   * @param horizontal draw as a dashed horizontal line at the first point's y (a reference level, e.g. RGB)
   */
  public record Series(String name, Color color, List<double[]> points, boolean horizontal) {}

  private Plots() {}

  public static BufferedImage lineChart(String title, String xLabel, String yLabel, boolean logX, List<Series> series) {
    BufferedImage image = canvas();
    Graphics2D g = graphics(image);
    Rectangle plot = new Rectangle(MARGIN_LEFT, MARGIN_TOP, WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
        HEIGHT - MARGIN_TOP - MARGIN_BOTTOM);
    double xMin = Double.MAX_VALUE;
    double xMax = -Double.MAX_VALUE;
    double yMin = Double.MAX_VALUE;
    double yMax = -Double.MAX_VALUE;
    for (Series s : series) {
      for (double[] p : s.points()) {
        if (!s.horizontal()) {
          xMin = Math.min(xMin, p[0]);
          xMax = Math.max(xMax, p[0]);
        }
        yMin = Math.min(yMin, p[1]);
        yMax = Math.max(yMax, p[1]);
      }
    }
    if (xMin > xMax) {
      xMin = 0;
      xMax = 1;
    }
    Scale x = logX ? Scale.log(xMin, xMax) : Scale.linear(xMin, xMax);
    Scale y = Scale.linear(Math.min(0, yMin), yMax);
    axes(g, plot, x, y, xLabel, yLabel);
    title(g, title);
    for (Series s : series) {
      g.setColor(s.color());
      if (s.horizontal()) {
        Stroke old = g.getStroke();
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        int py = y.toPixel(s.points().get(0)[1], plot.y + plot.height, plot.y);
        g.drawLine(plot.x, py, plot.x + plot.width, py);
        g.setStroke(old);
        continue;
      }
      Path2D.Double path = new Path2D.Double();
      boolean first = true;
      for (double[] p : s.points()) {
        double px = x.toPixel(p[0], plot.x, plot.x + plot.width);
        double py = y.toPixel(p[1], plot.y + plot.height, plot.y);
        if (first) {
          path.moveTo(px, py);
        } else {
          path.lineTo(px, py);
        }
        first = false;
        g.fillOval((int) px - 4, (int) py - 4, 8, 8);
      }
      g.setStroke(new BasicStroke(2f));
      g.draw(path);
    }
    legend(g, plot, series);
    g.dispose();
    return image;
  }

  /** One bar per label, value printed above it, in {@code area} of {@code g}. */
  public static void barPanel(Graphics2D g, Rectangle area, String title, String yLabel, List<String> labels,
      double[] values, List<Color> colors) {
    Rectangle plot = new Rectangle(area.x + MARGIN_LEFT, area.y + MARGIN_TOP, area.width - MARGIN_LEFT - 20,
        area.height - MARGIN_TOP - MARGIN_BOTTOM - 40);
    double max = 0;
    for (double v : values) {
      max = Math.max(max, Double.isFinite(v) ? v : 0);
    }
    Scale y = Scale.linear(0, max > 0 ? max * 1.1 : 1);
    g.setFont(font(14, Font.BOLD));
    g.setColor(Color.BLACK);
    g.drawString(title, area.x + (area.width - g.getFontMetrics().stringWidth(title)) / 2, area.y + 28);
    yAxis(g, plot, y, yLabel);
    int slot = plot.width / Math.max(1, labels.size());
    for (int i = 0; i < labels.size(); i++) {
      int x0 = plot.x + i * slot + slot / 6;
      int w = slot * 2 / 3;
      g.setFont(font(12, Font.PLAIN));
      if (Double.isFinite(values[i])) {
        int top = y.toPixel(values[i], plot.y + plot.height, plot.y);
        g.setColor(colors.get(i % colors.size()));
        g.fillRect(x0, top, w, plot.y + plot.height - top);
        g.setColor(Color.BLACK);
        String text = format(values[i]);
        g.drawString(text, x0 + (w - g.getFontMetrics().stringWidth(text)) / 2, top - 4);
      } else {
        g.setColor(Color.GRAY);
        g.drawString("n/a", x0 + w / 2 - 10, plot.y + plot.height - 4);
      }
      g.setColor(Color.BLACK);
      drawWrapped(g, labels.get(i), x0 + w / 2, plot.y + plot.height + 18, slot - 4);
    }
    g.setColor(Color.BLACK);
    g.drawLine(plot.x, plot.y + plot.height, plot.x + plot.width, plot.y + plot.height);
  }

  public static BufferedImage canvas() {
    return canvas(WIDTH, HEIGHT);
  }

  public static BufferedImage canvas(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  public static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    return g;
  }

  public static void write(BufferedImage image, Path file) throws IOException {
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  static String format(double v) {
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 10_000) {
      return Long.toString((long) v);
    }
    if (a != 0 && (a < 0.01 || a >= 10_000)) {
      return String.format(Locale.ROOT, "%.2g", v);
    }
    return a < 1 ? String.format(Locale.ROOT, "%.3f", v)
        : a < 100 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.0f", v);
  }

  private static Font font(int size, int style) {
    return new Font(Font.SANS_SERIF, style, size);
  }

  private static void title(Graphics2D g, String title) {
    g.setColor(Color.BLACK);
    g.setFont(font(16, Font.BOLD));
    g.drawString(title, MARGIN_LEFT, MARGIN_TOP - 20);
  }

  private static void axes(Graphics2D g, Rectangle plot, Scale x, Scale y, String xLabel, String yLabel) {
    g.setFont(font(12, Font.PLAIN));
    FontMetrics fm = g.getFontMetrics();
    for (double t : x.ticks()) {
      int px = x.toPixel(t, plot.x, plot.x + plot.width);
      g.setColor(GRID);
      g.drawLine(px, plot.y, px, plot.y + plot.height);
      g.setColor(Color.BLACK);
      String text = format(t);
      g.drawString(text, px - fm.stringWidth(text) / 2, plot.y + plot.height + 18);
    }
    yAxis(g, plot, y, yLabel);
    g.setColor(Color.BLACK);
    g.drawRect(plot.x, plot.y, plot.width, plot.height);
    g.setFont(font(14, Font.PLAIN));
    fm = g.getFontMetrics();
    g.drawString(xLabel, plot.x + (plot.width - fm.stringWidth(xLabel)) / 2, plot.y + plot.height + 45);
  }

  private static void yAxis(Graphics2D g, Rectangle plot, Scale y, String yLabel) {
    g.setFont(font(12, Font.PLAIN));
    FontMetrics fm = g.getFontMetrics();
    for (double t : y.ticks()) {
      int py = y.toPixel(t, plot.y + plot.height, plot.y);
      g.setColor(GRID);
      g.drawLine(plot.x, py, plot.x + plot.width, py);
      g.setColor(Color.BLACK);
      String text = format(t);
      g.drawString(text, plot.x - 8 - fm.stringWidth(text), py + fm.getAscent() / 2 - 1);
    }
    g.setColor(Color.BLACK);
    g.drawLine(plot.x, plot.y, plot.x, plot.y + plot.height);
    g.setFont(font(14, Font.PLAIN));
    fm = g.getFontMetrics();
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(plot.y + (plot.height + fm.stringWidth(yLabel)) / 2), plot.x - 50);
    g.setTransform(saved);
  }

  private static void legend(Graphics2D g, Rectangle plot, List<Series> series) {
    g.setFont(font(13, Font.PLAIN));
    int x = plot.x + plot.width + 20;
    int y = plot.y + 10;
    for (Series s : series) {
      g.setColor(s.color());
      if (s.horizontal()) {
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      } else {
        g.setStroke(new BasicStroke(2f));
        g.fillOval(x + 11, y - 4, 8, 8);
      }
      g.drawLine(x, y, x + 30, y);
      g.setStroke(new BasicStroke(1f));
      g.setColor(Color.BLACK);
      g.drawString(s.name(), x + 38, y + 5);
      y += 24;
    }
  }

  private static void drawWrapped(Graphics2D g, String text, int centerX, int y, int maxWidth) {
    FontMetrics fm = g.getFontMetrics();
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (fm.stringWidth(candidate) > maxWidth && !line.isEmpty()) {
        lines.add(line.toString());
        line = new StringBuilder(word);
      } else {
        line = new StringBuilder(candidate);
      }
    }
    lines.add(line.toString());
    for (String l : lines) {
      g.drawString(l, centerX - fm.stringWidth(l) / 2, y);
      y += fm.getHeight();
    }
  }

  /** A linear or log10 axis mapping data values to pixels, with readable ticks. */
  private record Scale(double min, double max, boolean log) {
    static Scale linear(double min, double max) {
      if (max <= min) {
        max = min + 1;
      }
      double step = step(min, max);
      return new Scale(Math.floor(min / step) * step, Math.ceil(max / step) * step, false);
    }

    /** From the largest 1-2-5 value at or below {@code min} to the smallest at or above {@code max}. */
    static Scale log(double min, double max) {
      double decade = Math.pow(10, Math.floor(Math.log10(min)));
      double lo = decade;
      for (double t : LOG_TICKS) {
        if (decade * t <= min) {
          lo = decade * t;
        }
      }
      decade = Math.pow(10, Math.floor(Math.log10(max)));
      double hi = decade * 10;
      for (int i = LOG_TICKS.length - 1; i >= 0; i--) {
        if (decade * LOG_TICKS[i] >= max) {
          hi = decade * LOG_TICKS[i];
        }
      }
      return new Scale(lo, hi, true);
    }

    static double step(double min, double max) {
      double raw = (max - min) / TARGET_TICKS;
      double power = Math.pow(10, Math.floor(Math.log10(raw)));
      for (double s : NICE_STEPS) {
        if (s * power >= raw) {
          return s * power;
        }
      }
      return 10 * power;
    }

    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      if (log) {
        for (double decade = Math.pow(10, Math.floor(Math.log10(min))); decade < max * 1.0001; decade *= 10) {
          for (double t : LOG_TICKS) {
            if (decade * t >= min * 0.9999 && decade * t <= max * 1.0001) {
              ticks.add(decade * t);
            }
          }
        }
      } else {
        double step = step(min, max);
        for (double t = min; t <= max + step * 1e-9; t += step) {
          ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
      }
      return ticks;
    }

    int toPixel(double v, int p0, int p1) {
      double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
          : (v - min) / (max - min);
      return (int) Math.round(p0 + f * (p1 - p0));
    }
  }
}
