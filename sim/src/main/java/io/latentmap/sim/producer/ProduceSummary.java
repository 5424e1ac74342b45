package io.latentmap.sim.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one producer run did.
 *
 * @param framesRendered frames rendered (or read) and encoded
 * @param framesSent frames published (at least layer 0)
 * @param framesNotSent frame slots with nothing published: the link was down or not even layer 0 fitted
 * @param bytesSent layer bytes published (headers and CRC of the layer messages included, Avro envelope not)
 * @param layersSentHistogram entry k = frames published with exactly k layers (entry 0 = not sent)
 * @param pixelsPerFrame the bundle's input height x width, for bits per pixel
 * @param seconds wall-clock time of the run
 * @param pixelSeconds worker CPU time spent rendering (or reading) frames, summed over threads
 * @param encodeSeconds worker CPU time spent in the edge encoder and entropy coder, summed over threads
 */
public record ProduceSummary(long framesRendered, long framesSent, long framesNotSent, long bytesSent,
    long[] layersSentHistogram, long pixelsPerFrame, double seconds, double pixelSeconds, double encodeSeconds) {

  public ProduceSummary {
    layersSentHistogram = layersSentHistogram.clone();
  }

  @Override
  public long[] layersSentHistogram() {
    return layersSentHistogram.clone();
  }

  /** Mean bits per input pixel over the frames sent (docs/formats.md 4.4); 0 when none was sent. */
  public double meanBitsPerPixel() {
    return framesSent == 0 ? 0 : 8.0 * bytesSent / ((double) pixelsPerFrame * framesSent);
  }

  /** Frames rendered, encoded and handed to the sink per wall-clock second. */
  public double framesPerSecond() {
    return seconds > 0 ? framesRendered / seconds : 0;
  }

  /**
   * Frames one core renders and encodes per second of its CPU time: the capacity figure that holds on a shared
   * machine, where wall-clock throughput depends on what else runs.
   */
  public double framesPerCpuSecond() {
    double cpu = pixelSeconds + encodeSeconds;
    return cpu > 0 ? framesRendered / cpu : 0;
  }

  /** Worker CPU milliseconds per rendered frame: where the time goes. */
  private double perFrameMillis(double workerSeconds) {
    return framesRendered == 0 ? 0 : 1000 * workerSeconds / framesRendered;
  }

  /** The run's figures as {@code name value unit} lines. */
  public List<String> figureLines() {
    List<String> lines = new ArrayList<>();
    lines.add("frames.rendered " + framesRendered + " frames");
    lines.add("frames.sent " + framesSent + " frames");
    lines.add("frames.not_sent " + framesNotSent + " frames");
    lines.add("bytes " + bytesSent + " bytes");
    lines.add(String.format(Locale.ROOT, "bpp.mean %.4f bpp", meanBitsPerPixel()));
    lines.add(String.format(Locale.ROOT, "frames_per_s %.2f fps", framesPerSecond()));
    lines.add(String.format(Locale.ROOT, "render.cpu_ms_per_frame %.2f ms", perFrameMillis(pixelSeconds)));
    lines.add(String.format(Locale.ROOT, "encode.cpu_ms_per_frame %.2f ms", perFrameMillis(encodeSeconds)));
    lines.add(String.format(Locale.ROOT, "frames_per_cpu_s %.2f fps", framesPerCpuSecond()));
    for (int k = 1; k < layersSentHistogram.length; k++) {
      lines.add("frames.layers_" + k + " " + layersSentHistogram[k] + " frames");
    }
    return lines;
  }
}
