package io.latentmap.codec.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecoderFuzzerTest {
  /** The bench command runs >= 1 M; this keeps the test suite quick. */
  static final int EXECS = 50_000;

  @Test
  void fiftyThousandMutantsRaiseOnlyCodecExceptionsWithinTheAllocationBound() {
    // A generous wall-clock limit turns a decoder hang into a failure instead of a stuck build.
    DecoderFuzzer.Report report = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> DecoderFuzzer.run(42, EXECS));

    assertThat(report.failures()).isEmpty();
    assertThat(report.execs()).isEqualTo(EXECS);
    assertThat(report.decoded() + report.rejected()).isEqualTo(EXECS);
    // Both outcomes occur, so the mutants reach the decoders (CRC-fixed ones) and get rejected.
    assertThat(report.rejected()).isGreaterThan(EXECS / 2);
    assertThat(report.decoded()).isPositive();
    assertThat(report.maxAllocatedBytes()).isPositive().isLessThanOrEqualTo(report.allocationBound());
    assertThat(report.passed()).isTrue();
  }
}
