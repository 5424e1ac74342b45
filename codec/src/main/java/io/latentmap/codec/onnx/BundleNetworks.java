package io.latentmap.codec.onnx;

import io.latentmap.codec.bundle.BundleException;
import io.latentmap.codec.bundle.BundleManifest;
import io.latentmap.codec.bundle.ModelBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every ONNX network of a bundle (edge encoder, hyper networks, task heads, optional RGB decoder), opened together
 * and closed together. Open one per JVM per bundle and share it; inference calls are thread-safe.
 */
public final class BundleNetworks implements AutoCloseable {
  /** Default threads per inference: one, so that task slots x threads stays within the cores. */
  public static final int DEFAULT_INTRA_OP_THREADS = 1;

  private final ModelBundle bundle;
  private final Map<String, OnnxNetwork> byRole;
  private final Map<BundleManifest.Head, OnnxNetwork> heads;

  private BundleNetworks(ModelBundle bundle, Map<String, OnnxNetwork> byRole, Map<BundleManifest.Head, OnnxNetwork> heads) {
    this.bundle = bundle;
    this.byRole = byRole;
    this.heads = heads;
  }

  /**
   * Opens all networks; if any fails, those already opened are closed before the exception propagates.
   */
  public static BundleNetworks open(ModelBundle bundle, int intraOpThreads) throws BundleException {
    List<OnnxNetwork> opened = new ArrayList<>();
    try {
      Map<String, OnnxNetwork> byRole = new LinkedHashMap<>();
      for (Map.Entry<String, String> network : bundle.manifest().networks().entrySet()) {
        OnnxNetwork n = OnnxNetwork.open(bundle, network.getValue(), intraOpThreads);
        opened.add(n);
        byRole.put(network.getKey(), n);
      }
      Map<BundleManifest.Head, OnnxNetwork> heads = new LinkedHashMap<>();
      for (BundleManifest.Head head : bundle.manifest().heads()) {
        OnnxNetwork n = OnnxNetwork.open(bundle, head.path(), intraOpThreads);
        opened.add(n);
        heads.put(head, n);
      }
      return new BundleNetworks(bundle, Map.copyOf(byRole), heads);
    } catch (BundleException | RuntimeException e) {
      opened.forEach(OnnxNetwork::close);
      throw e;
    }
  }

  public ModelBundle bundle() {
    return bundle;
  }

  public OnnxNetwork edgeEncoder() {
    return byRole.get(BundleManifest.EDGE_ENCODER);
  }

  public Optional<OnnxNetwork> network(String role) {
    return Optional.ofNullable(byRole.get(role));
  }

  /** The hyper-decoder as a scale predictor; hyperprior bundles only. */
  public OnnxScalePredictor scalePredictor() {
    OnnxNetwork decoder = byRole.get(BundleManifest.HYPER_DECODER);
    if (decoder == null) {
      throw new IllegalStateException("bundle " + bundle.id() + " has no hyper_decoder");
    }
    return new OnnxScalePredictor(decoder);
  }

  /** The head trained for {@code layerCount} layers. */
  public OnnxNetwork head(int layerCount) {
    return heads.get(bundle.manifest().headFor(layerCount));
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    List<OnnxNetwork> all = new ArrayList<>(byRole.values());
    all.addAll(heads.values());
    for (OnnxNetwork network : all) {
      try {
        network.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
