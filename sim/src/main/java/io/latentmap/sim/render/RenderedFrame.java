package io.latentmap.sim.render;

import java.util.List;

/**
 * One rendered camera frame: RGB, Cityscapes labelIds and instanceIds, and boxes. The arrays belong to the
 * renderer and are overwritten by its next frame; copy them to keep them.
 *
 * @param rgb pixels packed 0xRRGGBB, row-major
 * @param labelIds Cityscapes labelId per pixel
 * @param instanceIds Cityscapes instanceIds encoding (labelId * 1000 + index for instance classes, else labelId)
 * @param depth camera depth per pixel in metres (+infinity for sky)
 */
public record RenderedFrame(int width, int height, int[] rgb, byte[] labelIds, int[] instanceIds, float[] depth,
    List<Box2D> boxes) {}
