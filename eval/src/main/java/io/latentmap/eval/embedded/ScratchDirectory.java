package io.latentmap.eval.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Temporary directories of an embedded run (fixture bundles, checkpoints) that go away with the JVM: a demo or bench
 * run many times would otherwise leave a city's checkpointed tile state in /tmp every time.
 */
public final class ScratchDirectory {
  private ScratchDirectory() {}

  /** A new directory under the system temp directory, deleted with everything in it when the JVM exits. */
  public static Path create(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "delete " + dir.getFileName()));
    return dir;
  }

  /** Deletes a tree, best effort: a file that cannot be deleted at exit is not worth failing the exit for. */
  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
