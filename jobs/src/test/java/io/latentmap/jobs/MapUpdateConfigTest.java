package io.latentmap.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapUpdateConfigTest {
  @TempDir Path dir;

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "kafka.group-id = from-file\ninference.batch-size = 4\ncheckpoint.interval = 30 s\n");

    MapUpdateConfig config = MapUpdateConfig.load(
        new String[] {"--config", file.toString(), "--inference.batch-size=16"},
        Map.of("LATENTMAP_KAFKA_GROUP_ID", "from-env", "LATENTMAP_INFERENCE_BATCH_SIZE", "12"));

    assertThat(config.get(MapUpdateOptions.GROUP_ID)).isEqualTo("from-env");
    assertThat(config.get(MapUpdateOptions.BATCH_SIZE)).isEqualTo(16);
    assertThat(config.get(MapUpdateOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.get(MapUpdateOptions.TILES_TOPIC)).isEqualTo("hdmap.tiles");
  }

  @Test
  void aTypoOrABadValueFailsAtStartNamingTheKey() {
    assertThatThrownBy(() -> MapUpdateConfig.load(new String[] {"--inference.batchsize", "8"}, Map.of()))
        .hasMessageContaining("unknown setting").hasMessageContaining("inference.batchsize");
    assertThatThrownBy(() -> MapUpdateConfig.load(new String[] {"--inference.batch-size", "eight"}, Map.of()))
        .hasMessageContaining("inference.batch-size");
    assertThatThrownBy(() -> MapUpdateConfig.defaults().require(MapUpdateOptions.BUNDLE_DIR))
        .hasMessageContaining("bundle.dir").hasMessageContaining("LATENTMAP_BUNDLE_DIR");
  }

  @Test
  void helpListsEverySettingWithItsDefaultAndMeaning() {
    String help = MapUpdateConfig.help();
    MapUpdateOptions.all().forEach(option -> assertThat(help).contains("--" + option.key()));
    assertThat(help).contains("default: fleet.frames").doesNotContain("Description@");
  }
}
