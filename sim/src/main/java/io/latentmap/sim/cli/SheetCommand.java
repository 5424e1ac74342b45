package io.latentmap.sim.cli;

import io.latentmap.map.image.PngWriter;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.export.FramePlan;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.FrameStyle;
import io.latentmap.sim.render.RenderedFrame;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sheet", mixinStandardHelpOptions = true,
    description = "A contact sheet PNG: rendered frames beside their colourised Cityscapes labels.")
final class SheetCommand implements Callable<Integer> {

  @Option(names = "--seed", defaultValue = "1", description = "City seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--frames", defaultValue = "8", description = "Frames on the sheet. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--spacing", defaultValue = "37", description = "Export-frame index step between frames shown.")
  int spacing;

  @Option(names = "--shrink", defaultValue = "2", description = "Downscale factor (keeps the PNG small).")
  int shrink;

  @Option(names = "--out", required = true, description = "Output PNG file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (frames < 1 || frames > 64 || shrink < 1 || shrink > 8 || spacing < 1) {
      throw new IllegalArgumentException("frames 1..64, shrink 1..8, spacing >= 1");
    }
    City city = CityGenerator.generate(seed);
    FramePlan plan = new FramePlan(new Fleet(city, 8), FramePlan.DEFAULT_TICK_STRIDE);
    FrameRenderer renderer = FrameRenderer.forIntrinsics(plan.fleet().sources().get(0).intrinsics());
    int w = plan.fleet().sources().get(0).intrinsics().width() / shrink;
    int h = plan.fleet().sources().get(0).intrinsics().height() / shrink;
    int columns = 2; // pairs per row
    int rows = (frames + columns - 1) / columns;
    int sheetW = columns * 2 * w;
    int[] sheet = new int[sheetW * rows * h];
    for (int k = 0; k < frames; k++) {
      long index = (long) k * spacing;
      SourceFrame f = plan.frame(index);
      RenderedFrame r = renderer.render(city.at(f.simTime()), f.camera(), FrameStyle.random(seed, 41, index));
      int ox = (k % columns) * 2 * w;
      int oy = (k / columns) * h;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          sheet[(oy + y) * sheetW + ox + x] = average(r.rgb(), r.width(), x * shrink, y * shrink, shrink);
          int label = r.labelIds()[(y * shrink + shrink / 2) * r.width() + x * shrink + shrink / 2] & 0xFF;
          sheet[(oy + y) * sheetW + ox + w + x] = CityscapesLabels.colorOf(label);
        }
      }
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, new PngWriter(9).rgb(sheet, sheetW, rows * h));
    System.out.println("sim.sheet.bytes " + Files.size(out) + " bytes");
    return 0;
  }

  private static int average(int[] rgb, int width, int x0, int y0, int n) {
    int r = 0;
    int g = 0;
    int b = 0;
    for (int y = y0; y < y0 + n; y++) {
      for (int x = x0; x < x0 + n; x++) {
        int p = rgb[y * width + x];
        r += (p >> 16) & 0xFF;
        g += (p >> 8) & 0xFF;
        b += p & 0xFF;
      }
    }
    int c = n * n;
    return ((r / c) << 16) | ((g / c) << 8) | (b / c);
  }
}
