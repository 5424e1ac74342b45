package io.latentmap.jobs;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;

/**
 * The job's settings, resolved once at start-up from, in rising precedence: the defaults in
 * {@link MapUpdateOptions}, a properties file ({@code --config FILE}), the environment ({@code
 * LATENTMAP_KAFKA_BOOTSTRAP_SERVERS} for {@code kafka.bootstrap-servers}) and command-line flags ({@code
 * --kafka.bootstrap-servers host:9092} or {@code --kafka.bootstrap-servers=host:9092}). Unknown keys are refused,
 * so a typo never silently falls back to a default.
 */
public final class MapUpdateConfig {

  public static final String CONFIG_FILE_FLAG = "--config";
  public static final String HELP_FLAG = "--help";
  public static final String ENV_PREFIX = "LATENTMAP_";

  private final Configuration values;

  private MapUpdateConfig(Configuration values) {
    this.values = values;
  }

  /** Defaults only. */
  public static MapUpdateConfig defaults() {
    return new MapUpdateConfig(new Configuration());
  }

  /** Resolves the settings from the process environment and {@code args}. */
  public static MapUpdateConfig load(String[] args) {
    return load(args, System.getenv());
  }

  /** Like {@link #load(String[])} with an explicit environment (tests, embedded runs). */
  public static MapUpdateConfig load(String[] args, Map<String, String> environment) {
    Map<String, String> flags = parseFlags(args);
    Map<String, String> merged = new LinkedHashMap<>();
    String file = flags.remove(CONFIG_FILE_FLAG.substring(2));
    if (file != null) {
      merged.putAll(readPropertiesFile(Path.of(file)));
    }
    merged.putAll(fromEnvironment(environment));
    merged.putAll(flags);
    return new MapUpdateConfig(toConfiguration(merged));
  }

  /** A copy with one setting replaced; used by the embedded demo and tests. */
  public <T> MapUpdateConfig with(ConfigOption<T> option, T value) {
    Configuration copy = new Configuration(values);
    copy.set(option, value);
    return new MapUpdateConfig(copy);
  }

  public <T> T get(ConfigOption<T> option) {
    return values.get(option);
  }

  /** The value, failing with the option's name when a required setting without default is absent. */
  public <T> T require(ConfigOption<T> option) {
    T value = values.get(option);
    if (value == null) {
      throw new IllegalArgumentException(
          "missing setting " + option.key() + " (flag --" + option.key() + ", env " + envName(option.key()) + ")");
    }
    return value;
  }

  public boolean isSet(ConfigOption<?> option) {
    return values.contains(option);
  }

  /** The environment variable that sets {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** One line per setting: key, default, meaning. */
  public static String help() {
    StringBuilder out = new StringBuilder();
    out.append("Usage: MapUpdateJob [--config FILE] [--<key> <value>]...\n");
    out.append("Each setting also reads from the environment as LATENTMAP_<KEY> (dots and dashes as '_').\n\n");
    for (ConfigOption<?> option : MapUpdateOptions.all()) {
      out.append(String.format(Locale.ROOT, "  --%-32s default: %s%n", option.key(),
          option.hasDefaultValue() ? option.defaultValue() : "(none)"));
      out.append("      ").append(new HtmlFormatter().format(option.description()).replaceAll("<[^>]+>", "")).append("\n");
    }
    return out.toString();
  }

  /** {@code --key value} and {@code --key=value} pairs, in order. */
  public static Map<String, String> parseFlags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("expected --<key> <value>, got '" + arg + "'\n" + help());
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        flags.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.length) {
        flags.put(arg.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("flag " + arg + " needs a value");
      }
    }
    return flags;
  }

  private static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> found = new LinkedHashMap<>();
    for (ConfigOption<?> option : MapUpdateOptions.all()) {
      String value = environment.get(envName(option.key()));
      if (value != null) {
        found.put(option.key(), value);
      }
    }
    return found;
  }

  private static Map<String, String> readPropertiesFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
    return values;
  }

  private static Configuration toConfiguration(Map<String, String> raw) {
    Map<String, ConfigOption<?>> known =
        MapUpdateOptions.all().stream().collect(Collectors.toMap(ConfigOption::key, o -> o));
    List<String> unknown = raw.keySet().stream().filter(k -> !known.containsKey(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown setting(s) " + unknown + "; see --help for the list");
    }
    Configuration configuration = Configuration.fromMap(raw);
    for (ConfigOption<?> option : known.values()) {
      try {
        configuration.get(option); // parse eagerly: a malformed value fails at start-up, naming its key
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "bad value '" + raw.get(option.key()) + "' for " + option.key() + ": " + e.getMessage(), e);
      }
    }
    return configuration;
  }
}
