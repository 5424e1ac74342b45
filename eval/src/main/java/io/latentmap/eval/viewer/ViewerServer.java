package io.latentmap.eval.viewer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.sim.world.City;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer: a page (plain HTML, CSS and JavaScript, nothing fetched from elsewhere) served by the JDK's HTTP
 * server, with the map it shows read from the job's output topics into memory.
 *
 * <pre>
 * GET /                                  the page
 * GET /api/map?since=SEQ[&amp;wait=MS]       tiles changed after SEQ, with counters (JSON, see {@link MapJson});
 *                                        with wait, the answer waits up to MS for a change (at most 30 s)
 * GET /tiles/ours/Z/X/Y.png              our tile's class raster (Cityscapes colours, black = never observed)
 * GET /tiles/truth/Z/X/Y.png             the simulated world's truth at the moment of our tile's evidence
 * GET /tiles/changes/Z/X/Y.png?from=MS   cells changed by updates whose evidence ends at or after MS (epoch ms)
 * GET /healthz                           "ok"
 * </pre>
 */
public final class ViewerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ViewerServer.class);
  private static final String RESOURCES = "/io/latentmap/eval/viewer/";
  private static final Map<String, String> PAGE_FILES = Map.of(
      "/", "index.html", "/index.html", "index.html", "/viewer.js", "viewer.js", "/viewer.css", "viewer.css");
  private static final Pattern TILE_PATH = Pattern.compile("/tiles/(ours|truth|changes)/(\\d+)/(\\d+)/(\\d+)\\.png");
  /** Longest wait of a long poll, so a forgotten client does not hold a handler thread for long. */
  private static final long MAX_WAIT_MILLIS = 30_000;
  /** Handler threads: the page loads a handful of pictures at once. */
  private static final int THREADS = 4;

  private final ViewerSettings settings;
  private final TileStore store;
  private final TileFeed feed;
  private final GroundTruth truth;
  private final TilePictures pictures = new TilePictures();
  private final MapJson json;
  private final HttpServer http;
  private final ExecutorService executor;

  private ViewerServer(ViewerSettings settings, City city) throws IOException {
    this.settings = settings;
    TileScheme scheme = new TileScheme(settings.zoom(), TileScheme.DEFAULT_CELLS_PER_SIDE);
    this.store = new TileStore(settings.zoom());
    this.truth = new GroundTruth(city, scheme, settings.epoch(), settings.truthTime());
    this.json = new MapJson(settings, scheme, truth);
    this.feed = new TileFeed(settings, store);
    this.http = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 0);
    this.executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "viewer-http");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(executor);
    http.createContext("/", this::handle);
  }

  /**
   * Starts reading the topics and serving the page.
   *
   * @param city the simulated city the fleet drives in (its ground truth is shown beside our map)
   * @throws IOException when the port cannot be bound
   */
  public static ViewerServer start(ViewerSettings settings, City city) throws IOException {
    ViewerServer server = new ViewerServer(settings, city);
    server.feed.start();
    server.http.start();
    return server;
  }

  /** Where the page is, e.g. {@code http://127.0.0.1:8088/}. */
  public URI url() {
    return URI.create("http://" + settings.bindAddress() + ":" + http.getAddress().getPort() + "/");
  }

  TileStore store() {
    return store;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain", "only GET\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String page = PAGE_FILES.get(path);
      if (page != null) {
        send(exchange, 200, contentType(page), resource(page));
      } else if (path.equals("/api/map")) {
        long since = longParameter(exchange, "since", 0);
        long wait = Math.min(MAX_WAIT_MILLIS, Math.max(0, longParameter(exchange, "wait", 0)));
        TileStore.Changes changes;
        try {
          changes = store.since(since, java.time.Duration.ofMillis(wait));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          send(exchange, 503, "text/plain", "viewer stopping\n".getBytes(StandardCharsets.UTF_8));
          return;
        }
        send(exchange, 200, "application/json", json.render(changes, feed.state(), feed.badRecords()));
      } else if (path.equals("/healthz")) {
        send(exchange, 200, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8));
      } else {
        Matcher tile = TILE_PATH.matcher(path);
        if (tile.matches()) {
          tile(exchange, tile);
        } else {
          send(exchange, 404, "text/plain", ("no such page: " + path + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IllegalArgumentException e) {
      send(exchange, 400, "text/plain", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      LOG.warn("viewer request {} failed", exchange.getRequestURI(), e);
      throw e;
    } finally {
      exchange.close();
    }
  }

  private void tile(HttpExchange exchange, Matcher m) throws IOException {
    int z = Integer.parseInt(m.group(2));
    int x = Integer.parseInt(m.group(3));
    int y = Integer.parseInt(m.group(4));
    Optional<TileView> found = store.get(TileStore.key(z, x, y));
    if (found.isEmpty() || found.get().snapshot() == null) {
      send(exchange, 404, "text/plain", ("no snapshot of tile " + z + "/" + x + "/" + y + " yet\n")
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    TileView view = found.get();
    byte[] png = switch (m.group(1)) {
      case "ours" -> pictures.ours(view);
      case "truth" -> truth.picture(new TileId(z, x, y), truth.timeOf(view.newestEventTime()));
      default -> pictures.changes(view, Instant.ofEpochMilli(longParameter(exchange, "from", 0)),
          view.snapshot().getRasterSize());
    };
    send(exchange, 200, "image/png", png);
  }

  private static long longParameter(HttpExchange exchange, String name, long fallback) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return fallback;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        String value = pair.substring(name.length() + 1);
        try {
          return Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " must be a whole number: " + value);
        }
      }
    }
    return fallback;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ViewerServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("viewer resource missing from the jar: " + RESOURCES + name);
      }
      return in.readAllBytes();
    }
  }

  private static String contentType(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    return file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // The page asks again for whatever changed; versioned picture URLs make every change a new URL anyway.
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    http.stop(0);
    executor.shutdownNow();
    feed.close();
  }
}
