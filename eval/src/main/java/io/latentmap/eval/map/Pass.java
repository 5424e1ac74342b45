package io.latentmap.eval.map;

/**
 * One traversal: a run of one source's frames that each saw a place, with no gap longer than
 * {@link FleetViews#PASS_GAP_SECONDS} between them.
 *
 * @param start simulation seconds of the first frame that saw the place
 * @param end simulation seconds of the last
 */
public record Pass(String sourceId, double start, double end, int frames) {}
