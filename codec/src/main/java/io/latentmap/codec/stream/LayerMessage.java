package io.latentmap.codec.stream;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.rans.Rans;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The layer message layout of docs/formats.md section 4: a fixed header, stream descriptors, the rANS payloads
 * and a CRC32C. {@link #parse} validates everything against a {@link CodecSpec} before any payload is touched.
 */
public final class LayerMessage {
  static final byte[] MAGIC = "LMTL".getBytes(StandardCharsets.US_ASCII);
  public static final int FORMAT_VERSION = 1;
  static final int FIXED_HEADER_BYTES = 28;
  static final int DESCRIPTOR_BYTES = 8;
  static final int CRC_BYTES = 4;
  static final int OFFSET_HASH_PREFIX = 8;

  /** Stream kinds of a descriptor. */
  public static final int STREAM_Y = 1;

  public static final int STREAM_Z = 2;

  /** One rANS payload of a message. */
  public record Stream(int kind, int offset, int length) {}

  /** A parsed, validated header with the payload positions inside the message. */
  public record Header(
      EntropyModelType entropyModel,
      int lanes,
      int layerIndex,
      ChannelRange channels,
      int height,
      int width,
      List<Stream> streams) {

    /** The payload of the given kind. */
    public Stream stream(int kind) {
      for (Stream s : streams) {
        if (s.kind() == kind) {
          return s;
        }
      }
      throw new IllegalStateException("no stream of kind " + kind);
    }
  }

  private LayerMessage() {}

  /** Number of streams a layer carries: z and y in layer 0 of a hyperprior bundle, else y. */
  static int streamCount(EntropyModelType type, int layerIndex) {
    return type == EntropyModelType.HYPERPRIOR && layerIndex == 0 ? 2 : 1;
  }

  /** Assembles a message from its payloads (in descriptor order: z then y where both exist). */
  static byte[] write(CodecSpec spec, int layerIndex, int height, int width, int[] kinds, byte[][] payloads) {
    ChannelRange range = spec.layers().get(layerIndex);
    int payloadBytes = Arrays.stream(payloads).mapToInt(p -> p.length).sum();
    int headerBytes = FIXED_HEADER_BYTES + DESCRIPTOR_BYTES * payloads.length;
    ByteBuffer out = ByteBuffer.allocate(headerBytes + payloadBytes + CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC)
        .put((byte) FORMAT_VERSION)
        .put((byte) spec.entropyModel().wireCode())
        .put((byte) spec.lanes())
        .put((byte) 0)
        .put(spec.bundleHashPrefix())
        .putShort((short) layerIndex)
        .putShort((short) range.start())
        .putShort((short) range.end())
        .putShort((short) height)
        .putShort((short) width)
        .put((byte) payloads.length)
        .put((byte) 0);
    for (int i = 0; i < payloads.length; i++) {
      out.put((byte) kinds[i]).put((byte) 0).putShort((short) 0).putInt(payloads[i].length);
    }
    for (byte[] payload : payloads) {
      out.put(payload);
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  /**
   * Validates a message against the bundle and returns its header.
   *
   * @param expectedLayerIndex the position of the message in the frame's layer list
   * @throws CodecException naming the first check that fails (docs/formats.md section 7)
   */
  public static Header parse(byte[] message, CodecSpec spec, int expectedLayerIndex) throws CodecException {
    if (message.length < FIXED_HEADER_BYTES + DESCRIPTOR_BYTES + CRC_BYTES) {
      throw new CodecException("layer message of " + message.length + " bytes is shorter than a header");
    }
    if (!Arrays.equals(message, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CodecException("layer message does not start with LMTL");
    }
    ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
    in.position(MAGIC.length);
    int version = Byte.toUnsignedInt(in.get());
    if (version != FORMAT_VERSION) {
      throw new CodecException("layer format version " + version + " is not " + FORMAT_VERSION);
    }
    int modelCode = Byte.toUnsignedInt(in.get());
    if (modelCode != spec.entropyModel().wireCode()) {
      throw new CodecException("layer uses entropy model " + modelCode + ", bundle uses "
          + spec.entropyModel().manifestName());
    }
    int lanes = Byte.toUnsignedInt(in.get());
    if (!Rans.isValidLaneCount(lanes)) {
      throw new CodecException("layer declares " + lanes + " rANS lanes (1, 2 or 4 allowed)");
    }
    int flags = Byte.toUnsignedInt(in.get());
    if (flags != 0) {
      throw new CodecException("layer flags 0x" + Integer.toHexString(flags) + " are reserved");
    }
    if (!spec.hashPrefixMatches(message, OFFSET_HASH_PREFIX)) {
      throw new CodecException("layer was encoded for another bundle (hash prefix mismatch)");
    }
    in.position(OFFSET_HASH_PREFIX + CodecSpec.HASH_PREFIX_BYTES);
    int layerIndex = Short.toUnsignedInt(in.getShort());
    if (layerIndex != expectedLayerIndex) {
      throw new CodecException("layer " + layerIndex + " arrived where layer " + expectedLayerIndex + " belongs");
    }
    if (layerIndex >= spec.layers().size()) {
      throw new CodecException("layer " + layerIndex + " of a bundle with " + spec.layers().size() + " layers");
    }
    int c0 = Short.toUnsignedInt(in.getShort());
    int c1 = Short.toUnsignedInt(in.getShort());
    ChannelRange expected = spec.layers().get(layerIndex);
    if (c0 != expected.start() || c1 != expected.end()) {
      throw new CodecException("layer " + layerIndex + " carries channels [" + c0 + ", " + c1 + "), bundle says "
          + "[" + expected.start() + ", " + expected.end() + ")");
    }
    int height = Short.toUnsignedInt(in.getShort());
    int width = Short.toUnsignedInt(in.getShort());
    if (height > spec.maxHeight() || width > spec.maxWidth()) {
      throw new CodecException("layer latent " + height + "x" + width + " exceeds the bundle's "
          + spec.maxHeight() + "x" + spec.maxWidth());
    }
    int streamCount = Byte.toUnsignedInt(in.get());
    int reserved = Byte.toUnsignedInt(in.get());
    int expectedStreams = streamCount(spec.entropyModel(), layerIndex);
    if (streamCount != expectedStreams || reserved != 0) {
      throw new CodecException("layer " + layerIndex + " has " + streamCount + " streams, expected " + expectedStreams);
    }
    int headerBytes = FIXED_HEADER_BYTES + DESCRIPTOR_BYTES * streamCount;
    if (message.length < headerBytes + CRC_BYTES) {
      throw new CodecException("layer message of " + message.length + " bytes is shorter than its descriptors");
    }
    List<Stream> streams = new ArrayList<>(streamCount);
    long offset = headerBytes;
    for (int i = 0; i < streamCount; i++) {
      int kind = Byte.toUnsignedInt(in.get());
      int pad = Byte.toUnsignedInt(in.get()) | Short.toUnsignedInt(in.getShort());
      long length = Integer.toUnsignedLong(in.getInt());
      int expectedKind = streamCount == 2 && i == 0 ? STREAM_Z : STREAM_Y;
      if (kind != expectedKind || pad != 0) {
        throw new CodecException("stream " + i + " of layer " + layerIndex + " has kind " + kind + ", expected "
            + expectedKind);
      }
      if (length % Integer.BYTES != 0 || length < Rans.flushBytes(lanes)) {
        throw new CodecException("stream " + i + " of layer " + layerIndex + " has invalid length " + length);
      }
      if (offset + length > message.length - CRC_BYTES) {
        throw new CodecException("stream " + i + " of layer " + layerIndex + " runs past the message end");
      }
      streams.add(new Stream(kind, (int) offset, (int) length));
      offset += length;
    }
    if (offset != message.length - CRC_BYTES) {
      throw new CodecException("layer " + layerIndex + " has " + (message.length - CRC_BYTES - offset)
          + " bytes between its streams and its CRC");
    }
    CRC32C crc = new CRC32C();
    crc.update(message, 0, message.length - CRC_BYTES);
    int stored = ByteBuffer.wrap(message, message.length - CRC_BYTES, CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (stored != (int) crc.getValue()) {
      throw new CodecException("layer " + layerIndex + " CRC32C mismatch");
    }
    return new Header(spec.entropyModel(), lanes, layerIndex, expected, height, width, List.copyOf(streams));
  }
}
