package io.latentmap.codec.stream;

/**
 * What the layers of one frame decode to.
 *
 * @param layerCount layers decoded (0..layerCount-1)
 * @param channels y channels those layers cover
 * @param height H
 * @param width W
 * @param symbols quantised y, (channels, H, W): what the decoder returns per docs/formats.md 2.1 / 2.2
 * @param yHat the float tensor the task heads consume, (channels, H, W)
 * @param zSymbols hyperprior: quantised z, (Cz, Hz, Wz); empty for factorized bundles
 */
public record DecodedTensor(
    int layerCount, int channels, int height, int width, int[] symbols, float[] yHat, int[] zSymbols) {}
