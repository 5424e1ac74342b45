package io.latentmap.codec.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashing and path rules for bundle files. */
public final class BundleFiles {
  private static final int READ_CHUNK = 1 << 16;

  private BundleFiles() {}

  /** A relative, '/'-separated path with no empty, '.' or '..' segments. */
  public static boolean isSafeRelativePath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** Lowercase hex SHA-256 of a file, streamed. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[READ_CHUNK];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  public static byte[] sha256(byte[] bytes) {
    return newSha256().digest(bytes);
  }

  /** Resolves a listed path inside the bundle directory, refusing anything that escapes it (symlinks included). */
  static Path resolveInside(Path bundleDir, String relative) throws IOException, BundleException {
    Path resolved = bundleDir.resolve(relative).normalize();
    if (!resolved.startsWith(bundleDir)) {
      throw new BundleException("bundle file " + relative + " lies outside the bundle");
    }
    if (!Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
      throw new BundleException("bundle file " + relative + " is missing or not a regular file");
    }
    // A symlinked folder on the way could still lead outside.
    if (!resolved.toRealPath().startsWith(bundleDir.toRealPath())) {
      throw new BundleException("bundle file " + relative + " lies outside the bundle (through a link)");
    }
    return resolved;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
