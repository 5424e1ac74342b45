package io.latentmap.codec.fuzz;

/** Lets tests in other packages build CRC-correct corrupt messages the way the fuzzer does. */
public final class DecoderFuzzerAccess {
  private DecoderFuzzerAccess() {}

  public static byte[] fixCrc(byte[] layer) {
    return DecoderFuzzer.withFixedCrc(layer);
  }
}
