package io.latentmap.operators.tile;

import io.latentmap.map.fusion.TileObservation;
import io.latentmap.map.tile.TileId;

/** One frame's observation of one tile, keyed by that tile. */
public record TiledObservation(TileId tile, TileObservation observation) {}
