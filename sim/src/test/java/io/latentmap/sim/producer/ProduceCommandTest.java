package io.latentmap.sim.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.codec.entropy.EntropyModelType;
import io.latentmap.codec.fixture.FixtureBundles;
import io.latentmap.sim.TestWorld;
import io.latentmap.sim.cli.SimCommand;
import io.latentmap.sim.export.CityscapesExporter;
import io.latentmap.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./latentmap sim produce} as a user runs it, against a real broker. */
class ProduceCommandTest {

  @RegisterExtension static final KafkaBroker broker = KafkaBroker.create();
  @TempDir static Path dir;
  static Path bundle;

  @BeforeAll
  static void writeBundle() throws Exception {
    bundle = FixtureBundles.write(dir, EntropyModelType.FACTORIZED, 21);
  }

  /** Runs the command; returns its figures by name. */
  static Map<String, Double> run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new SimCommand());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).as("exit code; output:\n" + out).isZero();
    Map<String, Double> figures = new HashMap<>();
    for (String line : out.toString().split("\n")) {
      String[] parts = line.trim().split(" ");
      assertThat(parts).as("figure line '" + line + "'").hasSize(3);
      figures.put(parts[0], Double.parseDouble(parts[1]));
    }
    return figures;
  }

  @Test
  void theFleetPublishesEveryFrameItsLinksAffordAndReportsEverySlot() {
    String topic = KafkaBroker.uniqueTopicName("fleet.frames");
    broker.createTopic(topic, 2);
    Map<String, Double> figures = run("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic", topic,
        "--bundle", bundle.toString(), "--seed", "4", "--vehicles", "2", "--cameras", "1", "--seconds", "0.5",
        "--threads", "2");
    int slots = 3 * 5;
    assertThat(figures.get("frames.sent") + figures.get("frames.not_sent")).isEqualTo(slots);
    assertThat(figures).containsKeys("bytes", "bpp.mean", "frames_per_s", "frames.rendered");
    assertThat(broker.readToEnd(topic, Duration.ofSeconds(60))).hasSize(figures.get("frames.sent").intValue());
  }

  @Test
  void aReplayPublishesEveryFrameOfTheFolder() throws Exception {
    Path root = dir.resolve("dataset");
    new CityscapesExporter(TestWorld.small(6), 1, 5).export(root, CityscapesExporter.Options.of(3, "test"), n -> {});
    String topic = KafkaBroker.uniqueTopicName("replay");
    broker.createTopic(topic, 1);
    Map<String, Double> figures = run("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic", topic,
        "--bundle", bundle.toString(), "--replay", root.toString(), "--threads", "1");
    assertThat(figures.get("frames.sent")).isEqualTo(3);
    assertThat(figures.get("frames.layers_3")).isEqualTo(3);
    assertThat(broker.readToEnd(topic, Duration.ofSeconds(60))).hasSize(3);
  }
}
