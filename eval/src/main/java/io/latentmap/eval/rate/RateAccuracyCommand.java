package io.latentmap.eval.rate;

import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.eval.embedded.Embedded;
import io.latentmap.operators.infer.LatentPerceiver;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./latentmap eval rate-accuracy}: bits and accuracy of the deployed path on held-out frames, beside the
 * training report's figures for the same frames, with the goals of issues 4 and 7 as pass/fail lines.
 */
@Command(name = "rate-accuracy", mixinStandardHelpOptions = true,
    description = "bpp vs mIoU / mAP@0.5 of heads on latents, decode-then-infer, RGB and JPEG, on held-out frames.")
public final class RateAccuracyCommand implements Callable<Integer> {

  @Option(names = "--seed", defaultValue = "9",
      description = "Held-out city seed, rendered when --data is not given (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Output folder: rate_accuracy.csv/.md/.png, summary.json.")
  Path out;

  @Option(names = "--bundle", description = "Model bundle; repeat for several (default: models/latent-scalable, "
      + "else the codec's fixture bundle).")
  List<Path> bundles = new ArrayList<>();

  @Option(names = "--data", description = "Cityscapes-layout folder to take the frames from (default: render city --seed).")
  Path data;

  @Option(names = "--split", defaultValue = "val", description = "Split of --data (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--frames", defaultValue = "100",
      description = "Frames: the first N of the split in name order, as the training report (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--render-frames",
      description = "Without --data: frames exported before the first --frames are taken (default: --frames; "
          + "150 gives the frames of `sim export --seed 9 --frames 150`, the training report's).")
  Integer renderFrames;

  @Option(names = "--jpeg-qualities", split = ",",
      description = "JPEG quality ladder (default: the one in the bundle's training config, else 1,3,5,10,20,30,50,70,90).")
  List<Integer> jpegQualities;

  @Option(names = "--detection-threshold",
      description = "Smallest heatmap peak kept as a detection (default: the training report's, else 0.05).")
  Float detectionThreshold;

  @Option(names = "--detection-top-k", description = "Detections kept per frame (default: the report's, else 100).")
  Integer detectionTopK;

  @Option(names = "--threads", defaultValue = "2", description = "Frames evaluated at once (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--cityscapes-results",
      description = "Also write heads-on-latent predictions here in the Cityscapes results format "
          + "(<bundle>/layers-<n>/<city>_<seq>_<frame>_leftImg8bit_labelIds.png).")
  Path cityscapesResults;

  PrintStream stdout = System.out;
  PrintStream stderr = System.err;

  @Override
  public Integer call() throws Exception {
    List<Path> chosen = new ArrayList<>(bundles);
    Path scratch = null;
    if (chosen.isEmpty()) {
      Path shipped = Embedded.chosenOrShipped(null);
      chosen.add(shipped != null ? shipped : Embedded.fixtureBundle(seed));
    }
    try {
      HeldOutFrames held;
      String source;
      if (data != null) {
        held = HeldOutFrames.fromFolder(data, split, frames);
        source = data + " split " + split;
      } else {
        scratch = Files.createTempDirectory("latentmap-eval-frames");
        held = HeldOutFrames.rendered(seed, renderFrames != null ? renderFrames : frames, frames, split, threads,
            scratch, stderr);
        source = "city seed " + seed + " rendered by the simulator";
      }
      List<RateAccuracyReport.BundleResult> results = new ArrayList<>();
      for (Path dir : chosen) {
        ModelBundle bundle = ModelBundle.load(dir);
        ReportMetrics report = ReportMetrics.of(bundle);
        if (report.validationFrames() > 0 && report.validationFrames() != held.size()) {
          stderr.println("note: the training report of " + bundle.id() + " evaluated " + report.validationFrames()
              + " frames, this run " + held.size() + ": its figures are not on the same frames");
        }
        RateAccuracy.Settings settings = new RateAccuracy.Settings(
            jpegQualities != null ? jpegQualities : report.jpegQualities(),
            new LatentPerceiver.DetectionSettings(
                detectionThreshold != null ? detectionThreshold : report.detectionThreshold(),
                detectionTopK != null ? detectionTopK : report.detectionTopK()),
            threads, cityscapesResults);
        RateAccuracy run = new RateAccuracy(bundle, settings, stderr);
        if (!run.hasRgbBaselines()) {
          stderr.println("bundle " + bundle.id() + " has no rgb_decoder/rgb_baseline: heads on latents only");
        }
        results.add(new RateAccuracyReport.BundleResult(bundle.id(), run.run(held), report,
            DetectionClasses.of(bundle).classes().stream().map(DetectionClasses.DetectionClass::name).toList()));
      }
      RateAccuracyReport report = new RateAccuracyReport(results, held.size(), source);
      report.write(out);
      report.figures().forEach(f -> f.printTo(stdout));
      stderr.println("wrote " + out.resolve("rate_accuracy.csv") + ", rate_accuracy.md, rate_accuracy.png, summary.json");
      return 0;
    } finally {
      if (scratch != null) {
        HeldOutFrames.deleteTree(scratch);
      }
    }
  }
}
