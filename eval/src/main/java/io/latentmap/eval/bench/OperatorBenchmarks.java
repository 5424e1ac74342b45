package io.latentmap.eval.bench;

import io.latentmap.map.fusion.TileObservation;
import io.latentmap.map.tile.TileId;
import io.latentmap.operators.infer.Detection;
import io.latentmap.operators.infer.HeadOutputs;
import io.latentmap.operators.validate.Rejection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH throughput of the job's per-frame work outside ONNX Runtime: softmax/argmax of the segmentation logits,
 * CenterNet peak decoding, frame validation before a record can become a dead letter, placing a frame's cells and
 * landmarks on the map tiles, and folding them into tile state.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OperatorBenchmarks {
  static final long SEED = 20261126L;

  @State(Scope.Benchmark)
  public static class Work {
    OperatorWorkload workload;

    @Setup
    public void setUp() {
      workload = OperatorWorkload.create(SEED);
    }
  }

  @Benchmark
  public HeadOutputs.Segmentation segmentation(Work w) {
    return HeadOutputs.segmentation(w.workload.logits, 0, w.workload.segmentationTrainIds);
  }

  @Benchmark
  public List<Detection> detections(Work w) {
    return w.workload.centerNet();
  }

  @Benchmark
  public Optional<Rejection> validate(Work w) {
    return w.workload.validator.check(w.workload.frame, w.workload.nowMicros);
  }

  @Benchmark
  public Map<TileId, TileObservation> georeference(Work w) {
    return w.workload.georeferencer.place(w.workload.view, w.workload.segmentation, w.workload.landmarks);
  }

  @Benchmark
  public int aggregate(Work w) {
    return w.workload.aggregate();
  }
}
