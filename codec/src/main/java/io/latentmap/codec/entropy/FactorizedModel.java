package io.latentmap.codec.entropy;

import io.latentmap.codec.rans.CdfTableSet;
import io.latentmap.codec.rans.TableAssignment;

/**
 * CompressAI EntropyBottleneck semantics (docs/formats.md 2.1): channel {@code c} is coded with its own table;
 * symbols are {@code q = round(y - median_c)} and the networks consume {@code y_hat = q + median_c}.
 */
public final class FactorizedModel {
  private final CdfTableSet tables;
  private final float[] medians;
  private final float tailMass;

  public FactorizedModel(CdfTableSet tables, float[] medians, float tailMass) {
    if (medians.length != tables.size()) {
      throw new IllegalArgumentException(medians.length + " medians for " + tables.size() + " channel tables");
    }
    for (int c = 0; c < medians.length; c++) {
      if (!Float.isFinite(medians[c])) {
        throw new IllegalArgumentException("median of channel " + c + " is " + medians[c]);
      }
    }
    this.tables = tables;
    this.medians = medians.clone();
    this.tailMass = tailMass;
  }

  public CdfTableSet tables() {
    return tables;
  }

  public int channels() {
    return tables.size();
  }

  public float median(int channel) {
    return medians[channel];
  }

  public float[] medians() {
    return medians.clone();
  }

  public float tailMass() {
    return tailMass;
  }

  /** Tables for a stream of channels {@code firstChannel..} with {@code plane = H*W} values each. */
  public TableAssignment assignment(int firstChannel, int plane) {
    return TableAssignment.perBlock(firstChannel, Math.max(plane, 1));
  }

  /** {@code q[c,h,w] = rint(y[c,h,w] - median_c)} for channels {@code [0, channels)} of a (C,H,W) tensor. */
  public void quantize(float[] y, int channels, int plane, int[] q) {
    for (int c = 0; c < channels; c++) {
      float median = medians[c];
      int base = c * plane;
      for (int i = base; i < base + plane; i++) {
        q[i] = (int) Math.rint(y[i] - median);
      }
    }
  }

  /** {@code y_hat[c,h,w] = (float) q[c,h,w] + median_c} (float32 addition). */
  public void dequantize(int[] q, int channels, int plane, float[] yHat) {
    dequantize(q, channels, plane, yHat, 0);
  }

  /** Like {@link #dequantize(int[], int, int, float[])}, written to {@code yHat[outFrom ..)}. */
  public void dequantize(int[] q, int channels, int plane, float[] yHat, int outFrom) {
    for (int c = 0; c < channels; c++) {
      float median = medians[c];
      int base = c * plane;
      for (int i = base; i < base + plane; i++) {
        yHat[outFrom + i] = (float) q[i] + median;
      }
    }
  }
}
