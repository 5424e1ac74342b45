package io.latentmap.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.map.geo.Enu;
import io.latentmap.map.geo.EnuFrame;
import io.latentmap.map.geo.GeoPoint;
import io.latentmap.map.tile.CellRef;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileScheme;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class GeoAndTileTest {

  private static final EnuFrame AACHEN = new EnuFrame(GeoPoint.of(50.7753, 6.0839));

  @Property(tries = 300)
  void enuRoundTripsThroughWgs84(
      @ForAll @DoubleRange(min = -5000, max = 5000) double east,
      @ForAll @DoubleRange(min = -5000, max = 5000) double north,
      @ForAll @DoubleRange(min = -50, max = 50) double up) {
    Enu back = AACHEN.toEnu(AACHEN.toGeo(east, north, up));
    assertThat(back.east()).isCloseTo(east, within(1e-5));
    assertThat(back.north()).isCloseTo(north, within(1e-5));
    assertThat(back.up()).isCloseTo(up, within(1e-5));
  }

  @Test
  void enuAxesPointEastAndNorth() {
    GeoPoint east = AACHEN.toGeo(100, 0, 0);
    GeoPoint north = AACHEN.toGeo(0, 100, 0);
    assertThat(east.longitude()).isGreaterThan(6.0839);
    assertThat(east.latitude()).isCloseTo(50.7753, within(1e-6));
    assertThat(north.latitude()).isCloseTo(50.7753 + 100 / 111_200.0, within(2e-6));
  }

  @Test
  void tilesFollowTheSlippyMapScheme() {
    TileScheme z1 = new TileScheme(1, 256);
    assertThat(z1.tileOf(GeoPoint.of(10, 10))).isEqualTo(new TileId(1, 1, 0));
    assertThat(z1.tileOf(GeoPoint.of(-10, -10))).isEqualTo(new TileId(1, 0, 1));
    // OpenStreetMap's z=19 tile of the Brandenburg Gate, from the slippy-map formula in OSM's wiki
    TileScheme std = TileScheme.standard();
    GeoPoint gate = GeoPoint.of(52.516275, 13.377704);
    TileId t = std.tileOf(gate);
    double n = 1 << 19;
    double lat = Math.toRadians(gate.latitude());
    assertThat(t.x()).isEqualTo((int) Math.floor((gate.longitude() + 180) / 360 * n));
    assertThat(t.y()).isEqualTo((int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n));
    assertThat(std.metersPerCell(48)).isCloseTo(0.2, within(0.01));
  }

  @Property(tries = 300)
  void cellCentreMapsBackToItsCell(
      @ForAll @DoubleRange(min = -80, max = 80) double lat, @ForAll @DoubleRange(min = -179, max = 179) double lon) {
    TileScheme scheme = TileScheme.standard();
    CellRef cell = scheme.cellOf(GeoPoint.of(lat, lon));
    GeoPoint centre = scheme.cellCenter(cell.tile(), cell.col(), cell.row());
    assertThat(scheme.cellOf(centre)).isEqualTo(cell);
    double metres = AACHEN.toEnu(GeoPoint.of(lat, lon)).horizontalDistanceTo(AACHEN.toEnu(centre));
    assertThat(metres).isLessThan(scheme.metersPerCell(lat) * 0.75);
  }
}
