package io.latentmap.eval.map;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small Java2D chart over categories on the x axis (e.g. traversal bins): lines through one value per category,
 * and clouds of individual values per category, spread sideways so they do not hide each other. Axes, ticks, labels
 * and a legend; PNG out. Headless.
 */
public final class CategoryPlot {
  static final int WIDTH = 820;
  static final int HEIGHT = 520;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 80;
  private static final double CLOUD_SPREAD = 0.25;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> categories;
  private final List<Line> lines = new ArrayList<>();
  private final List<Cloud> clouds = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private record Line(String name, Color colour, double[] values) {}

  private record Cloud(String name, Color colour, List<List<Double>> values) {}

  public CategoryPlot(String title, String xLabel, String yLabel, List<String> categories) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.categories = List.copyOf(categories);
  }

  /** One value per category; NaN leaves a gap. */
  public CategoryPlot line(String name, Color colour, double[] values) {
    if (values.length != categories.size()) {
      throw new IllegalArgumentException("one value per category");
    }
    lines.add(new Line(name, colour, values.clone()));
    return this;
  }

  /** Any number of values per category, drawn as translucent dots. */
  public CategoryPlot cloud(String name, Color colour, List<List<Double>> values) {
    if (values.size() != categories.size()) {
      throw new IllegalArgumentException("one list per category");
    }
    clouds.add(new Cloud(name, colour, values));
    return this;
  }

  /** A text printed under the x-axis label, e.g. counts per category. */
  public CategoryPlot note(String text) {
    notes.add(text);
    return this;
  }

  public byte[] png() throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      draw(g);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private void draw(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    double yMax = niceMax(maxValue());
    int yTicks = ticks(yMax);

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.setColor(Color.BLACK);
    centred(g, title, LEFT + plotW / 2, TOP - 22);

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i <= yTicks; i++) {
      double v = yMax * i / yTicks;
      int y = TOP + plotH - (int) Math.round(plotH * v / yMax);
      g.setColor(new Color(0xE4E4E4));
      g.drawLine(LEFT, y, LEFT + plotW, y);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, yMax < 10 ? "%.2f" : "%.1f", v);
      g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
    for (int c = 0; c < categories.size(); c++) {
      int x = xOf(c, plotW);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(x, TOP + plotH, x, TOP + plotH + 5);
      centred(g, categories.get(c), x, TOP + plotH + 20);
    }
    g.setColor(Color.BLACK);
    g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
    g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
    centred(g, xLabel, LEFT + plotW / 2, TOP + plotH + 42);
    for (int i = 0; i < notes.size(); i++) {
      g.setColor(Color.GRAY);
      centred(g, notes.get(i), LEFT + plotW / 2, TOP + plotH + 60 + 14 * i);
    }
    AffineTransform saved = g.getTransform();
    g.setColor(Color.BLACK);
    g.rotate(-Math.PI / 2);
    centred(g, yLabel, -(TOP + plotH / 2), 22);
    g.setTransform(saved);

    int legendY = TOP + 6;
    for (Cloud cloud : clouds) {
      Color dot = translucent(cloud.colour());
      for (int c = 0; c < categories.size(); c++) {
        List<Double> values = cloud.values().get(c);
        for (int k = 0; k < values.size(); k++) {
          double offset = values.size() == 1 ? 0 : CLOUD_SPREAD * (2.0 * k / (values.size() - 1) - 1);
          int x = (int) Math.round(xOf(c, plotW) + offset * plotW / categories.size());
          int y = yOf(values.get(k), yMax, plotH);
          g.setColor(dot);
          g.fillOval(x - 3, y - 3, 6, 6);
        }
      }
      legendY = legend(g, cloud.name(), dot, false, legendY);
    }
    for (Line line : lines) {
      g.setColor(line.colour());
      g.setStroke(new BasicStroke(2.2f));
      int prevX = -1;
      int prevY = -1;
      for (int c = 0; c < categories.size(); c++) {
        double v = line.values()[c];
        if (!Double.isFinite(v)) {
          prevX = -1;
          continue;
        }
        int x = xOf(c, plotW);
        int y = yOf(v, yMax, plotH);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, x, y);
        }
        g.fillRect(x - 4, y - 4, 8, 8);
        prevX = x;
        prevY = y;
      }
      g.setStroke(new BasicStroke(1f));
      legendY = legend(g, line.name(), line.colour(), true, legendY);
    }
  }

  private int legend(Graphics2D g, String name, Color colour, boolean line, int y) {
    int x = WIDTH - RIGHT - 190;
    g.setColor(colour);
    if (line) {
      g.fillRect(x, y + 2, 18, 4);
    } else {
      g.fillOval(x + 6, y, 7, 7);
    }
    g.setColor(Color.BLACK);
    g.drawString(name, x + 26, y + 8);
    return y + 18;
  }

  private int xOf(int category, int plotW) {
    return LEFT + (int) Math.round(plotW * (category + 0.5) / categories.size());
  }

  private static int yOf(double v, double yMax, int plotH) {
    return TOP + plotH - (int) Math.round(plotH * Math.min(v, yMax) / yMax);
  }

  private double maxValue() {
    double max = 0;
    for (Line l : lines) {
      for (double v : l.values()) {
        max = Double.isFinite(v) ? Math.max(max, v) : max;
      }
    }
    for (Cloud c : clouds) {
      for (List<Double> values : c.values()) {
        for (double v : values) {
          max = Math.max(max, v);
        }
      }
    }
    return max;
  }

  /** The smallest 1, 2 or 5 times a power of ten at or above {@code v} (1 for an empty chart). */
  static double niceMax(double v) {
    if (!(v > 0)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= v) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /** Tick intervals for an axis up to a {@link #niceMax}: steps of 1, 2 or 5 times a power of ten. */
  static int ticks(double niceMax) {
    double leading = niceMax / Math.pow(10, Math.floor(Math.log10(niceMax)));
    return Math.abs(leading - 2) < 1e-9 ? 4 : 5;
  }

  private static Color translucent(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 110);
  }

  private static void centred(Graphics2D g, String text, int x, int y) {
    g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
  }
}
