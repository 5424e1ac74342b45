package io.latentmap.map.landmark;

import java.util.Collection;
import java.util.Locale;

/** Writes landmarks as an RFC 7946 GeoJSON FeatureCollection of Points ([longitude, latitude]). */
public final class LandmarkGeoJson {

  private LandmarkGeoJson() {}

  public static String featureCollection(Collection<Landmark> landmarks) {
    StringBuilder sb = new StringBuilder(64 + landmarks.size() * 160);
    sb.append("{\"type\":\"FeatureCollection\",\"features\":[");
    boolean first = true;
    for (Landmark l : landmarks) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(String.format(Locale.ROOT,
          "{\"type\":\"Feature\",\"id\":%d,\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.8f,%.8f]},"
              + "\"properties\":{\"type\":\"%s\",\"labelId\":%d,\"heightMeters\":%.3f}}",
          l.id(), l.position().longitude(), l.position().latitude(), l.type().name().toLowerCase(Locale.ROOT),
          l.type().labelId(), l.heightMeters()));
    }
    return sb.append("]}").toString();
  }
}
