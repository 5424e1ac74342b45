package io.latentmap.codec.entropy;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.rans.CdfTableSet;
import io.latentmap.codec.rans.QuantizedCdf;
import io.latentmap.codec.rans.Rans;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The entropy tables of a bundle and their file format (docs/formats.md section 3). A factorized bundle has one
 * factorized set for y; a hyperprior bundle has a factorized set for z and a Gaussian conditional for y.
 */
public final class EntropyTables {
  static final byte[] MAGIC = "LMET".getBytes(StandardCharsets.US_ASCII);
  static final int FILE_VERSION = 1;
  static final int HEADER_BYTES = 8;
  static final int CRC_BYTES = 4;
  static final int SET_HEADER_BYTES = 12;
  /** Per table: a parameter (median or scale), an offset and a CDF length. */
  static final int PER_TABLE_BYTES = 12;

  /** Largest tables file accepted. */
  public static final int MAX_FILE_BYTES = 64 << 20;

  static final int KIND_FACTORIZED = 1;
  static final int KIND_GAUSSIAN = 2;
  static final int ROLE_Y = 1;
  static final int ROLE_Z = 2;

  private final EntropyModelType type;
  private final FactorizedModel factorizedY;
  private final FactorizedModel factorizedZ;
  private final GaussianConditional gaussianY;

  private EntropyTables(
      EntropyModelType type, FactorizedModel factorizedY, FactorizedModel factorizedZ, GaussianConditional gaussianY) {
    this.type = type;
    this.factorizedY = factorizedY;
    this.factorizedZ = factorizedZ;
    this.gaussianY = gaussianY;
  }

  public static EntropyTables factorized(FactorizedModel y) {
    return new EntropyTables(EntropyModelType.FACTORIZED, y, null, null);
  }

  public static EntropyTables hyperprior(FactorizedModel z, GaussianConditional y) {
    return new EntropyTables(EntropyModelType.HYPERPRIOR, null, z, y);
  }

  public EntropyModelType type() {
    return type;
  }

  /** The y model of a factorized bundle. */
  public FactorizedModel factorizedY() {
    requireType(EntropyModelType.FACTORIZED);
    return factorizedY;
  }

  /** The z model of a hyperprior bundle. */
  public FactorizedModel hyperLatentZ() {
    requireType(EntropyModelType.HYPERPRIOR);
    return factorizedZ;
  }

  /** The y model of a hyperprior bundle. */
  public GaussianConditional gaussianY() {
    requireType(EntropyModelType.HYPERPRIOR);
    return gaussianY;
  }

  private void requireType(EntropyModelType expected) {
    if (type != expected) {
      throw new IllegalStateException("entropy tables are " + type.manifestName() + ", not " + expected.manifestName());
    }
  }

  // ---------------------------------------------------------------------------------------------- writing

  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = le(HEADER_BYTES);
    header.put(MAGIC).putShort((short) FILE_VERSION).put((byte) Rans.PROB_BITS);
    if (type == EntropyModelType.FACTORIZED) {
      header.put((byte) 1);
      out.writeBytes(header.array());
      writeSet(out, KIND_FACTORIZED, ROLE_Y, factorizedY.tailMass(), factorizedY.medians(), factorizedY.tables());
    } else {
      header.put((byte) 2);
      out.writeBytes(header.array());
      writeSet(out, KIND_FACTORIZED, ROLE_Z, factorizedZ.tailMass(), factorizedZ.medians(), factorizedZ.tables());
      writeSet(out, KIND_GAUSSIAN, ROLE_Y, gaussianY.tailMass(), gaussianY.scaleTable(), gaussianY.tables());
    }
    CRC32C crc = new CRC32C();
    byte[] body = out.toByteArray();
    crc.update(body);
    out.writeBytes(le(CRC_BYTES).putInt((int) crc.getValue()).array());
    return out.toByteArray();
  }

  private static void writeSet(
      ByteArrayOutputStream out, int kind, int role, float tailMass, float[] params, CdfTableSet tables) {
    int n = tables.size();
    int cdfEntries = tables.tables().stream().mapToInt(QuantizedCdf::length).sum();
    ByteBuffer set = le(SET_HEADER_BYTES + PER_TABLE_BYTES * n + Integer.BYTES * cdfEntries);
    set.put((byte) kind).put((byte) role).putShort((short) 0).putInt(n).putFloat(tailMass);
    for (float p : params) {
      set.putFloat(p);
    }
    for (QuantizedCdf t : tables.tables()) {
      set.putInt(t.offset());
    }
    for (QuantizedCdf t : tables.tables()) {
      set.putInt(t.length());
    }
    for (QuantizedCdf t : tables.tables()) {
      for (int v : t.cdf()) {
        set.putInt(v);
      }
    }
    out.writeBytes(set.array());
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  // ---------------------------------------------------------------------------------------------- reading

  /**
   * Parses and validates a tables file.
   *
   * @throws CodecException naming the first problem: size, magic, version, precision, CRC, set layout, or a table
   *     that breaks the CDF rules
   */
  public static EntropyTables fromBytes(byte[] file) throws CodecException {
    if (file.length > MAX_FILE_BYTES) {
      throw new CodecException("entropy tables file of " + file.length + " bytes exceeds " + MAX_FILE_BYTES);
    }
    if (file.length < HEADER_BYTES + CRC_BYTES) {
      throw new CodecException("entropy tables file of " + file.length + " bytes is shorter than its header");
    }
    if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CodecException("entropy tables file does not start with LMET");
    }
    ByteBuffer in = ByteBuffer.wrap(file, 0, file.length - CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    in.position(MAGIC.length);
    int version = Short.toUnsignedInt(in.getShort());
    if (version != FILE_VERSION) {
      throw new CodecException("entropy tables file version " + version + " is not " + FILE_VERSION);
    }
    int precision = Byte.toUnsignedInt(in.get());
    if (precision != Rans.PROB_BITS) {
      throw new CodecException("entropy tables precision " + precision + " bits is not " + Rans.PROB_BITS);
    }
    int setCount = Byte.toUnsignedInt(in.get());
    CRC32C crc = new CRC32C();
    crc.update(file, 0, file.length - CRC_BYTES);
    int storedCrc = ByteBuffer.wrap(file, file.length - CRC_BYTES, CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (storedCrc != (int) crc.getValue()) {
      throw new CodecException("entropy tables file CRC32C mismatch");
    }
    try {
      EntropyTables tables;
      if (setCount == 1) {
        TableSet y = readSet(in, KIND_FACTORIZED, ROLE_Y);
        tables = factorized(new FactorizedModel(y.tables, y.params, y.tailMass));
      } else if (setCount == 2) {
        TableSet z = readSet(in, KIND_FACTORIZED, ROLE_Z);
        TableSet y = readSet(in, KIND_GAUSSIAN, ROLE_Y);
        tables = hyperprior(
            new FactorizedModel(z.tables, z.params, z.tailMass), new GaussianConditional(y.tables, y.params, y.tailMass));
      } else {
        throw new CodecException("entropy tables file has " + setCount + " table sets, expected 1 or 2");
      }
      if (in.hasRemaining()) {
        throw new CodecException("entropy tables file has " + in.remaining() + " unexpected bytes before its CRC");
      }
      return tables;
    } catch (BufferUnderflowException e) {
      throw new CodecException("entropy tables file is truncated", e);
    } catch (IllegalArgumentException e) {
      throw new CodecException("entropy tables file holds an invalid table: " + e.getMessage(), e);
    }
  }

  private record TableSet(float tailMass, float[] params, CdfTableSet tables) {}

  private static TableSet readSet(ByteBuffer in, int expectedKind, int expectedRole) throws CodecException {
    int kind = Byte.toUnsignedInt(in.get());
    int role = Byte.toUnsignedInt(in.get());
    int reserved = Short.toUnsignedInt(in.getShort());
    if (kind != expectedKind || role != expectedRole || reserved != 0) {
      throw new CodecException("table set (kind " + kind + ", role " + role + ") where (kind " + expectedKind
          + ", role " + expectedRole + ") belongs");
    }
    long n = Integer.toUnsignedLong(in.getInt());
    float tailMass = in.getFloat();
    if (n < 1 || n > CdfTableSet.MAX_TABLES) {
      throw new CodecException("table set holds " + n + " tables, outside [1, " + CdfTableSet.MAX_TABLES + "]");
    }
    if (!(tailMass > 0 && tailMass < 1)) {
      throw new CodecException("tail mass " + tailMass + " outside (0, 1)");
    }
    int count = (int) n;
    if (in.remaining() < PER_TABLE_BYTES * count) {
      throw new CodecException("table set of " + count + " tables is truncated");
    }
    float[] params = new float[count];
    int[] offsets = new int[count];
    int[] lengths = new int[count];
    for (int i = 0; i < count; i++) {
      params[i] = in.getFloat();
    }
    for (int i = 0; i < count; i++) {
      offsets[i] = in.getInt();
    }
    long entries = 0;
    for (int i = 0; i < count; i++) {
      lengths[i] = in.getInt();
      if (lengths[i] < QuantizedCdf.MIN_LENGTH || lengths[i] > QuantizedCdf.MAX_LENGTH) {
        throw new CodecException("table " + i + " has cdf length " + Integer.toUnsignedString(lengths[i]));
      }
      entries += lengths[i];
    }
    if (in.remaining() < entries * Integer.BYTES) {
      throw new CodecException("table set needs " + entries * Integer.BYTES + " bytes of CDFs, "
          + in.remaining() + " remain");
    }
    List<QuantizedCdf> cdfs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int[] cdf = new int[lengths[i]];
      for (int k = 0; k < cdf.length; k++) {
        cdf[k] = in.getInt();
      }
      String problem = QuantizedCdf.validate(cdf, offsets[i]);
      if (problem != null) {
        throw new CodecException("table " + i + ": " + problem);
      }
      cdfs.add(QuantizedCdf.of(cdf, offsets[i]));
    }
    return new TableSet(tailMass, params, CdfTableSet.of(cdfs));
  }
}
