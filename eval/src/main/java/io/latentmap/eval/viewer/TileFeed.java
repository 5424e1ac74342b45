package io.latentmap.eval.viewer;

import io.latentmap.schemas.wire.AvroWire;
import io.latentmap.schemas.wire.WireFormatException;
import io.latentmap.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the job's snapshots and updates into a {@link TileStore}, from the beginning of both topics and then as they
 * come, seeing committed records only ({@code read_committed}, as any exactly-once reader must). It uses no consumer
 * group: every viewer reads everything. Topics that do not exist yet are looked for again until they do.
 */
final class TileFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TileFeed.class);
  /** Longest wait of one poll; also how soon a close is noticed. */
  private static final Duration POLL = Duration.ofMillis(500);
  /** How often topics (or partitions) not yet read are looked for. */
  private static final Duration TOPIC_RECHECK = Duration.ofSeconds(2);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

  private final String tilesTopic;
  private final String updatesTopic;
  private final TileStore store;
  private final Map<String, Object> consumerConfig;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicLong badRecords = new AtomicLong();
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile String state = "connecting";

  TileFeed(ViewerSettings settings, TileStore store) {
    this.tilesTopic = settings.tilesTopic();
    this.updatesTopic = settings.updatesTopic();
    this.store = store;
    Map<String, Object> config = new HashMap<>(TopicReader.readCommittedConsumerConfig(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
        ConsumerConfig.CLIENT_ID_CONFIG, "latentmap-viewer")));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumerConfig = Map.copyOf(config);
    this.thread = new Thread(this::run, "viewer-feed");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** What the feed is doing, for the page's status line. */
  String state() {
    return state;
  }

  /** Records that were not valid MapTile / TileUpdate wire format (skipped). */
  long badRecords() {
    return badRecords.get();
  }

  private void run() {
    AvroWire<io.latentmap.schemas.MapTile> tiles = AvroWire.mapTiles();
    AvroWire<io.latentmap.schemas.TileUpdate> updates = AvroWire.tileUpdates();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig)) {
      consumer = c;
      Set<TopicPartition> assigned = new HashSet<>();
      long nextCheck = 0;
      while (closing.getCount() > 0) {
        if (System.nanoTime() >= nextCheck) {
          assign(c, assigned);
          nextCheck = System.nanoTime() + TOPIC_RECHECK.toNanos();
        }
        if (assigned.isEmpty()) {
          // Nothing to poll yet: wait for the next look, or for close.
          closing.await(TOPIC_RECHECK.toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
          try {
            if (r.topic().equals(tilesTopic)) {
              store.accept(tiles.decode(r.value()));
            } else {
              store.accept(updates.decode(r.value()));
            }
          } catch (WireFormatException | RuntimeException e) {
            badRecords.incrementAndGet();
            LOG.warn("skipped a record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
          }
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      state = "failed: " + e.getMessage();
      LOG.error("viewer feed stopped", e);
    }
  }

  /** Adds the partitions of both topics not read yet, each from its beginning. */
  private void assign(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
    List<String> missing = new ArrayList<>();
    List<TopicPartition> added = new ArrayList<>();
    for (String topic : List.of(tilesTopic, updatesTopic)) {
      try {
        List<PartitionInfo> partitions = c.partitionsFor(topic, METADATA_TIMEOUT);
        if (partitions == null || partitions.isEmpty()) {
          missing.add(topic);
          continue;
        }
        for (PartitionInfo p : partitions) {
          TopicPartition tp = new TopicPartition(p.topic(), p.partition());
          if (assigned.add(tp)) {
            added.add(tp);
          }
        }
      } catch (WakeupException e) {
        throw e;
      } catch (KafkaException e) {
        state = "broker not answering: " + e.getMessage();
        return;
      }
    }
    if (!added.isEmpty()) {
      c.assign(assigned);
      c.seekToBeginning(added);
    }
    state = missing.isEmpty() ? "reading" : "waiting for topic " + String.join(", ", missing);
  }

  @Override
  public void close() throws InterruptedException {
    closing.countDown();
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    thread.join(Duration.ofSeconds(10).toMillis());
  }
}
