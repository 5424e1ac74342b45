package io.latentmap.localcluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the local-cluster scripts as a user would, on ports nobody else uses (so a demo cluster on the defaults may
 * run beside the test) and with their state in a folder of the test's own. Each script's output goes to
 * {@code <run>/script-logs/<name>.log}, named in every failure.
 */
final class ClusterScripts {
  /** Prometheus ports reserved: the JobManager, the TaskManagers and the drill's replacement take one each. */
  static final int PROMETHEUS_PORTS = 6;
  private static final int PORT_SEARCH_FROM = 20_000;
  private static final int PORT_SEARCH_TO = 60_000;

  private final Path scriptDir;
  private final Path runDir;
  private final Map<String, String> environment;

  ClusterScripts(Path scriptDir, Path runDir, Map<String, String> extraEnvironment) throws IOException {
    this.scriptDir = scriptDir;
    this.runDir = runDir;
    Map<String, String> env = new HashMap<>(extraEnvironment);
    env.put("LATENTMAP_CLUSTER_RUN_DIR", runDir.toString());
    env.put("LATENTMAP_KAFKA_PORT", String.valueOf(freePort()));
    env.put("LATENTMAP_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
    env.put("LATENTMAP_FLINK_REST_PORT", String.valueOf(freePort()));
    env.put("LATENTMAP_FLINK_RPC_PORT", String.valueOf(freePort()));
    int prometheus = freeRange(PROMETHEUS_PORTS);
    env.put("LATENTMAP_PROMETHEUS_PORTS", prometheus + "-" + (prometheus + PROMETHEUS_PORTS - 1));
    // The Maven build running this test has just built the CLI jar; the launcher must not build it again.
    env.put("LATENTMAP_NO_BUILD", "1");
    this.environment = Map.copyOf(env);
  }

  String bootstrapServers() {
    return "127.0.0.1:" + environment.get("LATENTMAP_KAFKA_PORT");
  }

  Map<String, String> environment() {
    return environment;
  }

  /** What a script printed on stdout and how it ended. */
  record Result(int exitCode, String stdout, Path log) {}

  /** Runs {@code script} to its end; fails when it does not end within {@code timeout} (and kills it then). */
  Result run(Duration timeout, String script, String... args) throws IOException, InterruptedException {
    Path logs = Files.createDirectories(runDir.resolve("script-logs"));
    String name = script.replace(".sh", "");
    Path stdout = logs.resolve(name + ".out");
    Path log = logs.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of("bash", scriptDir.resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(runDir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError(script + " did not end within " + timeout + "; see " + log);
    }
    return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), log);
  }

  /** Every process the scripts recorded in run/pids, by name, dead ones included. */
  Map<String, Long> recordedPids() throws IOException {
    Path pids = runDir.resolve("pids");
    Map<String, Long> recorded = new TreeMap<>();
    if (!Files.isDirectory(pids)) {
      return recorded;
    }
    try (Stream<Path> files = Files.list(pids)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8).trim();
        recorded.put(f.getFileName().toString().replace(".pid", ""), Long.parseLong(text));
      }
    }
    return recorded;
  }

  static boolean alive(long pid) {
    // A process that exited but was not yet reaped still has a handle; only a running one counts.
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The first of {@code n} consecutive loopback ports that are free now, from a random start. */
  private static int freeRange(int n) throws IOException {
    int start = PORT_SEARCH_FROM + new java.util.Random().nextInt(PORT_SEARCH_TO - PORT_SEARCH_FROM);
    for (int base = start; base + n < PORT_SEARCH_TO; base += n) {
      if (allFree(base, n)) {
        return base;
      }
    }
    throw new IOException("no " + n + " consecutive free ports from " + start);
  }

  private static boolean allFree(int base, int n) {
    for (int port = base; port < base + n; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
