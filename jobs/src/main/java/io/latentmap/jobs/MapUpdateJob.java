package io.latentmap.jobs;

import static io.latentmap.jobs.MapUpdateOptions.*;

import io.latentmap.codec.bundle.BundleException;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.map.fusion.FusionPolicy;
import io.latentmap.map.fusion.GeoreferencePolicy;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.operators.georef.Georeference;
import io.latentmap.operators.infer.InferOnLatents;
import io.latentmap.operators.infer.Perception;
import io.latentmap.operators.sink.AvroRecordSerializer;
import io.latentmap.operators.sink.TileKeys;
import io.latentmap.operators.source.RawRecord;
import io.latentmap.operators.source.RawRecordDeserializer;
import io.latentmap.operators.tile.AggregateTiles;
import io.latentmap.operators.tile.TiledObservation;
import io.latentmap.operators.validate.DeadLetters;
import io.latentmap.operators.validate.FrameValidator;
import io.latentmap.operators.validate.KnownBundle;
import io.latentmap.operators.validate.KnownBundles;
import io.latentmap.operators.validate.ValidateFrames;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetter;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The map-update job: fleet frames from Kafka, perception on their learned-compressed latents (never pixels),
 * ground projection with each frame's pose, per-tile map state, versioned tile updates and snapshots to Kafka.
 *
 * <pre>
 * fleet.frames -> validate -(bad)-> fleet.frames.dlq
 *              -> watermarks (captureTime) -> decode + heads on latents -> georeference
 *              -> keyBy(tile) -> aggregate -> hdmap.tile-updates, hdmap.tiles
 * </pre>
 */
public final class MapUpdateJob {
  public static final String JOB_NAME = "latentmap-map-update";

  private MapUpdateJob() {}

  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains(MapUpdateConfig.HELP_FLAG)) {
      System.out.print(MapUpdateConfig.help());
      return;
    }
    MapUpdateConfig config = MapUpdateConfig.load(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, config);
    env.execute(JOB_NAME);
  }

  /** Adds the pipeline to {@code env}; the embedded demo and the tests run exactly this. */
  public static void build(StreamExecutionEnvironment env, MapUpdateConfig config) throws BundleException {
    ModelBundle bundle = ModelBundle.load(Path.of(config.require(BUNDLE_DIR)));
    KnownBundle known = KnownBundles.of(bundle);
    env.configure(runtimeSettings(config));
    env.enableCheckpointing(config.get(CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
    if (config.isSet(PARALLELISM)) {
      env.setParallelism(config.get(PARALLELISM));
    }

    SingleOutputStreamOperator<CompressedFrame> frames = env
        .fromSource(framesSource(config), WatermarkStrategy.noWatermarks(), "fleet frames")
        .process(new ValidateFrames(new FrameValidator(Map.of(known.id(), known), config.get(MAX_CLOCK_SKEW)),
            (int) config.get(MAX_RECORD_SIZE).getBytes(), (int) config.get(DEAD_LETTER_MAX_ORIGINAL).getBytes()))
        .name("validate").uid("validate");

    SingleOutputStreamOperator<Perception> perceptions = frames
        .assignTimestampsAndWatermarks(WatermarkStrategy
            .<CompressedFrame>forBoundedOutOfOrderness(config.get(OUT_OF_ORDERNESS))
            .withTimestampAssigner((frame, kafkaTime) -> frame.getCaptureTime().toEpochMilli())
            .withIdleness(config.get(IDLENESS)))
        .name("capture-time watermarks").uid("watermarks")
        .transform("decode + heads on latents", TypeInformation.of(Perception.class),
            new InferOnLatents(bundle.directory(), config.get(INTRA_OP_THREADS), config.get(BATCH_SIZE),
                config.get(MAX_BATCH_DELAY), config.get(FRAMES_TOPIC), config.get(INFERENCE_MODE)))
        .uid("infer");

    SingleOutputStreamOperator<TileUpdate> updates = perceptions
        .flatMap(new Georeference(config.get(ZOOM), TileScheme.DEFAULT_CELLS_PER_SIDE, georeferencePolicy(config)))
        .name("georeference").uid("georeference")
        .keyBy(TiledObservation::tile)
        .process(new AggregateTiles(config.get(ZOOM), TileScheme.DEFAULT_CELLS_PER_SIDE, fusionPolicy(config),
            config.get(PUBLISH_INTERVAL)))
        .name("aggregate tiles").uid("aggregate-tiles");

    long maxRecord = config.get(MAX_RECORD_SIZE).getBytes();
    updates.sinkTo(sink(config, TileUpdate.class, config.get(TILE_UPDATES_TOPIC), u -> TileKeys.of(u.getTile()), "updates",
            maxRecord))
        .name("hdmap.tile-updates").uid("tile-updates-sink");
    updates.getSideOutput(AggregateTiles.SNAPSHOTS)
        .sinkTo(sink(config, MapTile.class, config.get(TILES_TOPIC), t -> TileKeys.of(t.getTile()), "tiles", maxRecord))
        .name("hdmap.tiles").uid("tiles-sink");
    DataStream<DeadLetter> deadLetters = frames.getSideOutput(ValidateFrames.DEAD_LETTERS)
        .union(perceptions.getSideOutput(InferOnLatents.DEAD_LETTERS));
    deadLetters.sinkTo(sink(config, DeadLetter.class, config.get(DEAD_LETTER_TOPIC),
            d -> d.getTopic() + "/" + d.getPartition() + "/" + d.getOffset(), "dlq",
            config.get(DEAD_LETTER_MAX_ORIGINAL).getBytes() + DeadLetters.ENVELOPE_BYTES))
        .name("fleet.frames.dlq").uid("dead-letter-sink");
  }

  /**
   * Flink settings that come from the job's own configuration (state backend, checkpoint storage). Without a
   * checkpoint directory here or on the cluster, Flink keeps checkpoints in the JobManager's memory, which refuses
   * state over 5 MB: a city's tiles are more than that, so embedded runs pass a directory.
   */
  static Configuration runtimeSettings(MapUpdateConfig config) {
    Configuration flink = new Configuration();
    // Chained operators hand records on without a defensive copy (an Avro deep copy of every frame twice, a Kryo
    // copy of every perception). Safe here: each operator emits objects it made itself and never changes its
    // input; the one that keeps inputs across calls (inference's micro-batch) keeps frames that validation
    // creates anew per record.
    flink.set(PipelineOptions.OBJECT_REUSE, true);
    if (config.isSet(STATE_BACKEND)) { // else the cluster's choice stands (heap when it has none)
      flink.set(StateBackendOptions.STATE_BACKEND, config.get(STATE_BACKEND).name().toLowerCase(java.util.Locale.ROOT));
    }
    if (config.isSet(CHECKPOINT_DIR)) {
      flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.get(CHECKPOINT_DIR));
    }
    return flink;
  }

  /** How the job places perception on the ground; public so that evaluation can place it the same way. */
  public static GeoreferencePolicy georeferencePolicy(MapUpdateConfig config) {
    GeoreferencePolicy d = GeoreferencePolicy.DEFAULTS;
    return new GeoreferencePolicy(config.get(MAX_CELL_RANGE), d.maxLandmarkRange(), config.get(MIN_CELL_CONFIDENCE),
        d.minDetectionScore(), d.footPixelSigma());
  }

  /** How the job fuses observations into tiles; public so that evaluation can fuse the same way. */
  public static FusionPolicy fusionPolicy(MapUpdateConfig config) {
    FusionPolicy d = FusionPolicy.DEFAULTS;
    return new FusionPolicy(config.get(EVIDENCE_DECAY).floatValue(), d.minEvidence(),
        config.get(SWITCH_RATIO).floatValue(), d.gateMahalanobisSquared(), d.maxAssociationMeters(), d.confirmHits(),
        config.get(REMOVE_AFTER_MISSES), config.get(MIN_UNSEEN).toMillis() / 1000.0, d.moveThresholdMeters(),
        d.minPositionVariance());
  }

  private static KafkaSource<RawRecord> framesSource(MapUpdateConfig config) {
    OffsetsInitializer start = switch (config.get(STARTING_OFFSETS)) {
      case EARLIEST -> OffsetsInitializer.earliest();
      case LATEST -> OffsetsInitializer.latest();
      case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
    var builder = KafkaSource.<RawRecord>builder();
    if (config.get(STOP_AT_LATEST)) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder
        .setBootstrapServers(config.get(BOOTSTRAP_SERVERS))
        .setTopics(config.get(FRAMES_TOPIC))
        .setGroupId(config.get(GROUP_ID))
        .setStartingOffsets(start)
        .setDeserializer(new RawRecordDeserializer())
        .setProperty("isolation.level", "read_committed")
        .setProperty("max.partition.fetch.bytes", String.valueOf(config.get(MAX_RECORD_SIZE).getBytes()))
        .build();
  }

  private static <T extends SpecificRecord> KafkaSink<T> sink(MapUpdateConfig config, Class<T> type, String topic,
      SerializableFunction<T, String> key, String name, long maxRequestBytes) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.get(BOOTSTRAP_SERVERS))
        .setRecordSerializer(new AvroRecordSerializer<>(type, topic, key))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.get(TRANSACTIONAL_ID_PREFIX) + "-" + name)
        .setTransactionNamingStrategy(config.get(TRANSACTION_NAMING))
        .setProperty("transaction.timeout.ms", String.valueOf(config.get(TRANSACTION_TIMEOUT).toMillis()))
        .setProperty("max.request.size", String.valueOf(maxRequestBytes))
        .build();
  }
}
