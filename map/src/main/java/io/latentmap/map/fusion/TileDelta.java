package io.latentmap.map.fusion;

import io.latentmap.map.tile.TileId;
import java.util.List;

/**
 * What changed in one tile since its previous version: the payload of a versioned tile update.
 *
 * @param firstCaptureMicros capture time of the earliest observation that contributed
 * @param lastCaptureMicros capture time of the latest observation that contributed
 */
public record TileDelta(
    TileId tile,
    long version,
    long firstCaptureMicros,
    long lastCaptureMicros,
    List<CellFlip> changedCells,
    List<LandmarkSnapshot> added,
    List<LandmarkSnapshot> moved,
    List<LandmarkSnapshot> removed,
    long contributingFrames,
    int contributingSources) {}
