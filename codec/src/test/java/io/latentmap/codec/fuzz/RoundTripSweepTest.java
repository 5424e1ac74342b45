package io.latentmap.codec.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundTripSweepTest {
  @Test
  void everyFrameRoundTripsAndEveryStreamMeetsTheRateBound() {
    RoundTripSweep.Report report = RoundTripSweep.run(7, 1000);

    assertThat(report.failures()).isEmpty();
    assertThat(report.frames()).isEqualTo(1000);
    assertThat(report.emptyFrames()).isEqualTo(100);
    assertThat(report.singleValueFrames()).isEqualTo(100);
    assertThat(report.allZeroFrames()).isPositive();
    assertThat(report.streams()).isGreaterThan(report.frames());
    assertThat(report.worstRateRatio()).isPositive().isLessThanOrEqualTo(1.0);
    assertThat(report.passed()).isTrue();
  }
}
