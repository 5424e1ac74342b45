package io.latentmap.eval.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SteadyWindowTest {
  private static final long EPOCH = 1_700_000_000L;
  private static final Duration SETTLE = Duration.ofSeconds(2);

  private static long at(double second) {
    return Math.round((EPOCH + second) * 1000);
  }

  @Test
  void theWindowRunsFromTheLastSubtasksStartAfterSettlingToTheFirstSubtasksEnd() {
    // Both subtasks busy from 100.4 s (100.7 s for the second) until the first runs out of frames at 106.6 s;
    // the second goes on alone at half the rate until 108.3 s.
    Map<Integer, Integer> bySecond = new TreeMap<>(Map.of(100, 50, 101, 300, 102, 300, 103, 300, 104, 300, 105, 300,
        106, 200, 107, 150, 108, 40));
    List<SteadyWindow.Span> subtasks = List.of(new SteadyWindow.Span(at(100.4), at(106.6), 1040),
        new SteadyWindow.Span(at(100.7), at(108.3), 1320));

    SteadyWindow w = SteadyWindow.of(bySecond, EPOCH, subtasks, SETTLE, Duration.ofSeconds(2));

    assertThat(w.fromMillis()).isEqualTo(at(103)); // 102.7 s rounded up
    assertThat(w.toMillis()).isEqualTo(at(106)); // 106.6 s rounded down: second 106 is only partly shared
    assertThat(w.frames()).isEqualTo(300 + 300 + 300);
    assertThat(w.seconds()).isEqualTo(3.0);
  }

  @Test
  void aRunTooShortForASteadyWindowIsMeasuredWhole() {
    Map<Integer, Integer> bySecond = Map.of(100, 200, 101, 150);
    List<SteadyWindow.Span> subtasks = List.of(new SteadyWindow.Span(at(100.1), at(101.9), 180),
        new SteadyWindow.Span(at(100.2), at(101.5), 170));

    SteadyWindow w = SteadyWindow.of(bySecond, EPOCH, subtasks, SETTLE, Duration.ofSeconds(2));

    assertThat(w).isEqualTo(new SteadyWindow(at(100.1), at(101.9), 350));
  }

  @Test
  void aRunWithoutBatchesHasNoWindow() {
    assertThatThrownBy(() -> SteadyWindow.of(Map.of(), EPOCH, List.of(), SETTLE, Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
