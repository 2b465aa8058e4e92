"""The political-quality radar chart (政治素质五维雷达图).

In the PDF it is drawn as vectors with the report's own embedded fonts, so it prints sharp
and its labels are text a reader can search; the Word copy gets the same drawing as a
300 dpi PNG (Word has no chart the clerk could not break by editing), drawn with Pillow in
the report's 黑体 face.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.blocks import Radar
from desktop.reports.layout import draw
from desktop.reports.layout.fonts import FANGSONG, HEI, FontSet
from desktop.reports.layout.glyphs import FontBook, default_fontset
from desktop.reports.layout.typeset import Style, measure

MM: float = mm
LABEL_SIZE = 12.0
SCALE_SIZE = 9.0
FILL = Color(0.55, 0.55, 0.55, alpha=0.35)
GRID = Color(0.55, 0.55, 0.55)
DPI = 300
DROP = 3.5  # mm the centre sits below the middle: the top label has two lines above its axis
REACH = 0.31  # radius as a share of the height, leaving room for the labels


def scale_bounds(values: list[float]) -> tuple[float, float]:
    """A scale for values that are not on 0–100 (ledger points): round numbers around them."""
    low = min(0.0, min(values, default=0.0))
    high = max(1.0, max(values, default=1.0))
    step = max(1, math.ceil((high - low) / 5))
    low = math.floor(low / step) * step
    return float(low), float(low + step * 5)


def _tick(value: float) -> str:
    return f"{value:g}"


# --- PDF ------------------------------------------------------------------------------------

def draw_radar(c: Canvas, book: FontBook, left: float, top: float, chart: Radar) -> None:
    """Draw the chart in the box whose top-left corner is (left, top)."""
    w, h = chart.width_mm * MM, chart.height_mm * MM
    cx, cy = left + w / 2, top - h / 2 - DROP * MM
    radius = min(w * 0.28, h * REACH)
    n = len(chart.labels)
    c.saveState()
    c.setLineWidth(0.4)
    c.setStrokeColor(GRID)
    for ring in chart.rings():
        r = radius * chart.fraction(ring)
        points = [(cx + r * math.cos(chart.angle(i)), cy + r * math.sin(chart.angle(i))) for i in range(n)]
        _polygon(c, points, fill=False)
    for i in range(n):
        a = chart.angle(i)
        c.line(cx, cy, cx + radius * math.cos(a), cy + radius * math.sin(a))
    scale = Style(FANGSONG, SCALE_SIZE)
    for ring in chart.rings():
        y = cy + radius * chart.fraction(ring)
        draw.text(c, book, cx + 1.2 * MM, y - SCALE_SIZE * 0.35, _tick(ring), scale, color=GRID)
    shape = [(cx + radius * chart.fraction(v) * math.cos(chart.angle(i)),
              cy + radius * chart.fraction(v) * math.sin(chart.angle(i))) for i, v in enumerate(chart.values)]
    c.setFillColor(FILL)
    c.setStrokeColor(black)
    c.setLineWidth(1.2)
    _polygon(c, shape, fill=True)
    c.setFillColor(black)
    for x, y in shape:
        c.circle(x, y, 0.8 * MM, stroke=0, fill=1)
    label, figure = Style(HEI, LABEL_SIZE), Style(FANGSONG, LABEL_SIZE)
    for i, (name, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        a = chart.angle(i)
        lx, ly = cx + (radius + 5 * MM) * math.cos(a), cy + (radius + 5 * MM) * math.sin(a)
        lines = [(name, label), (f"{chart.value_text(value)}{chart.unit}", figure)]
        block = len(lines) * LABEL_SIZE * 1.25
        top_y = ly + block / 2 if abs(math.cos(a)) > 0.3 else (ly + block if math.sin(a) > 0 else ly)
        for text, style in lines:
            width = measure(book, text, style)
            if math.cos(a) > 0.3:
                x = lx
            elif math.cos(a) < -0.3:
                x = lx - width
            else:
                x = lx - width / 2
            draw.text(c, book, x, draw.baseline_for_top(book, style, top_y), text, style)
            top_y -= LABEL_SIZE * 1.25
    c.restoreState()


def _polygon(c: Canvas, points: list[tuple[float, float]], *, fill: bool) -> None:
    path = c.beginPath()
    path.moveTo(*points[0])
    for p in points[1:]:
        path.lineTo(*p)
    path.close()
    c.drawPath(path, stroke=1, fill=1 if fill else 0)


# --- PNG for Word ---------------------------------------------------------------------------

def pil_font(fontset: FontSet | None, role: str, px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if fontset is not None:
        face = fontset.roles[role].face
        try:
            return ImageFont.truetype(face.path, px, index=face.index)
        except OSError:
            pass
    return ImageFont.load_default(px)


def radar_png(chart: Radar, fontset: FontSet | None) -> bytes:
    """The same chart as a PNG at 300 dpi, its size `width_mm` × `height_mm`."""
    fontset = fontset if fontset is not None else default_fontset()
    scale = DPI / 25.4  # pixels per millimetre
    pt = DPI / 72  # pixels per point
    w, h = round(chart.width_mm * scale), round(chart.height_mm * scale)
    image = Image.new("RGB", (w, h), "white")
    pen = ImageDraw.Draw(image, "RGBA")
    cx, cy = w / 2, h / 2 + DROP * scale
    radius = min(w * 0.28, h * REACH)
    n = len(chart.labels)

    def at(r: float, i: int) -> tuple[float, float]:
        return cx + r * math.cos(chart.angle(i)), cy - r * math.sin(chart.angle(i))

    grid = (140, 140, 140)
    for ring in chart.rings():
        pen.polygon([at(radius * chart.fraction(ring), i) for i in range(n)], outline=grid, width=2)
    for i in range(n):
        pen.line([(cx, cy), at(radius, i)], fill=grid, width=2)
    small = pil_font(fontset, FANGSONG, round(SCALE_SIZE * pt))
    for ring in chart.rings():
        pen.text((cx + 1.2 * scale, cy - radius * chart.fraction(ring)), _tick(ring), fill=grid, font=small,
                 anchor="lm")
    shape = [at(radius * chart.fraction(v), i) for i, v in enumerate(chart.values)]
    pen.polygon(shape, fill=(140, 140, 140, 90), outline=(0, 0, 0), width=5)
    for x, y in shape:
        pen.ellipse([x - 9, y - 9, x + 9, y + 9], fill=(0, 0, 0))
    label, figure = pil_font(fontset, HEI, round(LABEL_SIZE * pt)), pil_font(fontset, FANGSONG, round(LABEL_SIZE * pt))
    pitch = LABEL_SIZE * 1.25 * pt
    for i, (name, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        a = chart.angle(i)
        lx, ly = at(radius + 5 * scale, i)
        lines = [(name, label), (f"{chart.value_text(value)}{chart.unit}", figure)]
        block = len(lines) * pitch
        top = ly - block / 2 if abs(math.cos(a)) > 0.3 else (ly - block if math.sin(a) > 0 else ly)
        anchor = "la" if math.cos(a) > 0.3 else ("ra" if math.cos(a) < -0.3 else "ma")
        for text, font in lines:
            pen.text((lx, top), text, fill=(0, 0, 0), font=font, anchor=anchor)
            top += pitch
    buf = io.BytesIO()
    image.save(buf, "PNG", dpi=(DPI, DPI))
    return buf.getvalue()
