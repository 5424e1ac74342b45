package io.latentmap.schemas.wire;

/**
 * Upper bounds on what a decoder accepts from the wire, checked before anything is allocated for it.
 *
 * @param maxRecordBytes whole message, header included
 * @param maxBytesLength one Avro {@code bytes} value (e.g. one layer bitstream, a raster)
 * @param maxStringLength one Avro {@code string} value, in UTF-8 bytes
 * @param maxCollectionItems items of one Avro array or map, summed over its blocks
 */
public record WireLimits(int maxRecordBytes, int maxBytesLength, int maxStringLength, int maxCollectionItems) {

  private static final int MIB = 1 << 20;

  /**
   * Defaults sized for this project's records: a frame's layers are tens of KB, a tile raster is 256 x 256 = 64 KiB,
   * a tile has at most 65,536 changed cells; 16 MiB leaves room for large feature tensors and dead letters that wrap
   * them, and stays under Kafka's usual message size settings.
   */
  public static final WireLimits DEFAULTS = new WireLimits(16 * MIB, 16 * MIB, 64 * 1024, 1 << 16);

  public WireLimits {
    requirePositive("maxRecordBytes", maxRecordBytes);
    requirePositive("maxBytesLength", maxBytesLength);
    requirePositive("maxStringLength", maxStringLength);
    requirePositive("maxCollectionItems", maxCollectionItems);
  }

  public WireLimits withMaxRecordBytes(int value) {
    return new WireLimits(value, maxBytesLength, maxStringLength, maxCollectionItems);
  }

  public WireLimits withMaxBytesLength(int value) {
    return new WireLimits(maxRecordBytes, value, maxStringLength, maxCollectionItems);
  }

  public WireLimits withMaxStringLength(int value) {
    return new WireLimits(maxRecordBytes, maxBytesLength, value, maxCollectionItems);
  }

  public WireLimits withMaxCollectionItems(int value) {
    return new WireLimits(maxRecordBytes, maxBytesLength, maxStringLength, value);
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
