package io.latentmap.eval.viewer;

import java.time.Duration;
import java.time.Instant;

/**
 * How the viewer runs: where it reads the job's output, where it listens, and which simulated world it shows as
 * ground truth.
 *
 * @param port TCP port of the page; 0 picks a free one
 * @param zoom the map's tile zoom (the job's {@code map.zoom}); tiles of other zooms are counted, not shown
 * @param citySeed the simulated city whose ground truth is shown beside the map
 * @param epoch capture time of simulation time 0 (the fleet's {@code --epoch}); when known, each tile's truth is
 *     the world at the moment its newest evidence was captured; when null, the world at {@code truthTime}
 * @param truthTime simulation seconds of the truth when no epoch is given
 * @param recentWindow updates whose evidence is at most this much older than the newest evidence are "recent"
 */
public record ViewerSettings(String bootstrapServers, String bindAddress, int port, String tilesTopic,
    String updatesTopic, int zoom, long citySeed, Instant epoch, double truthTime, Duration recentWindow) {

  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_PORT = 8088;
  public static final String DEFAULT_TILES_TOPIC = "hdmap.tiles";
  public static final String DEFAULT_UPDATES_TOPIC = "hdmap.tile-updates";
  public static final int DEFAULT_ZOOM = 19;
  public static final long DEFAULT_CITY_SEED = 1;
  public static final Duration DEFAULT_RECENT_WINDOW = Duration.ofSeconds(30);
  private static final int MAX_PORT = 65_535;

  public ViewerSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are required (HOST:PORT)");
    }
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException("port outside 0.." + MAX_PORT + ": " + port);
    }
    if (tilesTopic.isBlank() || updatesTopic.isBlank()) {
      throw new IllegalArgumentException("topic names must not be blank");
    }
    if (zoom < 0 || zoom > io.latentmap.map.tile.TileId.MAX_ZOOM) {
      throw new IllegalArgumentException("zoom outside 0.." + io.latentmap.map.tile.TileId.MAX_ZOOM + ": " + zoom);
    }
    if (!(truthTime >= 0)) {
      throw new IllegalArgumentException("truth time must be >= 0 s: " + truthTime);
    }
    if (recentWindow.isNegative() || recentWindow.isZero()) {
      throw new IllegalArgumentException("recent window must be positive: " + recentWindow);
    }
  }

  /** Defaults for everything but the broker. */
  public static ViewerSettings defaults(String bootstrapServers) {
    return new ViewerSettings(bootstrapServers, DEFAULT_BIND_ADDRESS, DEFAULT_PORT, DEFAULT_TILES_TOPIC,
        DEFAULT_UPDATES_TOPIC, DEFAULT_ZOOM, DEFAULT_CITY_SEED, null, 0, DEFAULT_RECENT_WINDOW);
  }

  public ViewerSettings withPort(int newPort) {
    return new ViewerSettings(bootstrapServers, bindAddress, newPort, tilesTopic, updatesTopic, zoom, citySeed, epoch,
        truthTime, recentWindow);
  }

  public ViewerSettings withTopics(String tiles, String updates) {
    return new ViewerSettings(bootstrapServers, bindAddress, port, tiles, updates, zoom, citySeed, epoch, truthTime,
        recentWindow);
  }

  public ViewerSettings withWorld(long seed, Instant newEpoch) {
    return new ViewerSettings(bootstrapServers, bindAddress, port, tilesTopic, updatesTopic, zoom, seed, newEpoch,
        truthTime, recentWindow);
  }
}
