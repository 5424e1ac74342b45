package io.latentmap.codec.bundle;

import io.latentmap.codec.CodecException;
import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.entropy.EntropyTables;
import io.latentmap.codec.stream.CodecSpec;
import io.latentmap.codec.stream.TensorDecoder;
import io.latentmap.codec.stream.TensorEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A loaded, verified model bundle ({@code models/<id>/}): the manifest, the SHA-256 of every file checked against
 * it, the entropy tables, and the codec the bundle defines. Immutable and thread-safe.
 */
public final class ModelBundle {
  public static final String MANIFEST = "manifest.json";
  static final long MAX_MANIFEST_BYTES = 1 << 20;

  private final Path directory;
  private final byte[] bundleSha256;
  private final BundleManifest manifest;
  private final Map<String, BundleManifest.FileEntry> files;
  private final EntropyTables entropyTables;
  private final CodecSpec codecSpec;

  private ModelBundle(Path directory, byte[] bundleSha256, BundleManifest manifest, EntropyTables entropyTables,
      CodecSpec codecSpec) {
    this.directory = directory;
    this.bundleSha256 = bundleSha256;
    this.manifest = manifest;
    this.files = manifest.files().stream().collect(Collectors.toUnmodifiableMap(
        BundleManifest.FileEntry::path, Function.identity()));
    this.entropyTables = entropyTables;
    this.codecSpec = codecSpec;
  }

  private static CodecSpec codecSpec(BundleManifest manifest, byte[] bundleSha256) throws BundleException {
    BundleManifest.EntropyModel entropy = manifest.entropyModel();
    try {
      return new CodecSpec(entropy.type(), entropy.lanes(), Arrays.copyOf(bundleSha256, CodecSpec.HASH_PREFIX_BYTES),
          manifest.tensor().channels(), manifest.tensor().height(), manifest.tensor().width(), manifest.layers(),
          entropy.zChannels(), entropy.zStride());
    } catch (IllegalArgumentException e) {
      throw new BundleException("manifest.json: " + e.getMessage(), e);
    }
  }

  /**
   * Loads a bundle directory, verifying every listed file's size and SHA-256.
   *
   * @throws BundleException naming the file that is missing, malformed or does not match its hash
   */
  public static ModelBundle load(Path directory) throws BundleException {
    Path dir = directory.toAbsolutePath().normalize();
    byte[] manifestBytes = readBounded(dir.resolve(MANIFEST), MANIFEST, MAX_MANIFEST_BYTES);
    BundleManifest manifest = ManifestParser.parse(manifestBytes);
    Path folderName = dir.getFileName();
    if (folderName == null || !folderName.toString().equals(manifest.id())) {
      throw new BundleException("manifest.json: id \"" + manifest.id() + "\" does not match the bundle folder "
          + folderName);
    }
    for (BundleManifest.FileEntry file : manifest.files()) {
      verify(dir, file);
    }
    String tablesPath = manifest.entropyModel().tables();
    byte[] tablesBytes = readBounded(resolve(dir, tablesPath), tablesPath, EntropyTables.MAX_FILE_BYTES);
    EntropyTables tables;
    try {
      tables = EntropyTables.fromBytes(tablesBytes);
    } catch (CodecException e) {
      throw new BundleException("bundle file " + tablesPath + ": " + e.getMessage(), e);
    }
    checkTablesMatch(manifest, tables, tablesPath);
    byte[] bundleSha256 = BundleFiles.sha256(manifestBytes);
    return new ModelBundle(dir, bundleSha256, manifest, tables, codecSpec(manifest, bundleSha256));
  }

  private static void verify(Path dir, BundleManifest.FileEntry file) throws BundleException {
    Path path = resolve(dir, file.path());
    try {
      long size = Files.size(path);
      if (size != file.bytes()) {
        throw new BundleException("bundle file " + file.path() + " has " + size + " bytes, manifest says "
            + file.bytes() + ": refused");
      }
      String actual = BundleFiles.sha256(path);
      if (!actual.equals(file.sha256())) {
        throw new BundleException("bundle file " + file.path() + " does not match its SHA-256 (manifest "
            + file.sha256() + ", file " + actual + "): refused");
      }
    } catch (IOException e) {
      throw new BundleException("bundle file " + file.path() + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static void checkTablesMatch(BundleManifest manifest, EntropyTables tables, String tablesPath)
      throws BundleException {
    EntropyModelType type = manifest.entropyModel().type();
    if (tables.type() != type) {
      throw new BundleException("bundle file " + tablesPath + " holds " + tables.type().manifestName()
          + " tables, manifest says " + type.manifestName());
    }
    if (type == EntropyModelType.FACTORIZED && tables.factorizedY().channels() != manifest.tensor().channels()) {
      throw new BundleException("bundle file " + tablesPath + " has " + tables.factorizedY().channels()
          + " channel tables, tensor has " + manifest.tensor().channels() + " channels");
    }
    if (type == EntropyModelType.HYPERPRIOR
        && tables.hyperLatentZ().channels() != manifest.entropyModel().zChannels()) {
      throw new BundleException("bundle file " + tablesPath + " has " + tables.hyperLatentZ().channels()
          + " z tables, manifest says " + manifest.entropyModel().zChannels() + " z channels");
    }
  }

  private static Path resolve(Path dir, String relative) throws BundleException {
    try {
      return BundleFiles.resolveInside(dir, relative);
    } catch (IOException e) {
      throw new BundleException("bundle file " + relative + " cannot be resolved: " + e.getMessage(), e);
    }
  }

  private static byte[] readBounded(Path path, String name, long maxBytes) throws BundleException {
    try {
      long size = Files.size(path);
      if (size > maxBytes) {
        throw new BundleException("bundle file " + name + " has " + size + " bytes, more than " + maxBytes);
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new BundleException("bundle file " + name + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a listed file and checks its SHA-256 again, so that what is used is exactly what was verified.
   *
   * @throws BundleException if the file is not listed, changed since loading, or cannot be read
   */
  public byte[] readVerified(String relative) throws BundleException {
    BundleManifest.FileEntry entry = files.get(relative);
    if (entry == null) {
      throw new BundleException("bundle " + manifest.id() + " does not list " + relative);
    }
    byte[] bytes = readBounded(resolve(directory, relative), relative, entry.bytes());
    String actual = HexFormat.of().formatHex(BundleFiles.sha256(bytes));
    if (!actual.equals(entry.sha256())) {
      throw new BundleException("bundle file " + relative + " changed since the bundle was loaded: refused");
    }
    return bytes;
  }

  public Path directory() {
    return directory;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  public String id() {
    return manifest.id();
  }

  /** SHA-256 of manifest.json: the bundle hash carried by CompressedFrame. */
  public byte[] bundleSha256() {
    return bundleSha256.clone();
  }

  public String bundleSha256Hex() {
    return HexFormat.of().formatHex(bundleSha256);
  }

  public EntropyTables entropyTables() {
    return entropyTables;
  }

  public CodecSpec codecSpec() {
    return codecSpec;
  }

  public TensorEncoder tensorEncoder() {
    return new TensorEncoder(codecSpec, entropyTables);
  }

  public TensorDecoder tensorDecoder() {
    return new TensorDecoder(codecSpec, entropyTables);
  }
}
