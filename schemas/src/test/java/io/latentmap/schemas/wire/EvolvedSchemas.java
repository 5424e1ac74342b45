package io.latentmap.schemas.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** Writer schemas of other releases kept under test resources {@code evolution/<RecordName>/*.avsc}. */
final class EvolvedSchemas {

  private EvolvedSchemas() {
  }

  static List<Path> files(Class<?> recordClass) {
    URL folder = EvolvedSchemas.class.getResource("/evolution/" + recordClass.getSimpleName());
    if (folder == null) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files.filter(file -> file.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Schema load(Class<?> recordClass, String fileName) {
    return resource("/evolution/" + recordClass.getSimpleName() + "/" + fileName);
  }

  static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Schema resource(String name) {
    try (InputStream in = EvolvedSchemas.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
