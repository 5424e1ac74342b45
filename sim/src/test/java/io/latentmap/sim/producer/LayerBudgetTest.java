package io.latentmap.sim.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerBudgetTest {

  @Test
  void theLongestFittingPrefixOfLayersIsSent() {
    List<byte[]> layers = List.of(new byte[100], new byte[50], new byte[30]);
    assertThat(LayerBudget.layersThatFit(layers, 99.9)).isZero();
    assertThat(LayerBudget.layersThatFit(layers, 100)).isEqualTo(1);
    assertThat(LayerBudget.layersThatFit(layers, 149)).isEqualTo(1);
    assertThat(LayerBudget.layersThatFit(layers, 150)).isEqualTo(2);
    assertThat(LayerBudget.layersThatFit(layers, 180)).isEqualTo(3);
    assertThat(LayerBudget.layersThatFit(layers, 0)).isZero();
  }

  @Test
  void aFramesShareOfTheLinkIsItsBandwidthOverTheFrameRate() {
    assertThat(LayerBudget.bytesPerFrame(8_000_000, 10)).isEqualTo(100_000);
    assertThat(LayerBudget.bytesPerFrame(0, 10)).isZero();
    assertThatThrownBy(() -> LayerBudget.bytesPerFrame(1e6, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LayerBudget.bytesPerFrame(-1, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
