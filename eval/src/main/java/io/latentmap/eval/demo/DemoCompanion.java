package io.latentmap.eval.demo;

import io.latentmap.eval.embedded.JobTopics;
import io.latentmap.sim.world.City;
import java.time.Instant;

/** Something that runs beside the demo on its broker, such as the viewer: told when it may start and when it is over. */
public interface DemoCompanion {
  /**
   * The broker is up and the job's topics exist; nothing has been produced yet.
   *
   * @param epoch the capture time of the fleet's simulation time 0
   */
  void brokerReady(String bootstrapServers, JobTopics topics, City city, Instant epoch) throws Exception;

  /** The run is over, scored and written out ({@code figures}: its summary table); the broker stops on return. */
  void runFinished(String figures) throws Exception;
}
