package io.latentmap.operators.sink;

import io.latentmap.schemas.TileId;

/** The Kafka key of a tile on hdmap.tile-updates and hdmap.tiles: {@code z/x/y}, as slippy maps write it. */
public final class TileKeys {
  private TileKeys() {}

  public static String of(TileId tile) {
    return tile.getZoom() + "/" + tile.getX() + "/" + tile.getY();
  }
}
