package io.latentmap.eval.viewer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium run headless: loads a page, lets its scripts run for a budget of virtual time (network waits
 * do not use it up) and returns the DOM they left. No driver, no download: the {@code chromium} package only.
 */
final class HeadlessChromium {
  /** Set to 1 to skip the browser tests where no Chromium can be installed; CI installs it and runs them. */
  static final String SKIP_VARIABLE = "LATENTMAP_SKIP_BROWSER_TESTS";
  /** A Chromium binary to use instead of the first of {@link #CANDIDATES} on the PATH. */
  static final String BINARY_VARIABLE = "LATENTMAP_CHROMIUM";
  private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome");
  /** Virtual time the page's scripts get per load: a few of its one-second polls. */
  private static final Duration SCRIPT_BUDGET = Duration.ofSeconds(6);
  /** Wall time one load may take on a busy machine before it counts as hung. */
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(90);

  private final Path binary;
  private final Path profile;

  private HeadlessChromium(Path binary, Path profile) {
    this.binary = binary;
    this.profile = profile;
  }

  /**
   * The installed Chromium; the test is skipped when {@value #SKIP_VARIABLE}=1 and fails, saying how to install
   * it, when there is none.
   */
  static HeadlessChromium require(Path profile) {
    Assumptions.assumeFalse("1".equals(System.getenv(SKIP_VARIABLE)), SKIP_VARIABLE + "=1: browser tests skipped");
    Optional<Path> found = Optional.ofNullable(System.getenv(BINARY_VARIABLE)).map(Path::of)
        .filter(Files::isExecutable).or(HeadlessChromium::onPath);
    if (found.isEmpty()) {
      throw new AssertionError("headless Chromium not found (tried $" + BINARY_VARIABLE + " and " + CANDIDATES
          + " on the PATH): install Debian's chromium package (scripts/install-system-deps.sh does), or set "
          + SKIP_VARIABLE + "=1 to skip the browser tests");
    }
    return new HeadlessChromium(found.get(), profile);
  }

  /** The page's DOM after its scripts ran for the budget. */
  String dom(URI page) throws IOException, InterruptedException {
    Path out = Files.createTempFile(profile, "dom", ".html");
    run(page, out, "--dump-dom");
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** A PNG of the page as a window of the given size shows it after its scripts ran for the budget. */
  void screenshot(URI page, Path png, int width, int height) throws IOException, InterruptedException {
    run(page, Files.createTempFile(profile, "screenshot", ".out"), "--screenshot=" + png.toAbsolutePath(),
        "--window-size=" + width + "," + height, "--hide-scrollbars");
  }

  private void run(URI page, Path out, String... what) throws IOException, InterruptedException {
    Path err = Files.createTempFile(profile, "chromium", ".log");
    List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile.resolve("user-data"),
        "--virtual-time-budget=" + SCRIPT_BUDGET.toMillis()));
    command.addAll(List.of(what));
    command.add(page.toString());
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      throw new AssertionError("chromium did not finish loading " + page + " within " + LOAD_TIMEOUT + "; see " + err);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("chromium exited " + p.exitValue() + " loading " + page + ": "
          + Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  /** Loads the page again until its DOM satisfies {@code condition}; fails with the last DOM at the deadline. */
  String awaitDom(URI page, Duration timeout, String what, Predicate<String> condition) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    String dom = dom(page);
    while (!condition.test(dom)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the page did not show " + what + " within " + timeout + "; its DOM:\n" + dom);
      }
      dom = dom(page);
    }
    return dom;
  }

  private static Optional<Path> onPath() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : CANDIDATES) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
