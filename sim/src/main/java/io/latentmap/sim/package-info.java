/**
 * The synthetic fleet world: a procedural city with exact ground truth ({@code world}, {@code truth}), a camera
 * renderer giving RGB, Cityscapes labels, instances and boxes ({@code render}), the camera fleet with GNSS noise and
 * link bandwidth ({@code fleet}), the Cityscapes-layout export and reader ({@code export}) and the {@code sim}
 * commands ({@code cli}). See docs/sim.md.
 */
package io.latentmap.sim;
