package io.latentmap.sim.producer;

import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.edge.EdgeEncoder;
import io.latentmap.codec.stream.ChannelRange;
import io.latentmap.schemas.CameraModel;
import io.latentmap.schemas.CompressedFrame;
import io.latentmap.schemas.LayerSlice;
import io.latentmap.schemas.Pose;
import io.latentmap.schemas.Sha256;
import io.latentmap.schemas.SourceKind;
import io.latentmap.schemas.TensorShape;
import io.latentmap.schemas.wire.FrameIntegrity;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Puts an encoded frame's first layers, with identity, time, pose and camera, into a sealed CompressedFrame. */
final class FrameAssembler {

  /** Who sent a frame, when, from where, and with which camera (wire conventions). */
  record Header(String frameId, String sourceId, SourceKind sourceKind, String sensorId, long captureTimeMicros,
      Pose pose, CameraModel camera) {}

  private final ModelBundle bundle;
  private final BundleManifest manifest;

  FrameAssembler(ModelBundle bundle) {
    this.bundle = bundle;
    this.manifest = bundle.manifest();
  }

  /** The frame carrying layers {@code 0..layerCount-1} of {@code encoded}, CRC sealed. */
  CompressedFrame assemble(Header header, EdgeEncoder.EncodedFrame encoded, int layerCount) {
    if (layerCount < 1 || layerCount > encoded.layers().size()) {
      throw new IllegalArgumentException("layer count " + layerCount + " outside 1.." + encoded.layers().size());
    }
    List<LayerSlice> slices = new ArrayList<>(layerCount);
    List<ByteBuffer> payloads = new ArrayList<>(layerCount);
    for (int k = 0; k < layerCount; k++) {
      ChannelRange range = manifest.layers().get(k);
      slices.add(new LayerSlice(k, range.start(), range.count()));
      payloads.add(ByteBuffer.wrap(encoded.layers().get(k)));
    }
    TensorShape shape = new TensorShape(manifest.tensor().channels(), encoded.height(), encoded.width(), slices);
    return FrameIntegrity.seal(CompressedFrame.newBuilder()
        .setFrameId(header.frameId())
        .setSourceId(header.sourceId())
        .setSourceKind(header.sourceKind())
        .setSensorId(header.sensorId())
        .setCaptureTime(WireConventions.instantOfMicros(header.captureTimeMicros()))
        .setPose(header.pose())
        .setCamera(header.camera())
        .setBundleId(bundle.id())
        .setBundleSha256(new Sha256(bundle.bundleSha256()))
        .setTensorShape(shape)
        .setLayers(payloads)
        .setCrc32c(0)
        .build());
  }
}
