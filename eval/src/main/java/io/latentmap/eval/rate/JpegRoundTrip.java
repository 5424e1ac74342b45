package io.latentmap.eval.rate;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The JPEG baseline with javax.imageio: a baseline JFIF file at an IJG quality (the scale PIL and libjpeg use, so
 * quality q here is quality q of the training report's PIL ladder), 4:2:0 chroma and optimised Huffman tables (as
 * the report's {@code optimize=True}, so the baseline pays no more header than it must), then decoded back.
 */
public final class JpegRoundTrip {
  /** A JPEG file and the pixels it decodes to (0xRRGGBB, row-major). */
  public record Result(byte[] file, int[] rgb) {
    public long bits() {
      return 8L * file.length;
    }
  }

  private JpegRoundTrip() {}

  /** @param quality IJG quality 1..100 */
  public static byte[] encode(int[] rgb, int width, int height, int quality) throws IOException {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality outside 1..100: " + quality);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, rgb, 0, width);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IOException("no JPEG writer in this JVM");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      JPEGImageWriteParam param = (JPEGImageWriteParam) writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      param.setOptimizeHuffmanTables(true);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  public static int[] decode(byte[] file) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(file));
    if (image == null) {
      throw new IOException("not a JPEG file");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] &= 0xFFFFFF;
    }
    return rgb;
  }

  public static Result roundTrip(int[] rgb, int width, int height, int quality) throws IOException {
    byte[] file = encode(rgb, width, height, quality);
    return new Result(file, decode(file));
  }
}
