package io.latentmap.sim.cli;

import java.util.ArrayList;
import java.util.List;

/** Parses a seed list as given on the command line: "7", "1-8" or "1,4,9-11". */
final class Seeds {

  /** More cities than this in one command is almost certainly a typo in a range. */
  static final int MAX_SEEDS = 1000;

  private Seeds() {}

  static List<Long> parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no seed given");
    }
    List<Long> seeds = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-', 1); // a leading '-' is a negative seed, not a range
      try {
        if (dash < 0) {
          seeds.add(Long.parseLong(p));
        } else {
          long from = Long.parseLong(p.substring(0, dash).trim());
          long to = Long.parseLong(p.substring(dash + 1).trim());
          if (to < from || to - from >= MAX_SEEDS) {
            throw new IllegalArgumentException("bad seed range '" + p + "'");
          }
          for (long s = from; s <= to; s++) {
            seeds.add(s);
          }
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a seed or seed range: '" + p + "'", e);
      }
      if (seeds.size() > MAX_SEEDS) {
        throw new IllegalArgumentException("more than " + MAX_SEEDS + " seeds");
      }
    }
    if (seeds.stream().distinct().count() != seeds.size()) {
      throw new IllegalArgumentException("a seed is listed twice: " + text);
    }
    return seeds;
  }
}
