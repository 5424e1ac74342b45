package io.latentmap.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.map.labels.Label;
import org.junit.jupiter.api.Test;

class CityscapesLabelsTest {

  @Test
  void loadsTheOfficialTable() {
    assertThat(CityscapesLabels.all()).hasSize(34);
    assertThat(CityscapesLabels.evaluationClasses()).extracting(Label::name).containsExactly(
        "road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign", "vegetation",
        "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle");
    assertThat(CityscapesLabels.colorOf(CityscapesLabels.ROAD)).isEqualTo(0x804080);
    assertThat(CityscapesLabels.trainIdOf(CityscapesLabels.BICYCLE)).isEqualTo(18);
    assertThat(CityscapesLabels.trainIdOf(CityscapesLabels.EGO_VEHICLE)).isEqualTo(255);
    assertThat(CityscapesLabels.byId(CityscapesLabels.CAR).hasInstances()).isTrue();
    assertThat(CityscapesLabels.byId(CityscapesLabels.POLE).hasInstances()).isFalse();
  }

  @Test
  void rejectsUnknownIds() {
    assertThatThrownBy(() -> CityscapesLabels.byId(99)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CityscapesLabels.byTrainId(19)).isInstanceOf(IllegalArgumentException.class);
  }
}
