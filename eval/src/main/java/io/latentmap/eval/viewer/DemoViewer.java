package io.latentmap.eval.viewer;

import io.latentmap.eval.demo.DemoCompanion;
import io.latentmap.eval.embedded.JobTopics;
import io.latentmap.sim.world.City;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The viewer beside {@code ./latentmap demo --viewer}: it starts on the demo's broker before the fleet does, so the
 * map fills in while the job runs, and stays up after the summary until Ctrl-C. The demo's broker lives in the same
 * JVM, so Ctrl-C waits for it to close (and remove its files) before the JVM exits.
 */
public final class DemoViewer implements DemoCompanion, AutoCloseable {
  /** Longest wait of the Ctrl-C hook for the demo to close its broker. */
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final int port;
  private final Consumer<String> report;
  private final PrintStream err;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private ViewerServer server;

  /**
   * @param report prints the demo's summary table (the viewer keeps the demo running after it)
   */
  public DemoViewer(int port, Consumer<String> report, PrintStream err) {
    this.port = port;
    this.report = report;
    this.err = err;
  }

  @Override
  public void brokerReady(String bootstrapServers, JobTopics topics, City city, Instant epoch) throws Exception {
    ViewerSettings settings = ViewerSettings.defaults(bootstrapServers).withPort(port)
        .withTopics(topics.tiles(), topics.tileUpdates()).withWorld(city.seed(), epoch);
    server = ViewerServer.start(settings, city);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        closed.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "demo-viewer-stop"));
    err.println("viewer: " + server.url() + " (the map fills in as the job publishes)");
  }

  @Override
  public void runFinished(String figures) throws InterruptedException {
    report.accept(figures);
    err.println("viewer: " + server.url() + " stays up with the demo's broker; Ctrl-C stops both");
    stop.await();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      closed.countDown();
    }
  }
}
