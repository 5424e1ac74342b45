package io.latentmap.map.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A small, fast, deterministic PNG encoder for the formats the project writes: 8-bit RGB (camera images), 8-bit RGBA
 * (map overlays), 8-bit grey (labelIds, tile rasters) and 16-bit grey (Cityscapes instanceIds). Every row uses the "Sub" filter and
 * one fixed deflate level, so the same pixels always give the same bytes. Not thread-safe (reuses its deflater);
 * use one per thread.
 */
public final class PngWriter {

  /** Deflate level: 1 is several times faster than the default and only slightly larger for these images. */
  public static final int DEFAULT_LEVEL = 3;
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int COLOR_GREY = 0;
  private static final int COLOR_RGB = 2;
  private static final int COLOR_RGBA = 6;
  private static final int FILTER_SUB = 1;
  private static final int MAX_SIDE = 1 << 15;

  private final Deflater deflater;
  private byte[] deflateBuffer = new byte[1 << 16];

  public PngWriter() {
    this(DEFAULT_LEVEL);
  }

  public PngWriter(int level) {
    this.deflater = new Deflater(level);
  }

  /** Pixels packed 0xRRGGBB, row-major. */
  public byte[] rgb(int[] pixels, int width, int height) {
    check(pixels.length, width, height);
    int stride = 1 + width * 3;
    byte[] raw = new byte[stride * height];
    for (int y = 0; y < height; y++) {
      int o = y * stride;
      raw[o] = FILTER_SUB;
      int pr = 0;
      int pg = 0;
      int pb = 0;
      for (int x = 0; x < width; x++) {
        int p = pixels[y * width + x];
        int r = (p >> 16) & 0xFF;
        int g = (p >> 8) & 0xFF;
        int b = p & 0xFF;
        raw[o + 1 + 3 * x] = (byte) (r - pr);
        raw[o + 2 + 3 * x] = (byte) (g - pg);
        raw[o + 3 + 3 * x] = (byte) (b - pb);
        pr = r;
        pg = g;
        pb = b;
      }
    }
    return encode(raw, width, height, 8, COLOR_RGB);
  }

  /** Pixels packed 0xAARRGGBB (alpha 0 = transparent), row-major. */
  public byte[] rgba(int[] pixels, int width, int height) {
    check(pixels.length, width, height);
    int stride = 1 + width * 4;
    byte[] raw = new byte[stride * height];
    for (int y = 0; y < height; y++) {
      int o = y * stride;
      raw[o] = FILTER_SUB;
      int previous = 0;
      for (int x = 0; x < width; x++) {
        int p = pixels[y * width + x];
        int q = o + 1 + 4 * x;
        raw[q] = (byte) ((p >> 16) - (previous >> 16));
        raw[q + 1] = (byte) ((p >> 8) - (previous >> 8));
        raw[q + 2] = (byte) (p - previous);
        raw[q + 3] = (byte) ((p >>> 24) - (previous >>> 24));
        previous = p;
      }
    }
    return encode(raw, width, height, 8, COLOR_RGBA);
  }

  /** 8-bit grey values, row-major. */
  public byte[] grey8(byte[] pixels, int width, int height) {
    check(pixels.length, width, height);
    int stride = 1 + width;
    byte[] raw = new byte[stride * height];
    for (int y = 0; y < height; y++) {
      int o = y * stride;
      raw[o] = FILTER_SUB;
      int prev = 0;
      for (int x = 0; x < width; x++) {
        int v = pixels[y * width + x] & 0xFF;
        raw[o + 1 + x] = (byte) (v - prev);
        prev = v;
      }
    }
    return encode(raw, width, height, 8, COLOR_GREY);
  }

  /** 16-bit grey values (0..65535), row-major. */
  public byte[] grey16(int[] pixels, int width, int height) {
    check(pixels.length, width, height);
    int stride = 1 + width * 2;
    byte[] raw = new byte[stride * height];
    for (int y = 0; y < height; y++) {
      int o = y * stride;
      raw[o] = FILTER_SUB;
      int ph = 0;
      int pl = 0;
      for (int x = 0; x < width; x++) {
        int v = pixels[y * width + x];
        if (v < 0 || v > 0xFFFF) {
          throw new IllegalArgumentException("16-bit pixel out of range at " + x + "," + y + ": " + v);
        }
        int h = v >> 8;
        int l = v & 0xFF;
        raw[o + 1 + 2 * x] = (byte) (h - ph);
        raw[o + 2 + 2 * x] = (byte) (l - pl);
        ph = h;
        pl = l;
      }
    }
    return encode(raw, width, height, 16, COLOR_GREY);
  }

  private static void check(int length, int width, int height) {
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException("image size out of range: " + width + "x" + height);
    }
    if (length != width * height) {
      throw new IllegalArgumentException("pixel count " + length + " != " + width + "x" + height);
    }
  }

  private byte[] encode(byte[] raw, int width, int height, int bitDepth, int colorType) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
    out.writeBytes(SIGNATURE);
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = (byte) bitDepth;
    ihdr[9] = (byte) colorType;
    chunk(out, "IHDR", ihdr, ihdr.length);
    deflater.reset();
    deflater.setInput(raw);
    deflater.finish();
    ByteArrayOutputStream idat = new ByteArrayOutputStream(raw.length / 2 + 64);
    while (!deflater.finished()) {
      int n = deflater.deflate(deflateBuffer);
      idat.write(deflateBuffer, 0, n);
    }
    byte[] compressed = idat.toByteArray();
    chunk(out, "IDAT", compressed, compressed.length);
    chunk(out, "IEND", new byte[0], 0);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
    byte[] header = new byte[4];
    putInt(header, 0, length);
    out.writeBytes(header);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(typeBytes);
    out.write(data, 0, length);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data, 0, length);
    putInt(header, 0, (int) crc.getValue());
    out.writeBytes(header);
  }

  private static void putInt(byte[] b, int o, int v) {
    b[o] = (byte) (v >>> 24);
    b[o + 1] = (byte) (v >>> 16);
    b[o + 2] = (byte) (v >>> 8);
    b[o + 3] = (byte) v;
  }
}
