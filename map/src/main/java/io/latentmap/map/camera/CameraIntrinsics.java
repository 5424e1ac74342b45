package io.latentmap.map.camera;

/**
 * Pinhole intrinsics in pixels, OpenCV convention (pixel centres at integer coordinates, u to the right, v down),
 * with the image size.
 */
public record CameraIntrinsics(double fx, double fy, double u0, double v0, int width, int height) {

  /** The real Cityscapes camera (camera JSON of the dataset), full resolution 2048x1024. */
  public static final CameraIntrinsics CITYSCAPES_FULL =
      new CameraIntrinsics(2262.52, 2265.30, 1096.98, 513.137, 2048, 1024);
  /** The project's default frame: Cityscapes scaled by 1/4 to 512x256. */
  public static final double DEFAULT_SCALE = 0.25;

  public CameraIntrinsics {
    if (!(fx > 0) || !(fy > 0) || !Double.isFinite(u0) || !Double.isFinite(v0)) {
      throw new IllegalArgumentException("bad intrinsics fx=" + fx + " fy=" + fy + " u0=" + u0 + " v0=" + v0);
    }
    if (width < 1 || height < 1 || width > 16384 || height > 16384) {
      throw new IllegalArgumentException("image size out of range: " + width + "x" + height);
    }
  }

  public static CameraIntrinsics cityscapesDefault() {
    return CITYSCAPES_FULL.scaled(DEFAULT_SCALE);
  }

  /** Intrinsics of the same camera with the image resized by {@code factor} (pixel-centre convention kept). */
  public CameraIntrinsics scaled(double factor) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("scale must be > 0: " + factor);
    }
    return new CameraIntrinsics(fx * factor, fy * factor, (u0 + 0.5) * factor - 0.5, (v0 + 0.5) * factor - 0.5,
        (int) Math.round(width * factor), (int) Math.round(height * factor));
  }

  public double horizontalFovRadians() {
    return 2 * Math.atan(Math.max(u0 + 0.5, width - 0.5 - u0) / fx);
  }
}
