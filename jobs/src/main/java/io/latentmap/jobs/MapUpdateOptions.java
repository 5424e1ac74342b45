package io.latentmap.jobs;

import io.latentmap.map.fusion.FusionPolicy;
import io.latentmap.operators.infer.LatentPerceiver;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;

/**
 * Every setting of {@link MapUpdateJob}, with its type, default and meaning. This class is the one place a
 * setting is declared: {@link MapUpdateConfig} reads them from a file, the environment and flags, and
 * {@code --help} lists them from here.
 */
public final class MapUpdateOptions {

  private MapUpdateOptions() {}

  // --- Kafka ---------------------------------------------------------------------------------------------------

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOptions.key("kafka.bootstrap-servers")
          .stringType()
          .defaultValue("localhost:9092")
          .withDescription("Kafka bootstrap servers, host:port[,host:port...].");

  public static final ConfigOption<String> GROUP_ID =
      ConfigOptions.key("kafka.group-id")
          .stringType()
          .defaultValue("latentmap-map-update")
          .withDescription("Consumer group of the frames source (offsets are committed on checkpoints).");

  public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
      ConfigOptions.key("kafka.transactional-id-prefix")
          .stringType()
          .defaultValue("latentmap-map-update")
          .withDescription(
              "Prefix of the exactly-once sinks' transactional ids; must be unique per job on a cluster.");

  public static final ConfigOption<TransactionNamingStrategy> TRANSACTION_NAMING =
      ConfigOptions.key("kafka.transaction-naming")
          .enumType(TransactionNamingStrategy.class)
          .defaultValue(TransactionNamingStrategy.POOLING)
          .withDescription(
              "How the exactly-once sinks name their transactions. POOLING reuses a few transactional ids and"
                  + " their producers across checkpoints; INCREMENTING starts a new producer, with a new id, at"
                  + " every checkpoint. A job may switch from INCREMENTING to POOLING on restore, not back.");

  public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
      ConfigOptions.key("kafka.transaction-timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "transaction.timeout.ms of the exactly-once sinks. Must stay below the broker's"
                  + " transaction.max.timeout.ms (default 15 min), and above the checkpoint interval plus"
                  + " the longest expected restart.");

  public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
      ConfigOptions.key("kafka.starting-offsets")
          .enumType(StartingOffsets.class)
          .defaultValue(StartingOffsets.COMMITTED_OR_EARLIEST)
          .withDescription("Where the frames source starts when no checkpoint is restored.");

  public static final ConfigOption<Boolean> STOP_AT_LATEST =
      ConfigOptions.key("kafka.stop-at-latest")
          .booleanType()
          .defaultValue(false)
          .withDescription("Read the frames present at start-up, then finish (a replay or batch run) instead of"
              + " running forever.");

  public static final ConfigOption<String> FRAMES_TOPIC =
      ConfigOptions.key("topic.frames").stringType().defaultValue("fleet.frames")
          .withDescription("Input: CompressedFrame records, key = sourceId.");

  public static final ConfigOption<String> DEAD_LETTER_TOPIC =
      ConfigOptions.key("topic.dead-letters").stringType().defaultValue("fleet.frames.dlq")
          .withDescription("Output: DeadLetter records for every input the job could not accept.");

  public static final ConfigOption<String> TILE_UPDATES_TOPIC =
      ConfigOptions.key("topic.tile-updates").stringType().defaultValue("hdmap.tile-updates")
          .withDescription("Output: TileUpdate deltas, key = tile.");

  public static final ConfigOption<String> TILES_TOPIC =
      ConfigOptions.key("topic.tiles").stringType().defaultValue("hdmap.tiles")
          .withDescription("Output: MapTile snapshots, key = tile (a compacted topic).");

  // --- Input validation ------------------------------------------------------------------------------------------

  public static final ConfigOption<MemorySize> MAX_RECORD_SIZE =
      ConfigOptions.key("validate.max-record-size")
          .memoryType()
          .defaultValue(MemorySize.parse("8mb"))
          .withDescription("Records larger than this go to the dead-letter topic undecoded.");

  public static final ConfigOption<Duration> MAX_CLOCK_SKEW =
      ConfigOptions.key("validate.max-clock-skew")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription("A frame captured further than this in the future of the job's clock is refused.");

  public static final ConfigOption<MemorySize> DEAD_LETTER_MAX_ORIGINAL =
      ConfigOptions.key("dead-letters.max-original-size")
          .memoryType()
          .defaultValue(MemorySize.parse("8mb"))
          .withDescription("Dead letters keep the refused record whole up to this size (set it to the frames"
              + " topic's max.message.bytes so nothing is ever cut); beyond it the record is truncated and its"
              + " original length kept.");

  // --- Event time ------------------------------------------------------------------------------------------------

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      ConfigOptions.key("watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription("How far behind the newest capture time a frame may arrive and still be on time.");

  public static final ConfigOption<Duration> IDLENESS =
      ConfigOptions.key("watermark.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("A source partition silent this long stops holding back the watermark.");

  // --- Models and inference --------------------------------------------------------------------------------------

  public static final ConfigOption<String> BUNDLE_DIR =
      ConfigOptions.key("bundle.dir")
          .stringType()
          .noDefaultValue()
          .withDescription("Model bundle folder (models/<id>/ with manifest.json); its hashes are verified.");

  public static final ConfigOption<Integer> BATCH_SIZE =
      ConfigOptions.key("inference.batch-size")
          .intType()
          .defaultValue(8)
          .withDescription("Frames per ONNX Runtime call of the task heads.");

  public static final ConfigOption<Duration> MAX_BATCH_DELAY =
      ConfigOptions.key("inference.max-batch-delay")
          .durationType()
          .defaultValue(Duration.ofMillis(50))
          .withDescription("A partial batch runs after waiting this long (processing time).");

  public static final ConfigOption<Integer> INTRA_OP_THREADS =
      ConfigOptions.key("inference.intra-op-threads")
          .intType()
          .defaultValue(1)
          .withDescription("ONNX Runtime intra-op threads per session; keep slots x threads <= cores.");

  public static final ConfigOption<LatentPerceiver.Mode> INFERENCE_MODE =
      ConfigOptions.key("inference.mode")
          .enumType(LatentPerceiver.Mode.class)
          .defaultValue(LatentPerceiver.Mode.HEADS_ON_LATENT)
          .withDescription("HEADS_ON_LATENT: task heads on the decoded latent, never pixels (the product)."
              + " DECODE_THEN_INFER: RGB decoder, then the RGB task network (the baseline; needs both in the bundle).");

  // --- Map -------------------------------------------------------------------------------------------------------

  public static final ConfigOption<Integer> ZOOM =
      ConfigOptions.key("map.zoom")
          .intType()
          .defaultValue(19)
          .withDescription("Web Mercator zoom of the map tiles (256 x 256 cells each).");

  public static final ConfigOption<Duration> PUBLISH_INTERVAL =
      ConfigOptions.key("map.publish-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription("Event time over which a tile's changes are coalesced into one version.");

  public static final ConfigOption<Double> MAX_CELL_RANGE =
      ConfigOptions.key("map.max-cell-range")
          .doubleType()
          .defaultValue(25.0)
          .withDescription("Metres from the camera within which ground cells take evidence from a frame.");

  public static final ConfigOption<Double> MIN_CELL_CONFIDENCE =
      ConfigOptions.key("map.min-cell-confidence")
          .doubleType()
          .defaultValue(0.4)
          .withDescription("Segmentation cells less sure than this (softmax probability, 0..1) give no evidence.");

  public static final ConfigOption<Double> EVIDENCE_DECAY =
      ConfigOptions.key("map.evidence-decay")
          .doubleType()
          .defaultValue(Double.valueOf(Float.toString(FusionPolicy.DEFAULTS.evidenceDecay())))
          .withDescription("Factor (0..1) a cell's class evidence keeps per new observation of that cell: nearer 1"
              + " remembers more traversals, so a changed cell needs more of them before it flips.");

  public static final ConfigOption<Double> SWITCH_RATIO =
      ConfigOptions.key("map.switch-ratio")
          .doubleType()
          .defaultValue(Double.valueOf(Float.toString(FusionPolicy.DEFAULTS.switchRatio())))
          .withDescription("A published cell class yields only to a class with this many times its evidence (>= 1).");

  public static final ConfigOption<Integer> REMOVE_AFTER_MISSES =
      ConfigOptions.key("map.landmark.remove-after-misses")
          .intType()
          .defaultValue(FusionPolicy.DEFAULTS.removeAfterMisses())
          .withDescription("Consecutive frames that should have seen a landmark and did not, before it is removed.");

  public static final ConfigOption<Duration> MIN_UNSEEN =
      ConfigOptions.key("map.landmark.min-unseen")
          .durationType()
          .defaultValue(Duration.ofMillis(Math.round(FusionPolicy.DEFAULTS.minUnseenSeconds() * 1000)))
          .withDescription("A landmark is removed only when it has also gone unseen this long (event time), so one"
              + " hidden for a moment (a bus in front of a roadside camera) is kept.");

  // --- Runtime ---------------------------------------------------------------------------------------------------

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("checkpoint.interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Checkpoint interval; outputs become visible to read_committed readers at each one.");

  public static final ConfigOption<StateBackendChoice> STATE_BACKEND =
      ConfigOptions.key("state.backend")
          .enumType(StateBackendChoice.class)
          .defaultValue(StateBackendChoice.HASHMAP)
          .withDescription("Keyed state on the JVM heap (HASHMAP) or in RocksDB (ROCKSDB, for clusters); when not"
              + " set, the cluster's configured backend is kept.");

  public static final ConfigOption<String> CHECKPOINT_DIR =
      ConfigOptions.key("checkpoint.dir")
          .stringType()
          .noDefaultValue()
          .withDescription("Checkpoint storage URI (file://, s3://); the cluster's setting when absent.");

  public static final ConfigOption<Integer> PARALLELISM =
      ConfigOptions.key("parallelism")
          .intType()
          .noDefaultValue()
          .withDescription("Job parallelism; the cluster's default when absent. Keep it <= frame partitions.");

  /** Where the source begins without a checkpoint. */
  public enum StartingOffsets {
    COMMITTED_OR_EARLIEST,
    EARLIEST,
    LATEST
  }

  /** Keyed state backend. */
  public enum StateBackendChoice {
    HASHMAP,
    ROCKSDB
  }

  /** All options in declaration order, for help output and for rejecting unknown keys. */
  public static List<ConfigOption<?>> all() {
    List<ConfigOption<?>> options = new ArrayList<>();
    for (Field field : MapUpdateOptions.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
        try {
          options.add((ConfigOption<?>) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return List.copyOf(options);
  }
}
