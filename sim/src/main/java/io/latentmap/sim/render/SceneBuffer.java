package io.latentmap.sim.render;

import io.latentmap.sim.world.Blob;
import io.latentmap.sim.world.Box;
import io.latentmap.sim.world.SceneSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The primitives of one frame and the objects they belong to; reused from frame to frame. */
final class SceneBuffer implements SceneSink {

  final List<Box> boxes = new ArrayList<>();
  final List<Blob> blobs = new ArrayList<>();
  int[] boxObject = new int[1024];
  int[] blobObject = new int[256];
  int[] objectLabel = new int[256];
  long[] objectKey = new long[256];
  long[] objectLandmark = new long[256];
  int objects;

  void clear() {
    boxes.clear();
    blobs.clear();
    objects = 0;
  }

  @Override
  public void object(int labelId, long key, long landmarkId) {
    if (objects == objectLabel.length) {
      objectLabel = Arrays.copyOf(objectLabel, objects * 2);
      objectKey = Arrays.copyOf(objectKey, objects * 2);
      objectLandmark = Arrays.copyOf(objectLandmark, objects * 2);
    }
    objectLabel[objects] = labelId;
    objectKey[objects] = key;
    objectLandmark[objects] = landmarkId;
    objects++;
  }

  @Override
  public void box(Box box) {
    requireObject();
    if (boxes.size() == boxObject.length) {
      boxObject = Arrays.copyOf(boxObject, boxObject.length * 2);
    }
    boxObject[boxes.size()] = objects - 1;
    boxes.add(box);
  }

  @Override
  public void blob(Blob blob) {
    requireObject();
    if (blobs.size() == blobObject.length) {
      blobObject = Arrays.copyOf(blobObject, blobObject.length * 2);
    }
    blobObject[blobs.size()] = objects - 1;
    blobs.add(blob);
  }

  private void requireObject() {
    if (objects == 0) {
      throw new IllegalStateException("a primitive was emitted before any object");
    }
  }
}
