package io.latentmap.eval.job;

import io.latentmap.jobs.MapUpdateJob;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./latentmap job [flags]}: runs {@link MapUpdateJob} in this JVM on a local Flink runtime against any Kafka
 * (the flags are the job's own; {@code --help} lists them). On a real cluster, submit
 * {@code jobs/target/latentmap-job.jar} instead (local-cluster/submit.sh, k8s/flink).
 */
@Command(name = "job", description = "Runs the map-update job locally against a Kafka cluster; flags as"
    + " `./latentmap job --help` lists them (also settable as LATENTMAP_* environment variables or --config FILE).")
public final class JobCommand implements Callable<Integer> {
  /** Everything after {@code job} goes to the job untouched, {@code --help} included. */
  @Unmatched
  List<String> jobArgs = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    MapUpdateJob.main(jobArgs.toArray(String[]::new));
    return 0;
  }
}
