package io.latentmap.eval.rate;

import io.latentmap.map.labels.CityscapesLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Ground-truth boxes of a frame from its Cityscapes annotations, made exactly as training made its detection
 * targets (training/latentmap_training/data.py {@code boxes_from_annotations}): one box per instance for labels
 * that have instances, one per 4-connected component of the label mask for those that do not (poles, signs,
 * lights) or when no instanceIds image exists; boxes narrower or lower than {@link #MIN_BOX_SIDE_PX} are dropped.
 */
public final class BoxTruth {
  /** Smaller boxes (in input pixels, either side) are resizing noise, not targets (training's MIN_BOX_SIDE_PX). */
  public static final double MIN_BOX_SIDE_PX = 2.0;

  /** A box in input pixels; {@code x1, y1} exclusive. */
  public record Box(int detClass, double x0, double y0, double x1, double y1) {}

  private BoxTruth() {}

  /**
   * @param labelIds Cityscapes labelIds per pixel
   * @param instanceIds Cityscapes instanceIds per pixel, or null
   */
  public static List<Box> boxes(DetectionClasses classes, byte[] labelIds, int[] instanceIds, int width, int height) {
    List<Box> boxes = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      for (int labelId : classes.classes().get(c).labelIds()) {
        boolean hasInstances = CityscapesLabels.isDefined(labelId) && CityscapesLabels.byId(labelId).hasInstances();
        if (!hasInstances || instanceIds == null) {
          components(labelIds, labelId, width, height, c, boxes);
        } else {
          instances(instanceIds, labelId, width, c, boxes);
        }
      }
    }
    return boxes;
  }

  private static void instances(int[] instanceIds, int labelId, int width, int detClass, List<Box> boxes) {
    TreeSet<Integer> ids = new TreeSet<>();
    for (int v : instanceIds) {
      if (v >= CityscapesLabels.INSTANCE_ID_FACTOR && v / CityscapesLabels.INSTANCE_ID_FACTOR == labelId) {
        ids.add(v);
      }
    }
    for (int id : ids) {
      Extent e = new Extent();
      for (int i = 0; i < instanceIds.length; i++) {
        if (instanceIds[i] == id) {
          e.add(i % width, i / width);
        }
      }
      e.addTo(boxes, detClass);
    }
  }

  /** Components numbered in raster order of their first pixel, as training's union-find numbers them. */
  private static void components(byte[] labelIds, int labelId, int width, int height, int detClass, List<Box> boxes) {
    int[] component = new int[labelIds.length];
    int[] stack = new int[labelIds.length];
    int next = 0;
    List<Extent> extents = new ArrayList<>();
    for (int start = 0; start < labelIds.length; start++) {
      if ((labelIds[start] & 0xFF) != labelId || component[start] != 0) {
        continue;
      }
      int id = ++next;
      Extent e = new Extent();
      int top = 0;
      stack[top++] = start;
      component[start] = id;
      while (top > 0) {
        int p = stack[--top];
        int x = p % width;
        int y = p / width;
        e.add(x, y);
        if (x > 0) {
          top = push(labelIds, labelId, component, stack, top, p - 1, id);
        }
        if (x < width - 1) {
          top = push(labelIds, labelId, component, stack, top, p + 1, id);
        }
        if (y > 0) {
          top = push(labelIds, labelId, component, stack, top, p - width, id);
        }
        if (y < height - 1) {
          top = push(labelIds, labelId, component, stack, top, p + width, id);
        }
      }
      extents.add(e);
    }
    extents.forEach(e -> e.addTo(boxes, detClass));
  }

  private static int push(byte[] labelIds, int labelId, int[] component, int[] stack, int top, int q, int id) {
    if ((labelIds[q] & 0xFF) == labelId && component[q] == 0) {
      component[q] = id;
      stack[top++] = q;
    }
    return top;
  }

  private static final class Extent {
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int x1 = Integer.MIN_VALUE;
    int y1 = Integer.MIN_VALUE;

    void add(int x, int y) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + 1);
      y1 = Math.max(y1, y + 1);
    }

    void addTo(List<Box> boxes, int detClass) {
      if (x1 > x0 && x1 - x0 >= MIN_BOX_SIDE_PX && y1 - y0 >= MIN_BOX_SIDE_PX) {
        boxes.add(new Box(detClass, x0, y0, x1, y1));
      }
    }
  }
}
