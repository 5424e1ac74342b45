import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs ONNX models with ONNX Runtime Java (the runtime the Flink job uses) for the Python export round-trip test.
 *
 * <p>Launched as a single-file program: {@code java -cp onnxruntime.jar OrtRun.java jobs.txt}. Each line of the jobs
 * file is {@code model.onnx inputName input.f32 d0,d1,d2,d3 outputPrefix}; every output is written as raw
 * little-endian float32 to {@code outputPrefix.<outputName>.f32} with its shape in {@code .shape}.
 */
public final class OrtRun {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: OrtRun <jobs file>");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<String> jobs = Files.readAllLines(Path.of(args[0]));
        for (String job : jobs) {
            if (!job.isBlank()) {
                run(env, job.trim().split(" "));
            }
        }
    }

    private static void run(OrtEnvironment env, String[] job) throws Exception {
        if (job.length != 5) {
            throw new IllegalArgumentException("job needs 5 fields: " + String.join(" ", job));
        }
        long[] shape = Arrays.stream(job[3].split(",")).mapToLong(Long::parseLong).toArray();
        FloatBuffer input = readFloats(Path.of(job[2]));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(job[0], options);
                 OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
                 OrtSession.Result result = session.run(Map.of(job[1], tensor))) {
                for (Map.Entry<String, ai.onnxruntime.OnnxValue> output : result) {
                    OnnxTensor value = (OnnxTensor) output.getValue();
                    writeFloats(Path.of(job[4] + "." + output.getKey() + ".f32"), value.getFloatBuffer());
                    Files.writeString(Path.of(job[4] + "." + output.getKey() + ".shape"),
                            Arrays.toString(value.getInfo().getShape()));
                }
            }
        }
    }

    private static FloatBuffer readFloats(Path path) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        return bytes.asFloatBuffer();
    }

    private static void writeFloats(Path path, FloatBuffer values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.remaining() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Files.write(path, bytes.array());
    }
}
