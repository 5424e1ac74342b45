package io.latentmap.sim.producer;

/**
 * Hears about every frame slot as it is handed to the sink, on the producer's sending thread and in send order:
 * a progress bar, or an evaluator keeping the true pose of each sent frame by its id.
 */
@FunctionalInterface
public interface ProduceListener {

  ProduceListener NONE = outcome -> {};

  void onFrame(FrameOutcome outcome);
}
