package io.latentmap.operators.tile;

import io.latentmap.map.fusion.FusionPolicy;
import io.latentmap.map.fusion.TileDelta;
import io.latentmap.map.fusion.TileFrame;
import io.latentmap.map.fusion.TileState;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.MapTile;
import io.latentmap.schemas.TileUpdate;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The map itself: per tile, keyed state that folds every observation in (cell evidence, landmark fusion) and, at
 * most once per publish interval of event time, emits the tile's next version as a {@link TileUpdate} delta plus the
 * full {@link MapTile} snapshot on {@link #SNAPSHOTS}. Observations that change nothing publish nothing.
 *
 * <p>Publication is driven by event-time timers aligned to the interval, so a tile touched by many frames in one
 * interval gets one coalesced update, and a replay from a checkpoint emits the same versions.
 */
public final class AggregateTiles extends KeyedProcessFunction<TileId, TiledObservation, TileUpdate> {
  private static final long serialVersionUID = 1L;
  private static final int LATENCY_WINDOW = 10_000;

  public static final OutputTag<MapTile> SNAPSHOTS = new OutputTag<>("tile-snapshots") {};

  private final int zoom;
  private final int cellsPerSide;
  private final FusionPolicy policy;
  private final long publishIntervalMillis;

  private transient ValueState<TileState> tiles;
  private transient TileScheme scheme;
  private transient Counter tilesUpdated;
  private transient Histogram captureToPublishMillis;

  public AggregateTiles(int zoom, int cellsPerSide, FusionPolicy policy, Duration publishInterval) {
    if (publishInterval.toMillis() < 1) {
      throw new IllegalArgumentException("publish interval must be >= 1 ms");
    }
    this.cellsPerSide = cellsPerSide;
    this.policy = policy;
    this.publishIntervalMillis = publishInterval.toMillis();
    this.zoom = zoom;
  }

  @Override
  public void open(OpenContext openContext) {
    tiles = getRuntimeContext().getState(new ValueStateDescriptor<>("tile", TileStateSerializer.INSTANCE));
    scheme = new TileScheme(zoom, cellsPerSide);
    tilesUpdated = getRuntimeContext().getMetricGroup().counter("tilesUpdated");
    captureToPublishMillis = getRuntimeContext().getMetricGroup()
        .histogram("captureToPublishMillis", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
  }

  @Override
  public void processElement(TiledObservation element, Context ctx, Collector<TileUpdate> out) throws Exception {
    TileState state = tiles.value();
    if (state == null) {
      state = new TileState(element.tile(), cellsPerSide);
    }
    state.apply(element.observation(), policy);
    tiles.update(state);
    long eventTime = Math.max(ctx.timestamp() == null ? Long.MIN_VALUE : ctx.timestamp(),
        ctx.timerService().currentWatermark());
    ctx.timerService().registerEventTimeTimer(nextPublication(eventTime));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TileUpdate> out) throws Exception {
    TileState state = tiles.value();
    if (state == null) {
      return;
    }
    Optional<TileDelta> delta = state.publish();
    tiles.update(state);
    if (delta.isEmpty()) {
      return;
    }
    TileFrame frame = new TileFrame(scheme, state.tile());
    out.collect(TileRecords.update(delta.get(), frame));
    ctx.output(SNAPSHOTS, TileRecords.snapshot(state, frame));
    tilesUpdated.inc();
    captureToPublishMillis.update(
        ctx.timerService().currentProcessingTime() - delta.get().lastCaptureMicros() / 1000);
  }

  /** The end of the publish interval after {@code eventTime}; equal for all times within one interval. */
  long nextPublication(long eventTime) {
    return Math.floorDiv(eventTime, publishIntervalMillis) * publishIntervalMillis + publishIntervalMillis;
  }
}
