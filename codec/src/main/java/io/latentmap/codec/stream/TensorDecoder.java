package io.latentmap.codec.stream;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.entropy.FactorizedModel;
import io.latentmap.codec.entropy.GaussianConditional;
import io.latentmap.codec.rans.CdfTableSet;
import io.latentmap.codec.rans.RansDecoder;
import io.latentmap.codec.rans.TableAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decodes the layer messages of one frame back to the quantised tensor, from which the heads' float tensor is derived.
 * Every header is validated against the bundle before anything is allocated, so the largest allocation is the
 * bundle's {@code C x maxHeight x maxWidth} values. Thread-safe.
 */
public final class TensorDecoder {
  private final CodecSpec spec;
  private final EntropyTables tables;

  public TensorDecoder(CodecSpec spec, EntropyTables tables) {
    if (tables.type() != spec.entropyModel()) {
      throw new IllegalArgumentException("tables are " + tables.type() + ", spec is " + spec.entropyModel());
    }
    this.spec = spec;
    this.tables = tables;
  }

  public CodecSpec spec() {
    return spec;
  }

  /**
   * Decodes layers {@code 0..n-1} (given in that order).
   *
   * @param scales the hyper-decoder; only used by hyperprior bundles (may be null for factorized ones)
   * @throws CodecException if any layer is corrupt, foreign, out of order or inconsistent with the others
   */
  public DecodedTensor decode(List<byte[]> layers, ScalePredictor scales) throws CodecException {
    return decode(layers, scales, null);
  }

  /**
   * Like {@link #decode(List, ScalePredictor)}, into {@code reuse} when it has exactly the decoded tensor's size
   * (a consumer of same-shaped frames that is done with the previous one): every value is overwritten, and a
   * 192 x 32 x 64 tensor is not allocated again (1.5 MB a frame, a humongous object under G1).
   *
   * @param reuse may be null, or of another size, and is then left alone
   */
  public DecodedTensor decode(List<byte[]> layers, ScalePredictor scales, int[] reuse) throws CodecException {
    if (layers.isEmpty() || layers.size() > spec.layers().size()) {
      throw new CodecException(layers.size() + " layers received, bundle has 1.." + spec.layers().size());
    }
    LayerMessage.Header[] headers = new LayerMessage.Header[layers.size()];
    for (int k = 0; k < headers.length; k++) {
      headers[k] = LayerMessage.parse(layers.get(k), spec, k);
      if (headers[k].height() != headers[0].height() || headers[k].width() != headers[0].width()) {
        throw new CodecException("layer " + k + " is " + headers[k].height() + "x" + headers[k].width()
            + ", layer 0 is " + headers[0].height() + "x" + headers[0].width());
      }
    }
    int height = headers[0].height();
    int width = headers[0].width();
    int plane = height * width;
    int channels = spec.channelsOfLayers(layers.size());
    int[] symbols = reuse != null && reuse.length == channels * plane ? reuse : new int[channels * plane];
    if (spec.entropyModel() == EntropyModelType.FACTORIZED) {
      FactorizedModel model = tables.factorizedY();
      decodeY(layers, headers, symbols, plane, model.tables(),
          header -> model.assignment(header.channels().start(), plane));
      return new DecodedTensor(layers.size(), channels, height, width, symbols, new int[0], model::dequantize);
    }
    if (scales == null) {
      throw new IllegalArgumentException("a hyperprior bundle needs a scale predictor");
    }
    int[] zSymbols = decodeZ(layers.get(0), headers[0], height, width);
    float[] sigma = predictScales(zSymbols, height, width, scales);
    GaussianConditional gaussian = tables.gaussianY();
    decodeY(layers, headers, symbols, plane, gaussian.tables(),
        header -> gaussian.assignment(sigma, header.channels().start() * plane));
    return new DecodedTensor(layers.size(), channels, height, width, symbols, zSymbols,
        (q, c, valuesPerChannel, out, outFrom) -> GaussianConditional.dequantize(q, c * valuesPerChannel, out, outFrom));
  }

  /**
   * Every layer's y stream into {@code symbols}. The streams are independent, so they are decoded together and
   * their rANS lanes overlap ({@link RansDecoder#decodeTogether}).
   */
  private static void decodeY(List<byte[]> layers, LayerMessage.Header[] headers, int[] symbols, int plane,
      CdfTableSet cdfs, Function<LayerMessage.Header, TableAssignment> assignmentOf) throws CodecException {
    List<RansDecoder.Job> jobs = new ArrayList<>(headers.length);
    for (int k = 0; k < headers.length; k++) {
      LayerMessage.Stream y = headers[k].stream(LayerMessage.STREAM_Y);
      ChannelRange range = headers[k].channels();
      jobs.add(new RansDecoder.Job(layers.get(k), y.offset(), y.length(), symbols, range.start() * plane,
          range.count() * plane, cdfs, assignmentOf.apply(headers[k]), headers[k].lanes()));
    }
    RansDecoder.decodeTogether(jobs);
  }

  private int[] decodeZ(byte[] layer0, LayerMessage.Header header, int height, int width) throws CodecException {
    LayerMessage.Stream z = header.stream(LayerMessage.STREAM_Z);
    int zPlane = spec.zHeight(height) * spec.zWidth(width);
    int[] zSymbols = new int[spec.zChannels() * zPlane];
    FactorizedModel zModel = tables.hyperLatentZ();
    RansDecoder.decode(layer0, z.offset(), z.length(), zSymbols, 0, zSymbols.length, zModel.tables(),
        zModel.assignment(0, zPlane), header.lanes());
    return zSymbols;
  }

  /** Runs the hyper-decoder on z_hat; the scales of every y channel, checked for shape. */
  private float[] predictScales(int[] zSymbols, int height, int width, ScalePredictor predictor)
      throws CodecException {
    FactorizedModel zModel = tables.hyperLatentZ();
    int zHeight = spec.zHeight(height);
    int zWidth = spec.zWidth(width);
    float[] zHat = new float[zSymbols.length];
    zModel.dequantize(zSymbols, spec.zChannels(), zHeight * zWidth, zHat);
    float[] sigma = predictor.predictScales(zHat, spec.zChannels(), zHeight, zWidth, spec.channels(), height, width);
    if (sigma.length != spec.channels() * height * width) {
      throw new CodecException("hyper-decoder returned " + sigma.length + " scales, expected "
          + spec.channels() * height * width);
    }
    return sigma;
  }
}
