package io.latentmap.eval.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a benchmark's CPU goes, by the job's kinds of threads: this process's threads as Linux lists them
 * ({@code /proc/self/task}), grouped by the name each thread carries (the kernel keeps its first 15 characters).
 * A snapshot is each group's CPU clock ticks so far; a thread that ended keeps the ticks it was last seen with.
 * Empty where there is no {@code /proc}.
 */
final class ThreadGroupCpu {
  /** Groups in the order they print; the first whose prefix a thread name starts with takes the thread. */
  enum Group {
    PERCEPTION("perception", "Source: fleet f"), // validate, entropy decode, heads, georeference: one chained task
    TILES("tiles", "aggregate tiles"), // tile aggregation and the sinks' writers chained to it
    KAFKA_SOURCE("kafka_source", "Source Data Fet"),
    KAFKA_SINKS("kafka_sinks", "kafka-producer-"),
    JIT("jit", "C1 CompilerThre", "C2 CompilerThre"),
    GC("gc", "GC Thread", "G1 ", "VM Thread"),
    FLINK_RUNTIME("flink_runtime", "flink-", "Flink", "pekko", "jobmanager", "mini-cluster", "OutputFlusher",
        "Time Trigger", "AsyncOperations", "Checkpoint", "fleet.frames.dl", "Channel state"),
    BENCH("bench", "bench-cpu-clock", "main"),
    /** The in-process Kafka broker's many threads, and anything unnamed above. */
    BROKER_AND_OTHER("broker_and_other");

    final String figure;
    final List<String> prefixes;

    Group(String figure, String... prefixes) {
      this.figure = figure;
      this.prefixes = List.of(prefixes);
    }

    static Group of(String threadName) {
      for (Group g : values()) {
        for (String prefix : g.prefixes) {
          if (threadName.startsWith(prefix)) {
            return g;
          }
        }
      }
      return BROKER_AND_OTHER;
    }
  }

  private static final Path TASKS = Path.of("/proc/self/task");
  /** A stat line is under 400 bytes; the fields read come before byte 300 whatever the thread's name. */
  private static final int STAT_BYTES = 1024;

  /** Last ticks seen per thread id, so that threads which end between snapshots are not lost. */
  private final Map<String, Long> ticksByThread = new LinkedHashMap<>();
  private final Map<String, Group> groupByThread = new LinkedHashMap<>();
  /**
   * Each live thread's stat file, kept open: procfs regenerates the line on every read from offset 0, so a
   * snapshot costs one read per thread instead of an open, reads and a close (3.6 ms for 300 threads before).
   * That is one descriptor per live thread, a few hundred, well inside the limit HotSpot raises to the hard limit
   * at start ({@code -XX:+MaxFDLimit}); a file that cannot be opened only leaves its thread uncounted.
   */
  private final Map<String, FileChannel> statByThread = new HashMap<>();
  private final ByteBuffer line = ByteBuffer.allocate(STAT_BYTES);

  static boolean available() {
    return Files.isDirectory(TASKS);
  }

  /** Cumulative ticks per group (user + system time of every thread seen so far). */
  synchronized long[] snapshot() {
    Set<String> live = new HashSet<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String tid = task.getFileName().toString();
        live.add(tid);
        try {
          FileChannel stat = statByThread.get(tid);
          if (stat == null) {
            stat = FileChannel.open(task.resolve("stat"), StandardOpenOption.READ);
            statByThread.put(tid, stat);
          }
          line.clear();
          stat.read(line, 0);
          if (!groupByThread.containsKey(tid)) {
            String text = new String(line.array(), 0, line.position(), StandardCharsets.US_ASCII);
            groupByThread.put(tid, Group.of(text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'))));
          }
          ticksByThread.put(tid, ticks(line.array(), line.position()));
        } catch (IOException | RuntimeException e) {
          // the thread ended while the list was read: it keeps its last ticks
        }
      }
    } catch (IOException e) {
      return new long[Group.values().length];
    }
    statByThread.entrySet().removeIf(e -> !live.contains(e.getKey()) && closeQuietly(e.getValue()));
    long[] byGroup = new long[Group.values().length];
    ticksByThread.forEach((tid, ticks) -> byGroup[groupByThread.get(tid).ordinal()] += ticks);
    return byGroup;
  }

  private static boolean closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // a stat file of an ended thread: nothing to release beyond the descriptor
    }
    return true;
  }

  /**
   * utime + stime of a {@code /proc/<pid>/task/<tid>/stat} line held in its first {@code length} bytes (fields 14
   * and 15; the name before them may hold spaces and parentheses), without making a string of it.
   *
   * @throws IllegalArgumentException if the line ends before those fields
   */
  static long ticks(byte[] stat, int length) {
    int at = length - 1;
    while (at >= 0 && stat[at] != ')') {
      at--;
    }
    // After ") ": fields 3, 4, ...; utime and stime are fields 14 and 15.
    int field = 3;
    int i = at + 2;
    long utime = 0;
    long stime = 0;
    for (; i < length && field <= 15; i++) {
      byte b = stat[i];
      if (b == ' ') {
        field++;
      } else if (field == 14) {
        utime = utime * 10 + (b - '0');
      } else if (field == 15) {
        stime = stime * 10 + (b - '0');
      }
    }
    if (at < 0 || field <= 15) {
      throw new IllegalArgumentException("stat line ends before its CPU times");
    }
    return utime + stime;
  }
}
