package io.latentmap.codec.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.latentmap.codec.bundle.BundleException;
import io.latentmap.codec.bundle.ModelBundle;
import java.nio.FloatBuffer;
import ai.onnxruntime.OnnxValue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ONNX Runtime session of a bundle network, created from the verified bytes of its file on the JVM's shared
 * {@link OrtEnvironment}. Runs one float input to one named float output; input tensors and results are always
 * closed. Sessions are thread-safe for {@link #run}; close the network when done.
 */
public final class OnnxNetwork implements AutoCloseable {
  /** Largest output accepted from a network, in values; a Java array must hold it. */
  static final long MAX_OUTPUT_VALUES = 1L << 30;

  private final String name;
  private final OrtSession session;
  private final String inputName;

  private OnnxNetwork(String name, OrtSession session, String inputName) {
    this.name = name;
    this.session = session;
    this.inputName = inputName;
  }

  /** The environment shared by every session of this JVM (ONNX Runtime allows one). */
  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * Opens the network stored at {@code path} in the bundle.
   *
   * @param intraOpThreads threads one inference may use; keep slots x threads <= cores
   * @throws BundleException if the file is not a listed, unchanged file of the bundle or not a loadable model
   */
  public static OnnxNetwork open(ModelBundle bundle, String path, int intraOpThreads) throws BundleException {
    byte[] model = bundle.readVerified(path);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      OrtSession session = environment().createSession(model, options);
      if (session.getNumInputs() != 1) {
        session.close();
        throw new BundleException("bundle network " + path + " has " + session.getNumInputs()
            + " inputs, expected 1");
      }
      return new OnnxNetwork(path, session, session.getInputNames().iterator().next());
    } catch (OrtException e) {
      throw new BundleException("bundle network " + path + " cannot be loaded by ONNX Runtime: " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public String inputName() {
    return inputName;
  }

  /**
   * Runs the network on one input and returns the named output.
   *
   * @throws OrtException if ONNX Runtime fails, e.g. on a shape the network does not accept
   */
  public FloatTensor run(FloatTensor input, String outputName) throws OrtException {
    return run(input, List.of(outputName)).get(outputName);
  }

  /**
   * Runs the network on one input and returns the named float outputs, in the order asked.
   *
   * @throws OrtException if ONNX Runtime fails or an output is missing, not a tensor, or too large
   */
  public Map<String, FloatTensor> run(FloatTensor input, List<String> outputNames) throws OrtException {
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment(), FloatBuffer.wrap(input.data()), input.shape());
        OrtSession.Result result = session.run(Map.of(inputName, tensor), new LinkedHashSet<>(outputNames))) {
      Map<String, FloatTensor> outputs = new LinkedHashMap<>();
      for (String outputName : outputNames) {
        Optional<OnnxValue> value = result.get(outputName);
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor output)) {
          throw new OrtException("network " + name + " has no tensor output " + outputName);
        }
        outputs.put(outputName, copy(output));
      }
      return outputs;
    }
  }

  private FloatTensor copy(OnnxTensor output) throws OrtException {
    long[] shape = output.getInfo().getShape();
    long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    if (count < 0 || count > MAX_OUTPUT_VALUES) {
      throw new OrtException("network " + name + " output " + Arrays.toString(shape) + " is too large");
    }
    // getFloatBuffer() already copies the native output into a new heap buffer: its array is taken as it is,
    // not copied a second time (a head's logits are ~0.6 MB a frame).
    FloatBuffer copied = output.getFloatBuffer();
    if (copied.hasArray() && copied.arrayOffset() == 0 && copied.array().length == count) {
      return new FloatTensor(copied.array(), shape);
    }
    float[] data = new float[(int) count];
    copied.get(data);
    return new FloatTensor(data, shape);
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing ONNX session " + name + " failed", e);
    }
  }
}
