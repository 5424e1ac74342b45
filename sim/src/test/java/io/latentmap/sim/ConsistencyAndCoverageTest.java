package io.latentmap.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.tile.TileScheme;
import io.latentmap.sim.export.FramePlan;
import io.latentmap.sim.export.LabelStatistics;
import io.latentmap.sim.fleet.Fleet;
import io.latentmap.sim.fleet.SourceFrame;
import io.latentmap.sim.render.FrameRenderer;
import io.latentmap.sim.render.FrameStyle;
import io.latentmap.sim.render.RenderedFrame;
import io.latentmap.sim.truth.GroundTruthTiles;
import io.latentmap.sim.truth.ProjectionConsistency;
import io.latentmap.sim.world.City;
import org.junit.jupiter.api.Test;

class ConsistencyAndCoverageTest {

  private static final City CITY = TestWorld.CITY;
  private static final FramePlan PLAN = new FramePlan(new Fleet(CITY, 8), FramePlan.DEFAULT_TICK_STRIDE);

  @Test
  void groundPixelsProjectOntoGroundTruthCellsOfTheSameClass() {
    GroundTruthTiles truth = new GroundTruthTiles(CITY, TileScheme.standard());
    ProjectionConsistency consistency = new ProjectionConsistency();
    FrameRenderer renderer = new FrameRenderer(512, 256);
    for (long i = 0; i < 6; i++) {
      SourceFrame f = PLAN.frame(i * 13);
      RenderedFrame r = renderer.render(CITY.at(f.simTime()), f.camera(), FrameStyle.random(CITY.seed(), 41, i));
      consistency.add(CITY, truth, f.camera(), r.labelIds(), f.simTime(), 2);
    }
    assertThat(consistency.checked()).isGreaterThan(30_000);
    assertThat(consistency.ratio()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void aNoisyPoseProjectsWorseThanTheTruePose() {
    // the figure must be able to fail: the same check with the GNSS pose instead of the true one drops
    GroundTruthTiles truth = new GroundTruthTiles(CITY, TileScheme.standard());
    ProjectionConsistency exact = new ProjectionConsistency();
    ProjectionConsistency noisy = new ProjectionConsistency();
    FrameRenderer renderer = new FrameRenderer(512, 256);
    for (long i = 0; i < 4; i++) {
      SourceFrame f = PLAN.frame(i * 13);
      RenderedFrame r = renderer.render(CITY.at(f.simTime()), f.camera(), FrameStyle.random(CITY.seed(), 41, i));
      exact.add(CITY, truth, f.camera(), r.labelIds(), f.simTime(), 2);
      var measured = new io.latentmap.map.camera.PinholeCamera(f.camera().intrinsics(), f.camera().mount(),
          new io.latentmap.map.camera.VehiclePose(f.truePose().east() + 1.5, f.truePose().north() - 1.5,
              f.truePose().heading() + 0.05));
      noisy.add(CITY, truth, measured, r.labelIds(), f.simTime(), 2);
    }
    assertThat(noisy.ratio()).isLessThan(exact.ratio() - 0.02);
  }

  @Test
  void allNineteenClassesAppearInAFewHundredFrames() {
    LabelStatistics stats = new LabelStatistics();
    FrameRenderer renderer = new FrameRenderer(512, 256);
    for (long i = 0; i < 160; i++) {
      SourceFrame f = PLAN.frame(i);
      stats.add(renderer.render(CITY.at(f.simTime()), f.camera(), FrameStyle.random(CITY.seed(), 41, i)).labelIds());
    }
    assertThat(stats.absentClasses()).isEmpty();
    assertThat(stats.frames()).isEqualTo(160);
  }
}
