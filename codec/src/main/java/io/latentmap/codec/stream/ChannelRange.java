package io.latentmap.codec.stream;

/** Channels {@code [start, end)} of the y tensor: one scalable layer. */
public record ChannelRange(int start, int end) {
  public ChannelRange {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("channel range [" + start + ", " + end + ") is empty or negative");
    }
  }

  public int count() {
    return end - start;
  }
}
