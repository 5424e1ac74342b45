package io.latentmap.sim.world;

/** How the renderer shades a primitive: each style has its own procedural texture. */
public enum Surface {
  /** Building walls with windows, doors and floors; roof on top. */
  FACADE,
  /** Masonry or concrete. */
  MASONRY,
  /** Vertical bars or mesh with see-through gaps. */
  FENCE,
  /** Foliage: hedges and tree crowns (noisy, ragged). */
  FOLIAGE,
  /** Bark, metal poles, plain painted parts. */
  PLAIN,
  /** Vehicle paint with a darker lower edge. */
  PAINT,
  /** Vehicle glass: dark with a sky reflection gradient. */
  GLASS,
  /** Buses and trams: paint with a band of windows. */
  WINDOWED_BODY,
  /** Tyres and rubber: very dark. */
  RUBBER,
  /** Sign plate; the shape parameter cuts circles and triangles out of the plate. */
  SIGN,
  /** Traffic light housing with three lamps on its front. */
  SIGNAL,
  /** Clothing with a soft vertical gradient. */
  CLOTH,
  /** Skin. */
  SKIN
}
