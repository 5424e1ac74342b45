package io.latentmap.localcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where topics ended at one moment, one {@code topic partition offset} line per partition: the drill marks the output
 * topics before it submits its job (so only that job's output is judged) and again once the job has restored.
 */
public record OffsetMark(Map<String, Map<Integer, Long>> ends) {

  public OffsetMark {
    Map<String, Map<Integer, Long>> copy = new TreeMap<>();
    ends.forEach((topic, partitions) -> copy.put(topic, Map.copyOf(partitions)));
    ends = Map.copyOf(copy);
  }

  /** Offsets of {@code topic} by partition; empty (read from the beginning) when the mark does not name it. */
  public Map<Integer, Long> of(String topic) {
    return ends.getOrDefault(topic, Map.of());
  }

  public void write(Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(ends).forEach((topic, partitions) -> new TreeMap<>(partitions)
        .forEach((p, offset) -> text.append(topic).append(' ').append(p).append(' ').append(offset).append('\n')));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  public static OffsetMark read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no offset mark at " + file + " (written by `DrillCheck mark`)");
    }
    Map<String, Map<Integer, Long>> ends = new TreeMap<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.trim().split("\\s+");
      try {
        if (fields.length != 3) {
          throw new NumberFormatException("expected 3 fields");
        }
        long offset = Long.parseLong(fields[2]);
        if (offset < 0) {
          throw new NumberFormatException("negative offset");
        }
        ends.computeIfAbsent(fields[0], t -> new TreeMap<>()).put(Integer.parseInt(fields[1]), offset);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + " line " + lineNumber + " is not `topic partition offset`: "
            + line + " (" + e.getMessage() + ")", e);
      }
    }
    return new OffsetMark(ends);
  }
}
