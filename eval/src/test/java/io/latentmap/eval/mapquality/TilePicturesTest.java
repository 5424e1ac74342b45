package io.latentmap.eval.mapquality;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import io.latentmap.map.tile.TileRaster;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TilePicturesTest {
  private static final int N = 16;
  private static final int ROAD = StaticClass.ROAD.trainId();
  private static final int SIDEWALK = StaticClass.SIDEWALK.trainId();

  @Test
  void wrongCellsAreHighlightedOnlyOnOurSideAndOnlyWhenAsked() {
    TileRaster truth = new TileRaster(new TileId(19, 1, 1), N);
    for (int i = 0; i < N * N; i++) {
      truth.set(i % N, i / N, ROAD);
    }
    byte[] ours = new byte[N * N];
    Arrays.fill(ours, (byte) CityscapesLabels.IGNORE_TRAIN_ID);
    ours[0] = (byte) ROAD; // right
    ours[1] = (byte) SIDEWALK; // wrong

    int[] plain = TilePictures.sideBySide(ours, truth, false);
    int[] marked = TilePictures.sideBySide(ours, truth, true);

    int width = TilePictures.pairWidth(N);
    assertThat(marked[0]).isEqualTo(TilePictures.colour(ROAD));
    assertThat(marked[1]).isEqualTo(TilePictures.ERROR_RGB);
    assertThat(plain[1]).isEqualTo(TilePictures.colour(SIDEWALK));
    assertThat(marked[2]).as("never observed").isZero();
    assertThat(marked[N + TilePictures.GAP + 1]).as("the truth side").isEqualTo(TilePictures.colour(ROAD));
    assertThat(Arrays.stream(marked).filter(c -> c == TilePictures.ERROR_RGB).count()).isEqualTo(1);
    assertThat(marked).hasSize(width * N);
    for (StaticClass c : StaticClass.values()) {
      assertThat(TilePictures.colour(c.trainId())).as(c.name()).isNotEqualTo(TilePictures.ERROR_RGB);
    }
  }
}
