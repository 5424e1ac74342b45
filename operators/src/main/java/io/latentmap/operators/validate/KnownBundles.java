package io.latentmap.operators.validate;

import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.stream.ChannelRange;
import java.util.ArrayList;
import java.util.List;

/** Derives what validation needs of a bundle from its verified manifest. */
public final class KnownBundles {
  /**
   * Bound on a layer message relative to its values: an escaped value costs at most a 16-bit symbol plus nine bypass
   * nibbles (docs/formats.md 1.5), well under 8 bytes; headers and per-lane flushes are the constant.
   */
  static final int MAX_BYTES_PER_VALUE = 8;
  static final int MAX_LAYER_OVERHEAD_BYTES = 1024;

  private KnownBundles() {}

  public static KnownBundle of(ModelBundle bundle) {
    BundleManifest m = bundle.manifest();
    List<int[]> ranges = new ArrayList<>();
    int widest = 0;
    for (ChannelRange layer : m.layers()) {
      ranges.add(new int[] {layer.start(), layer.end()});
      widest = Math.max(widest, layer.count());
    }
    long plane = (long) m.tensor().height() * m.tensor().width();
    long zValues = m.entropyModel().zChannels() * plane; // generous: z is strided, so smaller than this
    long maxLayerBytes = (widest * plane + zValues) * MAX_BYTES_PER_VALUE + MAX_LAYER_OVERHEAD_BYTES;
    return new KnownBundle(m.id(), bundle.bundleSha256(), m.tensor().channels(), m.tensor().height(),
        m.tensor().width(), m.input().width(), m.input().height(), ranges, (int) Math.min(Integer.MAX_VALUE, maxLayerBytes));
  }
}
