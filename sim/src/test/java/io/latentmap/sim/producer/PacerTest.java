package io.latentmap.sim.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {

  @Test
  void aPacedRunHoldsEachFrameUntilItsCaptureTimeIsDue() {
    double pace = 10;
    Pacer pacer = new Pacer(pace);
    long start = System.nanoTime();
    pacer.awaitDue(5_000_000);
    pacer.awaitDue(5_500_000);
    pacer.awaitDue(6_000_000);
    // One simulated second at ten times real time: never sooner than 100 ms.
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(100_000_000L);
    assertThatThrownBy(() -> new Pacer(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
