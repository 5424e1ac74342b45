"""Rate-accuracy plot drawn with PIL (no plotting library is needed on the training machine)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import List, Sequence, Tuple

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 720, 440
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 60, 200, 30, 50
SERIES_COLORS = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189)]


def rate_accuracy_plot(path: Path, title: str, series: Sequence[Tuple[str, List[Tuple[float, float]]]],
                       reference: Sequence[Tuple[str, float]] = (), unconnected: Sequence[str] = ()) -> None:
    """series: (label, [(bpp, mIoU)]) drawn on a log-bpp axis; reference: horizontal lines (label, mIoU); the
    series labelled in ``unconnected`` are scattered points (separate runs), not a curve."""
    points = [p for _, pts in series for p in pts if p[0] > 0]
    if not points:
        raise ValueError("nothing to plot")
    x_lo = 10 ** math.floor(math.log10(min(p[0] for p in points)))
    x_hi = 10 ** math.ceil(math.log10(max(p[0] for p in points)))
    y_values = [p[1] for p in points] + [v for _, v in reference]
    y_hi = min(1.0, math.ceil(max(y_values) * 10 + 0.5) / 10)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    plot_w, plot_h = WIDTH - MARGIN_LEFT - MARGIN_RIGHT, HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def to_px(bpp: float, miou: float) -> Tuple[float, float]:
        fx = (math.log10(bpp) - math.log10(x_lo)) / (math.log10(x_hi) - math.log10(x_lo))
        return MARGIN_LEFT + fx * plot_w, MARGIN_TOP + (1 - miou / y_hi) * plot_h

    draw.rectangle([MARGIN_LEFT, MARGIN_TOP, MARGIN_LEFT + plot_w, MARGIN_TOP + plot_h], outline="black")
    decade = x_lo
    while decade <= x_hi * 1.0001:
        for mult in range(1, 10):
            tick = decade * mult
            if tick > x_hi * 1.0001:
                break
            x, _ = to_px(tick, 0)
            draw.line([x, MARGIN_TOP + plot_h, x, MARGIN_TOP + plot_h + (6 if mult == 1 else 3)], fill="black")
            if mult == 1:
                draw.line([x, MARGIN_TOP, x, MARGIN_TOP + plot_h], fill=(225, 225, 225))
                draw.text((x - 12, MARGIN_TOP + plot_h + 8), f"{tick:g}", fill="black")
        decade *= 10
    for i in range(0, 11):
        value = y_hi * i / 10
        _, y = to_px(x_lo, value)
        draw.line([MARGIN_LEFT - 4, y, MARGIN_LEFT, y], fill="black")
        draw.text((MARGIN_LEFT - 40, y - 6), f"{value:.2f}", fill="black")
    draw.text((MARGIN_LEFT + plot_w / 2 - 60, HEIGHT - 20), "bits per pixel (log)", fill="black")
    draw.text((5, MARGIN_TOP - 20), "mIoU", fill="black")
    draw.text((MARGIN_LEFT + 10, 8), title, fill="black")
    legend_y = MARGIN_TOP + 10
    for i, (label, pts) in enumerate(series):
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        pixels = [to_px(b, m) for b, m in sorted(pts) if b > 0]
        if len(pixels) > 1 and label not in unconnected:
            draw.line(pixels, fill=color, width=2)
        radius = 2 if label in unconnected else 4
        for x, y in pixels:
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=color)
        draw.line([WIDTH - MARGIN_RIGHT + 15, legend_y + 6, WIDTH - MARGIN_RIGHT + 35, legend_y + 6], fill=color, width=3)
        draw.text((WIDTH - MARGIN_RIGHT + 40, legend_y), label, fill="black")
        legend_y += 18
    for label, value in reference:
        _, y = to_px(x_lo, value)
        for x in range(MARGIN_LEFT, MARGIN_LEFT + plot_w, 10):
            draw.line([x, y, x + 5, y], fill=(90, 90, 90))
        draw.text((WIDTH - MARGIN_RIGHT + 15, legend_y), f"--- {label}", fill="black")
        legend_y += 18
    image.save(path)
