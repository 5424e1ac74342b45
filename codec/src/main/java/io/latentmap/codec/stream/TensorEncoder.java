package io.latentmap.codec.stream;

import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.entropy.FactorizedModel;
import io.latentmap.codec.rans.RansEncoder;
import io.latentmap.codec.rans.TableAssignment;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the layer messages of one frame from its quantised tensors (docs/formats.md section 4). Quantisation and
 * the networks live elsewhere; this class is pure and thread-safe.
 */
public final class TensorEncoder {
  private final CodecSpec spec;
  private final EntropyTables tables;

  public TensorEncoder(CodecSpec spec, EntropyTables tables) {
    if (tables.type() != spec.entropyModel()) {
      throw new IllegalArgumentException("tables are " + tables.type() + ", spec is " + spec.entropyModel());
    }
    if (spec.entropyModel() == EntropyModelType.FACTORIZED && tables.factorizedY().channels() != spec.channels()) {
      throw new IllegalArgumentException("factorized tables cover " + tables.factorizedY().channels()
          + " channels, spec has " + spec.channels());
    }
    if (spec.entropyModel() == EntropyModelType.HYPERPRIOR && tables.hyperLatentZ().channels() != spec.zChannels()) {
      throw new IllegalArgumentException("z tables cover " + tables.hyperLatentZ().channels()
          + " channels, spec has " + spec.zChannels());
    }
    this.spec = spec;
    this.tables = tables;
  }

  public CodecSpec spec() {
    return spec;
  }

  /**
   * Layers {@code 0..layerCount-1} of a factorized frame.
   *
   * @param symbols quantised y, (C, height, width) row-major ({@code q = rint(y - median)}); only the channels of
   *     the first {@code layerCount} layers are read
   */
  public List<byte[]> encodeFactorized(int[] symbols, int height, int width, int layerCount) {
    requireType(EntropyModelType.FACTORIZED);
    checkShape(symbols, height, width, layerCount);
    FactorizedModel model = tables.factorizedY();
    int plane = height * width;
    List<byte[]> layers = new ArrayList<>(layerCount);
    for (int k = 0; k < layerCount; k++) {
      ChannelRange range = spec.layers().get(k);
      byte[] y = RansEncoder.encode(symbols, range.start() * plane, range.count() * plane, model.tables(),
          model.assignment(range.start(), plane), spec.lanes());
      layers.add(LayerMessage.write(spec, k, height, width, new int[] {LayerMessage.STREAM_Y}, new byte[][] {y}));
    }
    return layers;
  }

  /**
   * Layers {@code 0..layerCount-1} of a hyperprior frame.
   *
   * @param symbols quantised y, (C, height, width) ({@code q = rint(y)})
   * @param scaleIndexes Gaussian table index of every y element, (C, height, width), from the hyper-decoder's
   *     scales of the DEQUANTISED z (what the decoder will see)
   * @param zSymbols quantised z, (Cz, ceil(height / zStride), ceil(width / zStride))
   */
  public List<byte[]> encodeHyperprior(int[] symbols, int[] scaleIndexes, int[] zSymbols, int height, int width,
      int layerCount) {
    requireType(EntropyModelType.HYPERPRIOR);
    checkShape(symbols, height, width, layerCount);
    int plane = height * width;
    if (scaleIndexes.length < spec.channelsOfLayers(layerCount) * plane) {
      throw new IllegalArgumentException("scale indexes shorter than the coded channels");
    }
    int zCount = spec.zChannels() * spec.zHeight(height) * spec.zWidth(width);
    if (zSymbols.length != zCount) {
      throw new IllegalArgumentException("z has " + zSymbols.length + " values, expected " + zCount);
    }
    FactorizedModel zModel = tables.hyperLatentZ();
    List<byte[]> layers = new ArrayList<>(layerCount);
    for (int k = 0; k < layerCount; k++) {
      ChannelRange range = spec.layers().get(k);
      byte[] y = RansEncoder.encode(symbols, range.start() * plane, range.count() * plane, tables.gaussianY().tables(),
          TableAssignment.perValue(scaleIndexes, range.start() * plane), spec.lanes());
      if (k == 0) {
        int zPlane = spec.zHeight(height) * spec.zWidth(width);
        byte[] z = RansEncoder.encode(zSymbols, 0, zCount, zModel.tables(), zModel.assignment(0, zPlane), spec.lanes());
        layers.add(LayerMessage.write(spec, k, height, width,
            new int[] {LayerMessage.STREAM_Z, LayerMessage.STREAM_Y}, new byte[][] {z, y}));
      } else {
        layers.add(LayerMessage.write(spec, k, height, width, new int[] {LayerMessage.STREAM_Y}, new byte[][] {y}));
      }
    }
    return layers;
  }

  private void requireType(EntropyModelType type) {
    if (spec.entropyModel() != type) {
      throw new IllegalStateException("bundle is " + spec.entropyModel().manifestName());
    }
  }

  private void checkShape(int[] symbols, int height, int width, int layerCount) {
    if (layerCount < 1 || layerCount > spec.layers().size()) {
      throw new IllegalArgumentException("layer count " + layerCount + " outside [1, " + spec.layers().size() + "]");
    }
    if (height < 0 || height > spec.maxHeight() || width < 0 || width > spec.maxWidth()) {
      throw new IllegalArgumentException("latent " + height + "x" + width + " outside the bundle's "
          + spec.maxHeight() + "x" + spec.maxWidth());
    }
    if (symbols.length < spec.channelsOfLayers(layerCount) * height * width) {
      throw new IllegalArgumentException("symbols shorter than the coded channels");
    }
  }
}
