package io.latentmap.sim.world;

/**
 * Receives the renderable parts of the world for one moment: each {@link #object} call opens a new object (one
 * Cityscapes class, one instance) and the following boxes and blobs belong to it.
 */
public interface SceneSink {

  /**
   * Starts an object.
   *
   * @param labelId Cityscapes labelId of every part that follows
   * @param key stable identity of the object in the world (same object, same key, in every frame)
   * @param landmarkId id of the map landmark this object is, or -1
   */
  void object(int labelId, long key, long landmarkId);

  void box(Box box);

  void blob(Blob blob);
}
