package io.latentmap.sim.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentmap.map.camera.CameraIntrinsics;
import io.latentmap.map.camera.CameraMount;
import io.latentmap.schemas.CameraModel;
import io.latentmap.schemas.Pose;
import io.latentmap.sim.fleet.GnssFix;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireConventionsTest {

  @Test
  void cameraGoesToDegreesWithClockwiseYawUpPositivePitchAndHalfPixelCentres() {
    CameraIntrinsics k = CameraIntrinsics.cityscapesDefault();
    // Looking a little left and down, rolled a little: map/ yaw left-positive, pitch down-positive.
    CameraMount mount = new CameraMount(1.7, 0.1, 1.4, Math.toRadians(3), Math.toRadians(4), Math.toRadians(-1));
    CameraModel wire = WireConventions.camera(k, mount);
    assertThat(wire.getImageWidth()).isEqualTo(512);
    assertThat(wire.getImageHeight()).isEqualTo(256);
    assertThat(wire.getFocalLengthX()).isEqualTo(k.fx());
    assertThat(wire.getFocalLengthY()).isEqualTo(k.fy());
    assertThat(wire.getPrincipalPointX()).isEqualTo(k.u0() + 0.5);
    assertThat(wire.getPrincipalPointY()).isEqualTo(k.v0() + 0.5);
    assertThat(wire.getMountForward()).isEqualTo(1.7);
    assertThat(wire.getMountLeft()).isEqualTo(0.1);
    assertThat(wire.getMountHeight()).isEqualTo(1.4);
    assertThat(wire.getMountYaw()).as("looking left is counter-clockwise").isCloseTo(-3, within(1e-12));
    assertThat(wire.getMountPitch()).as("tilted towards the road").isCloseTo(-4, within(1e-12));
    assertThat(wire.getMountRoll()).isCloseTo(-1, within(1e-12));
  }

  @Test
  void poseCarriesTheFixOnLevelGround() {
    Pose pose = WireConventions.pose(new GnssFix(48.1, 11.5, 520.25, 271.5, 0.54));
    assertThat(List.of(pose.getLatitude(), pose.getLongitude(), pose.getAltitude(), pose.getHeading(),
        pose.getPitch(), pose.getRoll(), pose.getHorizontalAccuracy()))
        .containsExactly(48.1, 11.5, 520.25, 271.5, 0.0, 0.0, 0.54);
  }

  @Test
  void captureTimesKeepMicrosecondsBothSidesOfTheEpoch() {
    assertThat(WireConventions.instantOfMicros(1_764_057_600_123_456L))
        .isEqualTo(Instant.parse("2025-11-25T08:00:00.123456Z"));
    assertThat(WireConventions.instantOfMicros(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    assertThat(WireConventions.millisOfMicros(-1)).isEqualTo(-1);
    assertThat(WireConventions.millisOfMicros(1_999)).isEqualTo(1);
  }

  @Test
  void frameIdsArePureFunctionsOfSeedSourceAndFrame() {
    assertThat(FrameIds.of(1, "veh-000", 7)).isEqualTo(FrameIds.of(1, "veh-000", 7))
        .isNotEqualTo(FrameIds.of(2, "veh-000", 7))
        .isNotEqualTo(FrameIds.of(1, "veh-001", 7))
        .isNotEqualTo(FrameIds.of(1, "veh-000", 8))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void camerasAreResampledToTheBundleInputOnlyWithoutCropOrStretch() {
    var input = new io.latentmap.codec.bundle.BundleManifest.Input(256, 512, 3, List.of(0.5, 0.5, 0.5),
        List.of(0.25, 0.25, 0.25));
    assertThat(PixelEncoder.fitToInput(CameraIntrinsics.cityscapesDefault(), input))
        .isEqualTo(CameraIntrinsics.cityscapesDefault());
    CameraIntrinsics full = PixelEncoder.fitToInput(CameraIntrinsics.CITYSCAPES_FULL, input);
    assertThat(full.width()).isEqualTo(512);
    assertThat(full.u0()).isCloseTo(CameraIntrinsics.cityscapesDefault().u0(), within(1e-9));
    assertThatThrownBy(() -> PixelEncoder.fitToInput(new CameraIntrinsics(500, 500, 320, 240, 640, 480), input))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aspect ratio");
  }
}
