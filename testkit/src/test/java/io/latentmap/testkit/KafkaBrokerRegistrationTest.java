package io.latentmap.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A broker per test class only works from a static field; any other registration must fail loudly, not hang. */
class KafkaBrokerRegistrationTest {

  @Test
  void registeringInAnInstanceFieldFailsEachTestWithTheFix() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(RegisteredPerInstance.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(1).failed(1))
        .assertThatEvents()
        .haveExactly(1, finishedWithFailure(instanceOf(IllegalStateException.class),
            message(text -> text.contains("@RegisterExtension static final KafkaBroker"))));
  }

  @Test
  void usingTheBrokerOutsideATestClassNamesTheProblem() {
    KafkaBroker unregistered = KafkaBroker.create();
    assertThatThrownBy(unregistered::bootstrapServers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("registers it statically");
  }

  /** Run only through the engine test kit above (surefire skips nested classes). */
  static class RegisteredPerInstance {
    @RegisterExtension
    final KafkaBroker broker = KafkaBroker.create();

    @Test
    void usesTheBroker() {
      broker.bootstrapServers();
    }
  }
}
