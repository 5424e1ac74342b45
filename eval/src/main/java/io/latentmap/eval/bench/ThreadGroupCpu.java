package io.latentmap.eval.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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

  /** Last ticks seen per thread id, so that threads which end between snapshots are not lost. */
  private final Map<String, Long> ticksByThread = new LinkedHashMap<>();
  private final Map<String, Group> groupByThread = new LinkedHashMap<>();

  static boolean available() {
    return Files.isDirectory(TASKS);
  }

  /** Cumulative ticks per group (user + system time of every thread seen so far). */
  synchronized long[] snapshot() {
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(task -> {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String tid = task.getFileName().toString();
          groupByThread.computeIfAbsent(tid,
              t -> Group.of(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))));
          ticksByThread.put(tid, ticks(stat));
        } catch (IOException | RuntimeException e) {
          // the thread ended while the list was read: it keeps its last ticks
        }
      });
    } catch (IOException e) {
      return new long[Group.values().length];
    }
    long[] byGroup = new long[Group.values().length];
    ticksByThread.forEach((tid, ticks) -> byGroup[groupByThread.get(tid).ordinal()] += ticks);
    return byGroup;
  }

  /** utime + stime of one {@code /proc/<pid>/task/<tid>/stat} line (fields 14 and 15; the name may hold spaces). */
  static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
