package io.latentmap.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.image.PngWriter;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.landmark.Landmark;
import io.latentmap.map.landmark.LandmarkGeoJson;
import io.latentmap.map.landmark.LandmarkType;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TilePngRenderer;
import io.latentmap.map.tile.TileRaster;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngAndGeoJsonTest {

  @Test
  void pngFormatsDecodeToTheSamePixels() throws Exception {
    SplittableRandom rnd = new SplittableRandom(7);
    int w = 37;
    int h = 11;
    int[] rgb = new int[w * h];
    byte[] grey = new byte[w * h];
    int[] grey16 = new int[w * h];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = rnd.nextInt(1 << 24);
      grey[i] = (byte) rnd.nextInt(256);
      grey16[i] = rnd.nextInt(65536);
    }
    PngWriter png = new PngWriter();
    BufferedImage a = ImageIO.read(new ByteArrayInputStream(png.rgb(rgb, w, h)));
    BufferedImage b = ImageIO.read(new ByteArrayInputStream(png.grey8(grey, w, h)));
    BufferedImage c = ImageIO.read(new ByteArrayInputStream(png.grey16(grey16, w, h)));
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        assertThat(a.getRGB(x, y) & 0xFFFFFF).isEqualTo(rgb[i]);
        assertThat(b.getRaster().getSample(x, y, 0)).isEqualTo(grey[i] & 0xFF);
        assertThat(c.getRaster().getSample(x, y, 0)).isEqualTo(grey16[i]);
      }
    }
    assertThat(png.rgb(rgb, w, h)).isEqualTo(new PngWriter().rgb(rgb, w, h));
  }

  @Test
  void rgbaKeepsColourAndAlpha() throws Exception {
    SplittableRandom rnd = new SplittableRandom(11);
    int w = 19;
    int h = 7;
    int[] argb = new int[w * h];
    for (int i = 0; i < argb.length; i++) {
      argb[i] = rnd.nextInt();
    }
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(new PngWriter().rgba(argb, w, h)));
    assertThat(img.getColorModel().hasAlpha()).isTrue();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        assertThat(img.getRGB(x, y)).isEqualTo(argb[y * w + x]);
      }
    }
  }

  @Test
  void tilePngUsesCityscapesColours() throws Exception {
    TileRaster raster = new TileRaster(new TileId(19, 1, 2), 256);
    raster.set(3, 4, StaticClass.SIDEWALK.trainId());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(TilePngRenderer.render(raster)));
    assertThat(img.getRGB(3, 4) & 0xFFFFFF).isEqualTo(CityscapesLabels.colorOf(CityscapesLabels.SIDEWALK));
    assertThat(img.getRGB(0, 0) & 0xFFFFFF).isZero();
  }

  @Test
  void landmarksBecomeGeoJsonPoints() throws Exception {
    String json = LandmarkGeoJson.featureCollection(List.of(
        new Landmark(5, LandmarkType.TRAFFIC_SIGN, GeoPoint.of(50.1, 6.2), 2.5),
        new Landmark(6, LandmarkType.POLE, GeoPoint.of(50.2, 6.3), 0)));
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.get("type").asText()).isEqualTo("FeatureCollection");
    JsonNode first = root.get("features").get(0);
    assertThat(first.at("/geometry/coordinates/0").asDouble()).isEqualTo(6.2);
    assertThat(first.at("/geometry/coordinates/1").asDouble()).isEqualTo(50.1);
    assertThat(first.at("/properties/type").asText()).isEqualTo("traffic_sign");
    assertThat(root.get("features")).hasSize(2);
  }
}
