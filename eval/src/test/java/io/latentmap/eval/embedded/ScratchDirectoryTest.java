package io.latentmap.eval.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchDirectoryTest {
  @Test
  void aScratchTreeIsDeletedWithEverythingInIt() throws Exception {
    Path dir = ScratchDirectory.create("latentmap-scratch-test");
    Files.createDirectories(dir.resolve("chk-3/shared"));
    Files.writeString(dir.resolve("chk-3/shared/state"), "tile state");

    ScratchDirectory.deleteQuietly(dir);

    assertThat(dir).doesNotExist();
    ScratchDirectory.deleteQuietly(dir);
  }
}
