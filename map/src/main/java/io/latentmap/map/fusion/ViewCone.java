package io.latentmap.map.fusion;

/**
 * The ground region in which a frame could have detected a landmark: a wedge from the camera position along its
 * heading, in the tile's local east/north frame. A map landmark inside it that the frame did not detect counts as a
 * miss.
 *
 * @param heading radians clockwise from north
 * @param halfAngle half the horizontal field of view, radians
 * @param minRange nearer than this the landmark's base is below the image (metres)
 * @param maxRange farther than this detections are not trusted (metres)
 */
public record ViewCone(double east, double north, double heading, double halfAngle, double minRange, double maxRange) {

  public boolean contains(double e, double n) {
    double de = e - east;
    double dn = n - north;
    double range = Math.hypot(de, dn);
    if (range < minRange || range > maxRange) {
      return false;
    }
    double bearing = Math.atan2(de, dn);
    double off = Math.abs(Math.IEEEremainder(bearing - heading, 2 * Math.PI));
    return off <= halfAngle;
  }
}
