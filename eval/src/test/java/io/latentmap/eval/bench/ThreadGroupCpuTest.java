package io.latentmap.eval.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.eval.bench.ThreadGroupCpu.Group;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ThreadGroupCpuTest {
  @Test
  void ticksAreUserPlusSystemTimeEvenWhenTheNameHoldsSpacesAndParentheses() {
    String stat = "4711 (Source: fleet f) S 1 4700 4700 0 -1 4194368 120 0 0 0 1234 56 0 0 20 0 80 0 500 0 0";

    assertThat(ticks(stat)).isEqualTo(1234 + 56);
    assertThat(ticks("12 (a (b) c) R 1 12 12 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 1 0 0")).isEqualTo(10);
  }

  @Test
  void aLineThatEndsBeforeItsCpuTimesIsRefused() {
    assertThatThrownBy(() -> ticks("4711 (Source: fleet f) S 1 4700 4700 0 -1 4194368 120 0 0 0 1234"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ticks("4711 no name")).isInstanceOf(IllegalArgumentException.class);
  }

  private static long ticks(String stat) {
    byte[] bytes = (stat + "\n").getBytes(StandardCharsets.US_ASCII);
    return ThreadGroupCpu.ticks(bytes, bytes.length);
  }

  @Test
  void threadsAreGroupedByTheJobsKindsOfWorkAndTheRestCountsAsBroker() {
    assertThat(Group.of("Source: fleet f")).isEqualTo(Group.PERCEPTION);
    assertThat(Group.of("aggregate tiles")).isEqualTo(Group.TILES);
    assertThat(Group.of("kafka-producer-")).isEqualTo(Group.KAFKA_SINKS);
    assertThat(Group.of("C2 CompilerThre")).isEqualTo(Group.JIT);
    assertThat(Group.of("G1 Conc#0")).isEqualTo(Group.GC);
    assertThat(Group.of("data-plane-kafk")).isEqualTo(Group.BROKER_AND_OTHER);
  }

  @Test
  void aSnapshotOfThisProcessCountsTheCpuOfItsThreads() {
    if (!ThreadGroupCpu.available()) {
      return; // no /proc: the benchmark prints no breakdown there
    }
    ThreadGroupCpu cpu = new ThreadGroupCpu();
    long[] before = cpu.snapshot();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long spin = 0;
    long until = threads.getCurrentThreadCpuTime() + 300_000_000L; // 0.3 s of this thread's own CPU
    while (threads.getCurrentThreadCpuTime() < until) {
      spin++;
    }
    long[] after = cpu.snapshot();

    assertThat(spin).isPositive();
    long ticks = 0;
    for (int g = 0; g < after.length; g++) {
      assertThat(after[g]).isGreaterThanOrEqualTo(before[g]);
      ticks += after[g] - before[g];
    }
    assertThat(ticks).isGreaterThanOrEqualTo(25); // ticks of 10 ms; the kernel rounds per thread
  }
}
