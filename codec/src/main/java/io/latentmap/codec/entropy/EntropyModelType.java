package io.latentmap.codec.entropy;

import java.util.Locale;

/** The entropy model of a bundle (manifest {@code entropy_model.type}, layer header byte 5). */
public enum EntropyModelType {
  /** Per-channel CDFs for y (CompressAI EntropyBottleneck). */
  FACTORIZED(1),
  /** Factorized z plus a Gaussian conditional for y with scales from the hyper-decoder. */
  HYPERPRIOR(2);

  private final int wireCode;

  EntropyModelType(int wireCode) {
    this.wireCode = wireCode;
  }

  public int wireCode() {
    return wireCode;
  }

  public String manifestName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type for a wire code, or null if the code is unknown. */
  public static EntropyModelType fromWireCode(int code) {
    for (EntropyModelType type : values()) {
      if (type.wireCode == code) {
        return type;
      }
    }
    return null;
  }

  /** The type for a manifest name, or null if the name is unknown. */
  public static EntropyModelType fromManifestName(String name) {
    for (EntropyModelType type : values()) {
      if (type.manifestName().equals(name)) {
        return type;
      }
    }
    return null;
  }
}
