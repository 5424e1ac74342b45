package io.latentmap.eval.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SteadyWindowTest {
  private static final long EPOCH = 1_700_000_000L;

  @Test
  void theWindowStartsAtTheFirstWholeSecondAfterSettlingAndCountsOnlyItsFrames() {
    Map<Integer, Integer> bySecond = new TreeMap<>(Map.of(100, 50, 101, 300, 102, 300, 103, 300, 104, 300, 105, 120));
    long first = (EPOCH + 100) * 1000 + 400; // 100.4 s
    long last = (EPOCH + 105) * 1000 + 400;

    SteadyWindow w = SteadyWindow.of(bySecond, EPOCH, first, last, Duration.ofSeconds(2), Duration.ofSeconds(2));

    assertThat(w.fromMillis()).isEqualTo((EPOCH + 103) * 1000); // 102.4 s rounded up
    assertThat(w.frames()).isEqualTo(300 + 300 + 120);
    assertThat(w.seconds()).isEqualTo(2.4);
  }

  @Test
  void aRunTooShortForASteadyWindowIsMeasuredWhole() {
    Map<Integer, Integer> bySecond = Map.of(100, 200, 101, 150);
    long first = (EPOCH + 100) * 1000 + 100;
    long last = (EPOCH + 101) * 1000 + 900;

    SteadyWindow w = SteadyWindow.of(bySecond, EPOCH, first, last, Duration.ofSeconds(2), Duration.ofSeconds(2));

    assertThat(w).isEqualTo(new SteadyWindow(first, last, 350));
  }
}
