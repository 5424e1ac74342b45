package io.latentmap.eval.embedded;

import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.testkit.InProcessBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the embedded commands (demo, bench pipeline) share: the model they use and a broker in this JVM. */
public final class Embedded {
  /** The bundle the repository ships, used when present. */
  public static final Path SHIPPED_BUNDLE = Path.of("models", "latent-scalable");

  private Embedded() {}

  /** {@code chosen} if given, else the shipped bundle if present, else null. */
  public static Path chosenOrShipped(Path chosen) {
    if (chosen != null) {
      return chosen;
    }
    return Files.isRegularFile(SHIPPED_BUNDLE.resolve("manifest.json")) ? SHIPPED_BUNDLE : null;
  }

  /** The codec's fixture bundle (tiny real ONNX networks, untrained) written to a temporary folder. */
  public static Path fixtureBundle(long seed) throws IOException {
    return FixtureBundles.write(ScratchDirectory.create("latentmap-fixture"), EntropyModelType.HYPERPRIOR, seed);
  }

  /** An in-process KRaft broker; Kafka's test kit prints its storage formatting to stdout, where figures go. */
  public static InProcessBroker broker() throws Exception {
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return InProcessBroker.start();
    } finally {
      System.setOut(stdout);
    }
  }
}
