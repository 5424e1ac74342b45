package io.latentmap.sim.render;

/**
 * The visible 2D extent of one object in a frame (inclusive pixel bounds).
 *
 * @param objectKey the object's stable identity in the world
 * @param labelId Cityscapes labelId
 * @param instanceId Cityscapes instanceId value (labelId * 1000 + index) for instance classes, else labelId
 * @param landmarkId the map landmark's id for poles, signs and lights, else -1
 * @param pixels number of visible pixels
 */
public record Box2D(long objectKey, int labelId, int instanceId, long landmarkId, int x0, int y0, int x1, int y1,
    int pixels) {}
