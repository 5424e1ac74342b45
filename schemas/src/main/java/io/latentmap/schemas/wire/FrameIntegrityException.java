package io.latentmap.schemas.wire;

import io.latentmap.schemas.DeadLetterReason;

/** A {@code CompressedFrame}'s stored {@code crc32c} does not match its tensor payload. */
public final class FrameIntegrityException extends WireFormatException {
  private static final long serialVersionUID = 1L;

  private final int stored;
  private final int computed;

  public FrameIntegrityException(String frameId, int stored, int computed) {
    super(DeadLetterReason.BAD_CRC,
        String.format("frame %s: stored crc32c %08x but the tensor payload has %08x", frameId, stored, computed),
        null);
    this.stored = stored;
    this.computed = computed;
  }

  public int stored() {
    return stored;
  }

  public int computed() {
    return computed;
  }
}
