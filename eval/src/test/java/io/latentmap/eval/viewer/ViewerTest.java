package io.latentmap.eval.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import io.latentmap.schemas.TileUpdate;
import io.latentmap.sim.world.City;
import io.latentmap.sim.world.CityGenerator;
import io.latentmap.testkit.KafkaBroker;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer end to end: a real broker holding what the job publishes (records made by the job's own fusion, record
 * builders and serializer from observations of the simulated city), the viewer reading it, and then a change (a
 * tile's next version: cells turned to building, a new traffic sign) published while it runs. Checked once through
 * its HTTP interface and once in headless Chromium, as a user would see it.
 */
class ViewerTest {
  private static final Instant EPOCH = Instant.parse("2026-11-25T08:00:00Z");
  private static final int FIRST_SECOND = 1;
  /** The change comes later than the recent window after the first versions, so only its tile is recent then. */
  private static final int CHANGE_SECOND = 45;
  private static final int CHANGED_SIDE = 24;
  private static final double SIGN_EAST_METERS = 12;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration LONG_POLL = Duration.ofSeconds(2);
  private static final Duration BROWSER_WAIT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SCREENSHOT_WIDTH = 1400;
  private static final int SCREENSHOT_HEIGHT = 800;

  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.create();

  private static City city;
  private static TileScheme scheme;
  private static List<TileId> tiles;

  @BeforeAll
  static void cityAndTiles() {
    city = CityGenerator.generate(1);
    scheme = TileScheme.standard();
    TileId centre = scheme.tileOf(city.frame().toGeo(0, 0, 0));
    tiles = List.of(centre, new TileId(centre.z(), centre.x() + 1, centre.y()),
        new TileId(centre.z(), centre.x(), centre.y() + 1));
  }

  /** The three tiles' first versions published, the viewer started on them; the caller publishes the change. */
  private record Running(ViewerServer viewer, MapFromTruth map, KafkaProducer<byte[], byte[]> producer)
      implements AutoCloseable {
    List<ProducerRecord<byte[], byte[]>> publishChange() throws Exception {
      List<ProducerRecord<byte[], byte[]>> change = map.change(tiles.get(0), CHANGE_SECOND, CHANGED_SIDE,
          SIGN_EAST_METERS);
      send(producer, change);
      return change;
    }

    @Override
    public void close() throws Exception {
      try (producer) {
        viewer.close();
      }
    }
  }

  private static Running start() throws Exception {
    String tilesTopic = KafkaBroker.uniqueTopicName("hdmap.tiles");
    String updatesTopic = KafkaBroker.uniqueTopicName("hdmap.tile-updates");
    KAFKA.createCompactedTopic(tilesTopic, 2);
    KAFKA.createTopic(updatesTopic, 2);
    MapFromTruth map = new MapFromTruth(city, scheme, EPOCH, tilesTopic, updatesTopic);
    KafkaProducer<byte[], byte[]> producer = KAFKA.newProducer();
    for (TileId tile : tiles) {
      send(producer, map.firstVersion(tile, FIRST_SECOND));
    }
    ViewerSettings settings = ViewerSettings.defaults(KAFKA.bootstrapServers()).withPort(0)
        .withTopics(tilesTopic, updatesTopic).withWorld(city.seed(), EPOCH);
    return new Running(ViewerServer.start(settings, city), map, producer);
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    for (ProducerRecord<byte[], byte[]> r : records) {
      producer.send(r).get();
    }
  }

  @Test
  void theApiAndPicturesShowTheTopicsAndThenTheChange() throws Exception {
    try (Running running = start()) {
      URI base = running.viewer().url();
      // Snapshots and updates come on two topics, in either order: wait for both of every tile.
      JsonNode first = awaitMap(base, 0, m -> m.at("/counts/tiles").asInt() == 3
          && everyTile(m, t -> t.get("hasSnapshot").asBoolean() && !t.get("updates").isEmpty()));
      assertThat(first.at("/feed/state").asText()).isEqualTo("reading");
      assertThat(first.at("/city/name").asText()).isEqualTo(city.name());
      for (JsonNode t : first.get("tiles")) {
        assertThat(t.get("version").asLong()).isEqualTo(1);
        assertThat(t.get("updates")).hasSize(1);
        assertThat(t.at("/truth/time").asDouble()).isBetween((double) FIRST_SECOND, FIRST_SECOND + 1.0);
        for (JsonNode l : t.get("landmarks")) {
          assertThat(l.get("u").asDouble()).isBetween(0.0, 1.0);
          assertThat(l.get("v").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(t.get("landmarks").size()).isLessThanOrEqualTo(t.at("/truth/landmarks").size());
      }
      assertThat(first.get("tiles").findValues("landmarks").stream().mapToInt(JsonNode::size).sum()).isPositive();

      // Our picture of a tile is its truth here: every cell was observed as the truth has it.
      String key = tiles.get(0).toString();
      BufferedImage ours = png(base.resolve("tiles/ours/" + key + ".png"));
      BufferedImage truth = png(base.resolve("tiles/truth/" + key + ".png"));
      assertThat(ours.getWidth()).isEqualTo(scheme.cellsPerSide());
      assertThat(pixels(ours)).isEqualTo(pixels(truth));

      List<ProducerRecord<byte[], byte[]>> change = running.publishChange();
      long seen = first.get("sequence").asLong();
      // The update and the snapshot come on two topics, in either order: wait for both.
      JsonNode next = awaitMap(base, seen, m -> !m.get("tiles").isEmpty()
          && m.get("tiles").get(m.get("tiles").size() - 1).get("version").asLong() == 2
          && m.get("tiles").get(m.get("tiles").size() - 1).get("updates").size() == 2);
      assertThat(next.get("tiles")).allMatch(t -> t.get("key").asText().equals(key));
      JsonNode changed = next.get("tiles").get(next.get("tiles").size() - 1);
      TileUpdate update = running.map().lastUpdate(change);
      assertThat(changed.get("updates")).hasSize(2);
      assertThat(changed.at("/updates/1/changedCells").asInt()).isEqualTo(update.getChangedCells().size())
          .isPositive();
      String signId = update.getLandmarksAdded().get(0).getLandmarkId();
      assertThat(changed.at("/updates/1/added/0").asText()).isEqualTo(signId);
      assertThat(next.get("newestEventTime").asLong()).isEqualTo(update.getEventTimeEnd().toEpochMilli());

      int centre = scheme.cellsPerSide() / 2;
      BufferedImage after = png(base.resolve("tiles/ours/" + key + ".png"));
      assertThat(after.getRGB(centre, centre) & 0xFFFFFF)
          .isEqualTo(CityscapesLabels.colorOf(StaticClass.BUILDING.labelId()));
      BufferedImage overlay = png(base.resolve("tiles/changes/" + key + ".png?from="
          + EPOCH.plusSeconds(CHANGE_SECOND).toEpochMilli()));
      int changedCell = update.getChangedCells().get(0).getCellIndex();
      int n = scheme.cellsPerSide();
      assertThat(overlay.getRGB(changedCell % n, changedCell / n)).isEqualTo(TilePictures.CHANGED_CELL_ARGB);
      assertThat(overlay.getRGB(0, 0) >>> 24).as("alpha of an unchanged cell").isZero();
      BufferedImage sinceFirst = png(base.resolve("tiles/changes/" + key + ".png?from=" + EPOCH.toEpochMilli()));
      assertThat(sinceFirst.getRGB(0, 0)).as("a cell first mapped by version 1")
          .isEqualTo(TilePictures.FIRST_SEEN_CELL_ARGB);
      assertThat(sinceFirst.getRGB(changedCell % n, changedCell / n)).isEqualTo(TilePictures.CHANGED_CELL_ARGB);

      assertThat(get(base.resolve("tiles/ours/19/1/1.png")).statusCode()).isEqualTo(404);
      assertThat(get(base.resolve("api/map?since=soon")).statusCode()).isEqualTo(400);
      assertThat(get(base.resolve("no-such-page")).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theBrowserShowsTheTilesAndThenTheChange(@TempDir Path profile) throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require(profile);
    try (Running running = start()) {
      URI page = running.viewer().url();
      String key = tiles.get(0).toString();

      String dom = chromium.awaitDom(page, BROWSER_WAIT, "three tiles at version 1 with both pictures loaded",
          d -> tiles.stream().allMatch(t -> {
            Map<String, String> a = oursTile(d, t.toString());
            return "1".equals(a.get("data-version")) && "1".equals(a.get("data-ours-loaded"))
                && "true".equals(a.get("data-truth-loaded"));
          }));
      assertThat(statusAttribute(dom, "data-tiles")).isEqualTo("3");
      assertThat(statusAttribute(dom, "data-state")).isEqualTo("live");
      assertThat(count(dom, "<circle class=\"landmark ")).isPositive();
      assertThat(count(dom, "<circle class=\"truth-landmark ")).isPositive();
      assertThat(dom).containsPattern("<li data-key=\"" + Pattern.quote(key) + "\" data-version=\"1\"");

      List<ProducerRecord<byte[], byte[]>> change = running.publishChange();
      String signId = running.map().lastUpdate(change).getLandmarksAdded().get(0).getLandmarkId();
      dom = chromium.awaitDom(page, BROWSER_WAIT, "tile " + key + " at version 2 with its change highlighted",
          d -> "2".equals(oursTile(d, key).get("data-version")) && "2".equals(oursTile(d, key).get("data-ours-loaded")));
      assertThat(oursTile(dom, key).get("class")).contains("recent");
      for (TileId other : tiles.subList(1, tiles.size())) {
        assertThat(oursTile(dom, other.toString()).get("class")).as("class of %s", other).doesNotContain("recent");
      }
      assertThat(dom).containsPattern("<circle class=\"landmark TRAFFIC_SIGN new\"[^>]*data-id=\""
          + Pattern.quote(signId) + "\"");
      assertThat(dom).containsPattern("<img class=\"changes\"[^>]*src=\"tiles/changes/" + Pattern.quote(key));
      assertThat(dom).containsPattern("<li data-key=\"" + Pattern.quote(key) + "\" data-version=\"2\" class=\"recent");
      // What it looked like, for whoever reads a failure or reviews the page.
      Path screenshot = Path.of("target", "viewer-test.png");
      chromium.screenshot(page, screenshot, SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT);
      assertThat(ImageIO.read(screenshot.toFile()).getWidth()).isEqualTo(SCREENSHOT_WIDTH);
    }
  }

  /** The attributes of a tile element in our map's pane (the first of the two panes in the page). */
  private static Map<String, String> oursTile(String dom, String key) {
    Matcher tag = Pattern.compile("<div class=\"(tile[^\"]*)\" data-key=\"" + Pattern.quote(key) + "\"([^>]*)>")
        .matcher(dom);
    Map<String, String> attributes = new LinkedHashMap<>();
    if (tag.find()) {
      attributes.put("class", tag.group(1));
      Matcher a = Pattern.compile("([\\w-]+)=\"([^\"]*)\"").matcher(tag.group(2));
      while (a.find()) {
        attributes.put(a.group(1), a.group(2));
      }
    }
    return attributes;
  }

  private static String statusAttribute(String dom, String name) {
    Matcher m = Pattern.compile("<span id=\"status\"[^>]*\\b" + name + "=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : null;
  }

  private static int count(String dom, String text) {
    int n = 0;
    for (int i = dom.indexOf(text); i >= 0; i = dom.indexOf(text, i + 1)) {
      n++;
    }
    return n;
  }

  /** Asks for the map since {@code since} until the answer satisfies {@code condition}; each ask is one request. */
  private static JsonNode awaitMap(URI base, long since, Predicate<JsonNode> condition) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    URI ask = base.resolve("api/map?since=" + since + "&wait=" + LONG_POLL.toMillis());
    JsonNode map = JSON.readTree(get(ask).body());
    while (!condition.test(map)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the viewer's map did not get there within " + WAIT + ": " + map);
      }
      // Each ask waits in the viewer until its map changes (or the long poll ends).
      map = JSON.readTree(get(ask).body());
    }
    return map;
  }

  private static boolean everyTile(JsonNode map, Predicate<JsonNode> condition) {
    List<JsonNode> all = new ArrayList<>();
    map.get("tiles").forEach(all::add);
    return !all.isEmpty() && all.stream().allMatch(condition);
  }

  private static HttpResponse<byte[]> get(URI uri) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static BufferedImage png(URI uri) throws Exception {
    HttpResponse<byte[]> response = get(uri);
    assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
    return ImageIO.read(new ByteArrayInputStream(response.body()));
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
