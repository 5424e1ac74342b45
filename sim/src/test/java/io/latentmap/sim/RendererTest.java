package io.latentmap.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.camera.PinholeCamera;
import io.latentmap.map.labels.CityscapesLabels;
import io.latentmap.sim.export.FramePlan;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.render.Box2D;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.FrameStyle;
import io.latentmap.sim.render.RenderedFrame;
import io.latentmap.sim.world.City;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RendererTest {

  private static final City CITY = TestWorld.CITY;
  private static final FramePlan PLAN = new FramePlan(new Fleet(CITY, 8), FramePlan.DEFAULT_TICK_STRIDE);

  private static RenderedFrame render(FrameRenderer renderer, long i) {
    SourceFrame f = PLAN.frame(i);
    return renderer.render(CITY.at(f.simTime()), f.camera(), FrameStyle.random(CITY.seed(), 41, i));
  }

  @Test
  void aStreetViewHasRoadSkyAndBuildings() {
    RenderedFrame r = render(new FrameRenderer(512, 256), 3);
    Set<Integer> labels = new HashSet<>();
    for (byte b : r.labelIds()) {
      labels.add(b & 0xFF);
    }
    assertThat(labels).contains(CityscapesLabels.ROAD, CityscapesLabels.SKY, CityscapesLabels.BUILDING);
    assertThat(labels).allMatch(id -> CityscapesLabels.trainIdOf(id) != CityscapesLabels.IGNORE_TRAIN_ID);
  }

  @Test
  void instanceIdsFollowTheCityscapesEncodingAndBoxesCoverTheirPixels() {
    FrameRenderer renderer = new FrameRenderer(512, 256);
    int instancesSeen = 0;
    for (long i = 0; i < 12; i++) {
      RenderedFrame r = render(renderer, i);
      int[] inst = r.instanceIds();
      for (int p = 0; p < inst.length; p++) {
        int label = r.labelIds()[p] & 0xFF;
        if (CityscapesLabels.byId(label).hasInstances()) {
          assertThat(inst[p] / CityscapesLabels.INSTANCE_ID_FACTOR).isEqualTo(label);
        } else {
          assertThat(inst[p]).isEqualTo(label);
        }
      }
      for (Box2D box : r.boxes()) {
        if (!CityscapesLabels.byId(box.labelId()).hasInstances()) {
          continue;
        }
        instancesSeen++;
        int inside = 0;
        for (int y = 0; y < r.height(); y++) {
          for (int x = 0; x < r.width(); x++) {
            if (inst[y * r.width() + x] == box.instanceId()) {
              assertThat(x).isBetween(box.x0(), box.x1());
              assertThat(y).isBetween(box.y0(), box.y1());
              inside++;
            }
          }
        }
        assertThat(inside).isEqualTo(box.pixels());
      }
    }
    assertThat(instancesSeen).isGreaterThan(20);
  }

  @Test
  void objectsOccludeTheGroundOnlyWhereTheyAreNearer() {
    FrameRenderer renderer = new FrameRenderer(512, 256);
    double[] ground = new double[3];
    long objectPixelsOverGround = 0;
    for (long i = 0; i < 6; i++) {
      SourceFrame f = PLAN.frame(i);
      PinholeCamera cam = f.camera();
      RenderedFrame r = renderer.render(CITY.at(f.simTime()), cam, FrameStyle.random(CITY.seed(), 41, i));
      for (int v = 0; v < r.height(); v++) {
        for (int u = 0; u < r.width(); u++) {
          int p = v * r.width() + u;
          int label = r.labelIds()[p] & 0xFF;
          boolean hitsGround = cam.pixelToGroundInto(u, v, ground);
          if (label == CityscapesLabels.SKY) {
            assertThat(hitsGround).isFalse();
            assertThat(r.depth()[p]).isInfinite();
          } else if (label == CityscapesLabels.ROAD || label == CityscapesLabels.SIDEWALK
              || label == CityscapesLabels.TERRAIN) {
            assertThat((double) r.depth()[p]).isCloseTo(ground[2], org.assertj.core.api.Assertions.within(1e-3 * ground[2]));
          } else if (hitsGround) {
            assertThat((double) r.depth()[p]).isLessThanOrEqualTo(ground[2] * (1 + 1e-4));
            objectPixelsOverGround++;
          }
        }
      }
    }
    assertThat(objectPixelsOverGround).isGreaterThan(10_000);
  }

  @Test
  void renderingIsDeterministic() {
    RenderedFrame a = render(new FrameRenderer(512, 256), 5);
    int[] rgb = a.rgb().clone();
    byte[] labels = a.labelIds().clone();
    FrameRenderer other = new FrameRenderer(512, 256);
    render(other, 9);
    RenderedFrame b = render(other, 5);
    assertThat(b.rgb()).isEqualTo(rgb);
    assertThat(b.labelIds()).isEqualTo(labels);
  }
}
