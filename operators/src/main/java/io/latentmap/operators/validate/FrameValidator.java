package io.latentmap.operators.validate;

import io.latentmap.schemas.CameraModel;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.DeadLetterReason;
import io.latentmap.schemas.LayerSlice;
import io.latentmap.schemas.Pose;
import io.latentmap.schemas.TensorShape;
import io.latentmap.schemas.wire.FrameIntegrity;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks a parsed frame must pass before the job spends work on it. Pure: the same frame, bundles and clock
 * give the same verdict, so it is tested without Flink.
 */
public final class FrameValidator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Nothing the fleet sends can predate this: it catches zeroed and seconds-instead-of-micros clocks. */
  static final Instant EARLIEST_CAPTURE = Instant.parse("2000-01-01T00:00:00Z");

  private final Map<String, KnownBundle> bundles;
  private final long maxClockSkewMicros;

  public FrameValidator(Map<String, KnownBundle> bundles, Duration maxClockSkew) {
    this.bundles = Map.copyOf(bundles);
    this.maxClockSkewMicros = maxClockSkew.toNanos() / 1000;
  }

  /** Empty when the frame is acceptable at processing time {@code nowMicros}. */
  public Optional<Rejection> check(CompressedFrame frame, long nowMicros) {
    if (!FrameIntegrity.matches(frame)) {
      return reject(DeadLetterReason.BAD_CRC, "crc32c does not match the tensor payload of frame " + frame.getFrameId());
    }
    KnownBundle bundle = bundles.get(frame.getBundleId());
    if (bundle == null) {
      return reject(DeadLetterReason.UNKNOWN_BUNDLE, "bundle '" + frame.getBundleId() + "' is not loaded by this job");
    }
    if (!bundle.hashEquals(frame.getBundleSha256().bytes())) {
      return reject(DeadLetterReason.UNKNOWN_BUNDLE,
          "bundle '" + bundle.id() + "' hash differs from the loaded one: the sender used another version");
    }
    return firstPresent(
        checkTensor(frame.getTensorShape(), frame.getLayers(), bundle),
        checkTime(frame.getCaptureTime(), nowMicros),
        checkPose(frame.getPose()),
        checkCamera(frame.getCamera(), bundle));
  }

  private Optional<Rejection> checkTensor(TensorShape shape, List<ByteBuffer> layers, KnownBundle bundle) {
    if (shape.getChannels() != bundle.channels() || shape.getHeight() != bundle.height()
        || shape.getWidth() != bundle.width()) {
      return reject(DeadLetterReason.BAD_TENSOR, String.format(
          "tensor %dx%dx%d differs from bundle %s's %dx%dx%d", shape.getChannels(), shape.getHeight(),
          shape.getWidth(), bundle.id(), bundle.channels(), bundle.height(), bundle.width()));
    }
    List<LayerSlice> arrived = shape.getArrivedLayers();
    if (arrived.isEmpty() || arrived.size() > bundle.layerCount()) {
      return reject(DeadLetterReason.BAD_TENSOR,
          arrived.size() + " layers arrived; bundle " + bundle.id() + " has 1.." + bundle.layerCount());
    }
    if (layers.size() != arrived.size()) {
      return reject(DeadLetterReason.BAD_TENSOR,
          layers.size() + " layer payloads for " + arrived.size() + " described layers");
    }
    for (int i = 0; i < arrived.size(); i++) {
      LayerSlice slice = arrived.get(i);
      int[] expected = bundle.layerChannelRanges().get(i);
      if (slice.getLayerIndex() != i || slice.getFirstChannel() != expected[0]
          || slice.getChannelCount() != expected[1] - expected[0]) {
        return reject(DeadLetterReason.BAD_TENSOR, String.format(
            "layer %d describes index %d channels [%d, +%d); the bundle's layer %d is [%d, %d)", i,
            slice.getLayerIndex(), slice.getFirstChannel(), slice.getChannelCount(), i, expected[0], expected[1]));
      }
      int bytes = layers.get(i).remaining();
      if (bytes == 0 || bytes > bundle.maxLayerBytes()) {
        return reject(DeadLetterReason.BAD_TENSOR,
            "layer " + i + " has " + bytes + " bytes; allowed 1.." + bundle.maxLayerBytes());
      }
    }
    return Optional.empty();
  }

  private Optional<Rejection> checkTime(Instant captureTime, long nowMicros) {
    long micros = captureTime.getEpochSecond() * 1_000_000L + captureTime.getNano() / 1000;
    if (captureTime.isBefore(EARLIEST_CAPTURE)) {
      return reject(DeadLetterReason.INVALID_FIELD, "captureTime " + captureTime + " is before " + EARLIEST_CAPTURE);
    }
    if (micros > nowMicros + maxClockSkewMicros) {
      return reject(DeadLetterReason.INVALID_FIELD, "captureTime " + captureTime + " is in the future by "
          + Duration.ofNanos((micros - nowMicros) * 1000) + " (allowed skew " + Duration.ofNanos(maxClockSkewMicros * 1000) + ")");
    }
    return Optional.empty();
  }

  private static Optional<Rejection> checkPose(Pose pose) {
    return firstPresent(
        inRange("pose.latitude", pose.getLatitude(), -90, 90),
        inRange("pose.longitude", pose.getLongitude(), -180, 180),
        inRange("pose.altitude", pose.getAltitude(), -1_000, 10_000),
        inRange("pose.heading", pose.getHeading(), 0, 360),
        inRange("pose.pitch", pose.getPitch(), -90, 90),
        inRange("pose.roll", pose.getRoll(), -180, 180),
        positive("pose.horizontalAccuracy", pose.getHorizontalAccuracy()));
  }

  private static Optional<Rejection> checkCamera(CameraModel camera, KnownBundle bundle) {
    if (camera.getImageWidth() != bundle.imageWidth() || camera.getImageHeight() != bundle.imageHeight()) {
      return reject(DeadLetterReason.INVALID_FIELD, String.format("camera image %dx%d differs from bundle %s's input %dx%d",
          camera.getImageWidth(), camera.getImageHeight(), bundle.id(), bundle.imageWidth(), bundle.imageHeight()));
    }
    return firstPresent(
        positive("camera.focalLengthX", camera.getFocalLengthX()),
        positive("camera.focalLengthY", camera.getFocalLengthY()),
        inRange("camera.principalPointX", camera.getPrincipalPointX(), 0, camera.getImageWidth()),
        inRange("camera.principalPointY", camera.getPrincipalPointY(), 0, camera.getImageHeight()),
        inRange("camera.mountHeight", camera.getMountHeight(), 0.1, 50),
        inRange("camera.mountPitch", camera.getMountPitch(), -90, 90),
        inRange("camera.mountYaw", camera.getMountYaw(), -180, 360),
        inRange("camera.mountRoll", camera.getMountRoll(), -180, 180));
  }

  private static Optional<Rejection> inRange(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) { // written so that NaN fails too
      return reject(DeadLetterReason.INVALID_FIELD, field + " = " + value + " outside [" + min + ", " + max + "]");
    }
    return Optional.empty();
  }

  private static Optional<Rejection> positive(String field, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      return reject(DeadLetterReason.INVALID_FIELD, field + " = " + value + " must be positive and finite");
    }
    return Optional.empty();
  }

  @SafeVarargs
  private static Optional<Rejection> firstPresent(Optional<Rejection>... checks) {
    for (Optional<Rejection> check : checks) {
      if (check.isPresent()) {
        return check;
      }
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(DeadLetterReason reason, String message) {
    return Optional.of(new Rejection(reason, message));
  }
}
