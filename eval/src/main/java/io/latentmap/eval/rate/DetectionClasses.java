package io.latentmap.eval.rate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.map.labels.CityscapesLabels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A bundle's detection classes in heatmap order, each with the Cityscapes labelIds whose objects it detects (the
 * manifest's {@code classes.detection[].label_ids}; one class may group several labels, e.g. person and rider).
 */
public record DetectionClasses(List<DetectionClass> classes) {

  /**
   * @param trainId the trainId the bundle reports detections of this class with
   * @param labelIds Cityscapes labelIds whose objects are boxes of this class
   */
  public record DetectionClass(String name, int trainId, List<Integer> labelIds) {}

  public DetectionClasses {
    classes = List.copyOf(classes);
  }

  public int size() {
    return classes.size();
  }

  public boolean isEmpty() {
    return classes.isEmpty();
  }

  /** Index of the class reported with this trainId, or -1. */
  public int indexOfTrainId(int trainId) {
    for (int i = 0; i < classes.size(); i++) {
      if (classes.get(i).trainId() == trainId) {
        return i;
      }
    }
    return -1;
  }

  public int[] trainIds() {
    return classes.stream().mapToInt(DetectionClass::trainId).toArray();
  }

  /**
   * Reads them from the bundle's manifest; a class without {@code label_ids} detects the label of its trainId.
   * Bundles without detection classes give an empty list.
   */
  public static DetectionClasses of(ModelBundle bundle) throws IOException {
    JsonNode root = new ObjectMapper().readTree(bundle.directory().resolve(ModelBundle.MANIFEST).toFile());
    List<DetectionClass> out = new ArrayList<>();
    for (JsonNode c : root.path("classes").path("detection")) {
      int trainId = c.path("train_id").asInt();
      List<Integer> labelIds = new ArrayList<>();
      for (JsonNode id : c.path("label_ids")) {
        labelIds.add(id.asInt());
      }
      if (labelIds.isEmpty()) {
        labelIds.add(CityscapesLabels.byTrainId(trainId).id());
      }
      out.add(new DetectionClass(c.path("name").asText(), trainId, labelIds));
    }
    return new DetectionClasses(out);
  }
}
