package io.latentmap.eval.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CategoryPlotTest {
  @Test
  void axesEndOnARoundNumberWithRoundSteps() {
    assertThat(CategoryPlot.niceMax(2.7)).isEqualTo(5.0);
    assertThat(CategoryPlot.niceMax(1.3)).isEqualTo(2.0);
    assertThat(CategoryPlot.niceMax(0.031)).isEqualTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(CategoryPlot.niceMax(0)).isEqualTo(1.0);
    assertThat(CategoryPlot.ticks(5)).isEqualTo(5);
    assertThat(CategoryPlot.ticks(2)).isEqualTo(4);
    assertThat(CategoryPlot.ticks(0.1)).isEqualTo(5);
  }

  @Test
  void aPlotIsAPngWithTheLinesColoursOnIt() throws Exception {
    Color line = new Color(0x1F77B4);
    byte[] png = new CategoryPlot("t", "x", "y", List.of("a", "b", "c"))
        .cloud("points", Color.GRAY, List.of(List.of(1.0, 2.0), List.of(), List.of(3.0)))
        .line("median", line, new double[] {1.5, Double.NaN, 3.0})
        .png();

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(CategoryPlot.WIDTH);
    assertThat(image.getHeight()).isEqualTo(CategoryPlot.HEIGHT);
    long linePixels = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        linePixels += (image.getRGB(x, y) & 0xFFFFFF) == line.getRGB() - 0xFF000000 ? 1 : 0;
      }
    }
    assertThat(linePixels).isGreaterThan(50);
    assertThatThrownBy(() -> new CategoryPlot("t", "x", "y", List.of("a")).line("l", line, new double[2]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
