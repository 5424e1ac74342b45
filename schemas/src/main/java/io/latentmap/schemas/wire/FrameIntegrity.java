package io.latentmap.schemas.wire;

import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.LayerSlice;
import io.latentmap.schemas.TensorShape;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * CRC-32C over a {@link CompressedFrame}'s tensor payload, exactly as the {@code crc32c} field's doc in
 * CompressedFrame.avsc defines it: bundleSha256, the tensor shape, the arrived layer slices and every layer's length
 * and bytes, all integers as big-endian int32. Lengths are included so that moving bytes from one layer to the next
 * changes the checksum. The edge seals a frame after encoding; the job verifies before decoding.
 */
public final class FrameIntegrity {

  private FrameIntegrity() {
  }

  /** The checksum of the frame's tensor payload (its stored {@code crc32c} is ignored). */
  public static int compute(CompressedFrame frame) {
    return compute(frame.getBundleSha256().bytes(), frame.getTensorShape(), frame.getLayers());
  }

  /** The checksum for the parts of a frame, for producers that compute it before building the record. */
  public static int compute(byte[] bundleSha256, TensorShape shape, List<ByteBuffer> layers) {
    CRC32C crc = new CRC32C();
    crc.update(bundleSha256);
    updateInt(crc, shape.getChannels());
    updateInt(crc, shape.getHeight());
    updateInt(crc, shape.getWidth());
    List<LayerSlice> slices = shape.getArrivedLayers();
    updateInt(crc, slices.size());
    for (LayerSlice slice : slices) {
      updateInt(crc, slice.getLayerIndex());
      updateInt(crc, slice.getFirstChannel());
      updateInt(crc, slice.getChannelCount());
    }
    updateInt(crc, layers.size());
    for (ByteBuffer layer : layers) {
      ByteBuffer view = layer.duplicate();
      updateInt(crc, view.remaining());
      crc.update(view);
    }
    return (int) crc.getValue();
  }

  /** Stores the payload's checksum in the frame and returns it. */
  public static CompressedFrame seal(CompressedFrame frame) {
    frame.setCrc32c(compute(frame));
    return frame;
  }

  /** Whether the stored checksum matches the payload. */
  public static boolean matches(CompressedFrame frame) {
    return frame.getCrc32c() == compute(frame);
  }

  /** Throws, with both values and the frame id, when the stored checksum does not match the payload. */
  public static void verify(CompressedFrame frame) throws FrameIntegrityException {
    int computed = compute(frame);
    if (frame.getCrc32c() != computed) {
      throw new FrameIntegrityException(frame.getFrameId(), frame.getCrc32c(), computed);
    }
  }

  private static void updateInt(CRC32C crc, int value) {
    crc.update(value >>> 24);
    crc.update(value >>> 16);
    crc.update(value >>> 8);
    crc.update(value);
  }
}
