package io.latentmap.sim.producer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Frame ids that are a pure function of (seed, source, frame number): a name-based UUID, so that producing the
 * same fleet twice yields the same ids (replays de-duplicate) and different fleets never collide.
 */
public final class FrameIds {

  private static final String NAMESPACE = "latentmap/frame/";

  private FrameIds() {}

  public static String of(long seed, String sourceId, long frameNumber) {
    String name = NAMESPACE + seed + "/" + sourceId + "/" + frameNumber;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
