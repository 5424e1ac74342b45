package io.latentmap.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates topics and returns only once every partition has a leader.
 *
 * <p>Producing into a partition whose leader is not yet in place is not just slow: an idempotent producer's first
 * batch can be refused with NOT_LEADER_OR_FOLLOWER while its next, pipelined batch is accepted and, the producer
 * being unknown to the partition, fixes the sequence there; the first batch then fails its retries with
 * OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout drops it. Seen here with the in-process broker, even
 * after the metadata named a leader: the broker publishes the leader in its metadata before its replica manager
 * acts as one. So readiness is the leader answering a ListOffsets request, which it serves only as the leader.
 */
public final class Topics {
  private static final long LEADER_POLL_MILLIS = 10;

  private Topics() {}

  /** Creates {@code topics} and waits until each of their partitions has a leader, all within {@code timeout}. */
  public static void createAndAwaitLeaders(Admin admin, Collection<NewTopic> topics, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    try {
      admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      for (NewTopic topic : topics) {
        awaitLeaders(admin, topic.name(), deadline);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics " + names(topics) + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TimeoutException("creating topics " + names(topics) + " took longer than " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + names(topics), e);
    }
  }

  /** Creates topics on the broker at {@code bootstrapServers}; see {@link #createAndAwaitLeaders(Admin, Collection, Duration)}. */
  public static void createAndAwaitLeaders(String bootstrapServers, Collection<NewTopic> topics, Duration timeout) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      createAndAwaitLeaders(admin, topics, timeout);
    }
  }

  static void awaitLeaders(Admin admin, String topic, Instant deadline)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    while (true) {
      try {
        long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
            .get(left, TimeUnit.MILLISECONDS).get(topic);
        if (!description.partitions().isEmpty()
            && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
          description.partitions().forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
          // The admin client retries NOT_LEADER_OR_FOLLOWER itself, until the leader answers or the deadline.
          admin.listOffsets(ends).all().get(left, TimeUnit.MILLISECONDS);
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new TimeoutException("partitions of " + topic + " got no leader by " + deadline);
      }
      TimeUnit.MILLISECONDS.sleep(LEADER_POLL_MILLIS);
    }
  }

  private static List<String> names(Collection<NewTopic> topics) {
    return topics.stream().map(NewTopic::name).toList();
  }
}
