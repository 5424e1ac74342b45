package io.latentmap.map.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.map.geo.EnuFrame;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import org.junit.jupiter.api.Test;

class TileFrameTest {
  private final TileScheme scheme = TileScheme.standard();

  @Test
  void tileLocalMetresAgreeWithAnEnuFrameAtTheTileCentre() {
    TileId tile = scheme.tileOf(GeoPoint.of(48.137, 11.575));
    TileFrame frame = new TileFrame(scheme, tile);
    GeoPoint center = frame.toGeo(0, 0);
    EnuFrame enu = new EnuFrame(center);
    for (double[] offset : new double[][] {{20, 0}, {0, -25}, {-18, 22}}) {
      GeoPoint p = enu.toGeo(offset[0], offset[1], 0);
      assertThat(frame.eastOf(p)).isCloseTo(offset[0], within(0.005));
      assertThat(frame.northOf(p)).isCloseTo(offset[1], within(0.005));
      GeoPoint back = frame.toGeo(frame.eastOf(p), frame.northOf(p));
      assertThat(back.latitude()).isCloseTo(p.latitude(), within(1e-10));
      assertThat(back.longitude()).isCloseTo(p.longitude(), within(1e-10));
    }
  }

  @Test
  void theTileCentreIsTheOriginAndItsEdgesAboutHalfATileAway() {
    TileFrame frame = new TileFrame(scheme, new TileId(19, 278_000, 181_000));
    assertThat(frame.eastOf(frame.center())).isZero();
    double halfWidth = frame.eastOfCellX((278_000 + 1.0) * 256);
    assertThat(halfWidth).isCloseTo(128 * scheme.metersPerCell(frame.center().latitude()), within(0.15));
    assertThat(frame.northOfCellY(181_000 * 256.0)).isCloseTo(halfWidth, within(0.15));
  }
}
