package io.latentmap.sim.producer;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs work items on a fixed pool of threads and hands the results back on the caller's thread in the order the
 * items came in, with at most {@code window} items in flight. Order of results, not of execution, is what makes
 * the producer's output independent of the thread count.
 */
final class OrderedWorkPool implements AutoCloseable {

  /** One unit of work; may throw anything, which the caller gets back as a {@link ProducerException}. */
  @FunctionalInterface
  interface Work<T, R> {
    R apply(T item) throws Exception;
  }

  /** Receives results in input order. */
  @FunctionalInterface
  interface ResultHandler<R> {
    void accept(R result) throws Exception;
  }

  private final ExecutorService pool;
  private final int window;

  OrderedWorkPool(int threads, int window, String threadName) {
    if (threads < 1 || threads > ProducerSettings.MAX_THREADS) {
      throw new IllegalArgumentException("threads outside 1.." + ProducerSettings.MAX_THREADS + ": " + threads);
    }
    if (window < threads) {
      throw new IllegalArgumentException("window " + window + " smaller than the thread count " + threads);
    }
    this.pool = Executors.newFixedThreadPool(threads, namedDaemons(threadName));
    this.window = window;
  }

  /** Applies {@code work} to every item and gives each result to {@code handler}, in item order. */
  <T, R> void run(Iterator<T> items, Work<T, R> work, ResultHandler<R> handler) {
    ArrayDeque<Future<R>> inFlight = new ArrayDeque<>();
    try {
      while (items.hasNext() || !inFlight.isEmpty()) {
        while (items.hasNext() && inFlight.size() < window) {
          T item = items.next();
          inFlight.add(pool.submit(() -> work.apply(item)));
        }
        handler.accept(await(inFlight.poll()));
      }
    } catch (ProducerException e) {
      throw e;
    } catch (Exception e) {
      throw new ProducerException("handling a produced frame failed: " + e.getMessage(), e);
    } finally {
      inFlight.forEach(f -> f.cancel(true));
    }
  }

  private static <R> R await(Future<R> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProducerException("interrupted while waiting for a frame", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ProducerException p) {
        throw p;
      }
      throw new ProducerException("producing a frame failed: " + cause, cause);
    }
  }

  private static ThreadFactory namedDaemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
