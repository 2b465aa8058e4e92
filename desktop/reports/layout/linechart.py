"""Line charts (the 成绩单's trend of totals across quarters).

The chart is planned once as marks in millimetres (lines, markers, text with its anchor) and
then drawn twice from the same plan: as vectors with the report's embedded fonts in the PDF,
so it prints sharp and its labels are searchable text, and as a 300 dpi PNG for the Word
copy (as the radar chart is). Official papers are printed in black: the lines differ by dash
pattern and marker shape, not by colour.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.blocks import LineChart
from desktop.reports.layout import draw
from desktop.reports.layout.fonts import FANGSONG, HEI, FontSet
from desktop.reports.layout.glyphs import FontBook, book_for, default_fontset, render_lock
from desktop.reports.layout.radar import pil_font
from desktop.reports.layout.typeset import Style, measure

MM: float = mm
PT_MM = 25.4 / 72  # one point in millimetres
TICK_SIZE = 9.0
LABEL_SIZE = 10.0
LEGEND_SIZE = 10.0
DASHES: tuple[tuple[float, ...], ...] = ((), (2.2, 1.0), (0.6, 0.8), (3.0, 0.9, 0.6, 0.9), (1.4, 1.4))
SHAPES = ("circle", "square", "triangle", "diamond", "cross")
GREYS = (0.0, 0.0, 0.0, 0.3, 0.3)
GRID_GREY = 0.75
DPI = 300

Measure = Callable[[str, str, float], float]  # text, font role, size in pt → width in pt


@dataclass(frozen=True)
class Stroke:
    points: tuple[tuple[float, float], ...]  # mm from the box's top-left corner, y downwards
    width: float  # pt
    grey: float  # 0 black … 1 white
    dash: tuple[float, ...] = ()  # mm on, mm off …


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    shape: str
    radius: float  # mm
    grey: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the text's vertical middle
    text: str
    role: str
    size: float  # pt
    anchor: str  # l, m or r: x is the left edge, the middle or the right edge
    grey: float = 0.0


Mark = Stroke | Dot | Label


def nice_scale(values: list[float], *, floor_zero: bool = False) -> tuple[float, float, float]:
    """Round bounds around `values` in 4–6 steps of 1, 2 or 5 × 10ⁿ: (low, high, step)."""
    low, high = min(values, default=0.0), max(values, default=1.0)
    if floor_zero:
        low = min(0.0, low)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        start, stop = math.floor(low / step) * step, math.ceil(high / step) * step
        if round((stop - start) / step) <= 6:
            return float(start), float(stop), float(step)
    step = 10 * magnitude
    return float(math.floor(low / step) * step), float(math.ceil(high / step) * step), float(step)


def tick_text(value: float, step: float) -> str:
    return f"{value:.0f}" if float(step).is_integer() else f"{value:g}"


def _legend_rows(chart: LineChart, width: float, text_mm: Callable[[str], float]) -> list[list[tuple[int, float]]]:
    """Legend entries packed into rows as (series index, entry width in mm)."""
    rows: list[list[tuple[int, float]]] = [[]]
    used = 0.0
    for i, s in enumerate(chart.series):
        entry = 10.0 + text_mm(s.name) + 5.0  # line sample, name, gap
        if rows[-1] and used + entry > width:
            rows.append([])
            used = 0.0
        rows[-1].append((i, entry))
        used += entry
    return rows


def _category_lines(label: str, room: float, text_mm: Callable[[str], float]) -> list[str]:
    """A category label on one line, or broken after 年 (2026年 / 第1季度) when it is too wide."""
    if text_mm(label) <= room or "年" not in label[:-1]:
        return [label]
    cut = label.index("年") + 1
    return [label[:cut], label[cut:]]


def plan(chart: LineChart, width_of: Measure) -> list[Mark]:
    """Every mark of the chart, in drawing order."""
    w, h = chart.width_mm, chart.height_mm
    label_mm = LABEL_SIZE * PT_MM
    marks: list[Mark] = []
    ticks = chart.ticks()
    texts = [tick_text(t, chart.step) for t in ticks]
    left = max((width_of(t, FANGSONG, TICK_SIZE) for t in texts), default=0.0) * PT_MM + 3.0
    right = w - 4.0
    legend = _legend_rows(chart, right - left, lambda s: width_of(s, FANGSONG, LEGEND_SIZE) * PT_MM)
    n = max(1, len(chart.categories))
    pitch = (right - left) / n
    cat_lines = [_category_lines(c, pitch - 1.0, lambda s: width_of(s, FANGSONG, LABEL_SIZE) * PT_MM)
                 for c in chart.categories]
    cat_height = max((len(x) for x in cat_lines), default=1) * label_mm * 1.3
    legend_top = h - len(legend) * 5.0
    top, bottom = 7.0, legend_top - cat_height - 4.0

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * chart.fraction(value)

    marks.append(Label(0.0, 2.5, f"（{chart.unit}）", FANGSONG, TICK_SIZE, "l"))
    for value, text in zip(ticks, texts, strict=True):
        y = y_of(value)
        marks.append(Stroke(((left, y), (right, y)), 0.4, GRID_GREY))
        marks.append(Label(left - 1.5, y, text, FANGSONG, TICK_SIZE, "r"))
    marks.append(Stroke(((left, top - 2.0), (left, bottom), (right, bottom)), 0.8, 0.0))
    xs = [left + pitch * (i + 0.5) for i in range(len(chart.categories))]
    for x, lines in zip(xs, cat_lines, strict=True):
        marks.append(Stroke(((x, bottom), (x, bottom + 1.2)), 0.8, 0.0))
        for k, part in enumerate(lines):
            marks.append(Label(x, bottom + 2.0 + label_mm * (0.5 + 1.3 * k), part, FANGSONG, LABEL_SIZE, "m"))
    for i, s in enumerate(chart.series):
        marks += _series_marks(i, s.values, s.bold, xs, y_of)
    for r, row in enumerate(legend):
        used = sum(entry for _, entry in row) - 5.0
        x = left + (right - left - used) / 2
        y = legend_top + 5.0 * r + 2.5
        for i, entry in row:
            s = chart.series[i]
            style = i % len(DASHES)
            marks.append(Stroke(((x, y), (x + 8.0, y)), 1.6 if s.bold else 0.9, GREYS[style], DASHES[style]))
            marks.append(Dot(x + 4.0, y, SHAPES[style], 0.9, GREYS[style]))
            marks.append(Label(x + 10.0, y, s.name, HEI if s.bold else FANGSONG, LEGEND_SIZE, "l"))
            x += entry
    return marks


def _series_marks(i: int, values: tuple[float | None, ...], bold: bool, xs: list[float],
                  y_of: Callable[[float], float]) -> list[Mark]:
    """A series as strokes between consecutive values (a missing quarter leaves a gap) and a
    marker at every value."""
    style = i % len(DASHES)
    grey, dash, width = GREYS[style], DASHES[style], 1.6 if bold else 0.9
    out: list[Mark] = []
    run: list[tuple[float, float]] = []
    points = [(x, y_of(v)) if v is not None else None for x, v in zip(xs, values, strict=False)]
    for p in [*points, None]:
        if p is None:
            if len(run) > 1:
                out.append(Stroke(tuple(run), width, grey, dash))
            run = []
        else:
            run.append(p)
    out += [Dot(p[0], p[1], SHAPES[style], 1.0 if bold else 0.8, grey) for p in points if p is not None]
    return out


def _shape_points(d: Dot) -> list[tuple[float, float]]:
    r = d.radius
    if d.shape == "square":
        return [(d.x - r, d.y - r), (d.x + r, d.y - r), (d.x + r, d.y + r), (d.x - r, d.y + r)]
    if d.shape == "triangle":
        return [(d.x, d.y - 1.2 * r), (d.x + 1.1 * r, d.y + 0.8 * r), (d.x - 1.1 * r, d.y + 0.8 * r)]
    return [(d.x, d.y - 1.3 * r), (d.x + 1.3 * r, d.y), (d.x, d.y + 1.3 * r), (d.x - 1.3 * r, d.y)]  # diamond


# --- PDF ------------------------------------------------------------------------------------

def draw_line_chart(c: Canvas, book: FontBook, left: float, top: float, chart: LineChart) -> None:
    """Draw the chart in the box whose top-left corner is (left, top), in points."""

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * MM, top - y * MM

    marks = plan(chart, lambda text, role, size: measure(book, text, Style(role, size)))
    c.saveState()
    for m in marks:
        if isinstance(m, Stroke):
            c.setStrokeColor(Color(m.grey, m.grey, m.grey))
            c.setLineWidth(m.width)
            c.setDash([d * MM for d in m.dash] if m.dash else [])
            path = c.beginPath()
            path.moveTo(*at(*m.points[0]))
            for p in m.points[1:]:
                path.lineTo(*at(*p))
            c.drawPath(path, stroke=1, fill=0)
        elif isinstance(m, Dot):
            _pdf_dot(c, m, at)
        else:
            style = Style(m.role, m.size)
            x, y = at(m.x, m.y)
            width = measure(book, m.text, style)
            x -= {"l": 0.0, "m": width / 2, "r": width}[m.anchor]
            baseline = draw.baseline_for_top(book, style, y + m.size / 2)
            draw.text(c, book, x, baseline, m.text, style, color=Color(m.grey, m.grey, m.grey))
    c.restoreState()


def _pdf_dot(c: Canvas, d: Dot, at: Callable[[float, float], tuple[float, float]]) -> None:
    grey = Color(d.grey, d.grey, d.grey)
    c.setDash([])
    c.setFillColor(grey)
    c.setStrokeColor(grey)
    c.setLineWidth(0.8)
    if d.shape == "circle":
        x, y = at(d.x, d.y)
        c.circle(x, y, d.radius * MM, stroke=0, fill=1)
        return
    if d.shape == "cross":
        r = d.radius
        for a, b in (((-r, -r), (r, r)), ((-r, r), (r, -r))):
            c.line(*at(d.x + a[0], d.y + a[1]), *at(d.x + b[0], d.y + b[1]))
        return
    points = [at(x, y) for x, y in _shape_points(d)]
    path = c.beginPath()
    path.moveTo(*points[0])
    for p in points[1:]:
        path.lineTo(*p)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


# --- PNG for Word ---------------------------------------------------------------------------

def line_chart_png(chart: LineChart, fontset: FontSet | None) -> bytes:
    """The same chart as a PNG at 300 dpi, its size `width_mm` × `height_mm`."""
    fontset = fontset if fontset is not None else default_fontset()
    with render_lock:
        book = book_for(fontset)
        marks = plan(chart, lambda text, role, size: measure(book, text, Style(role, size)))
    scale = DPI / 25.4  # pixels per millimetre
    pt = DPI / 72
    image = Image.new("RGB", (round(chart.width_mm * scale), round(chart.height_mm * scale)), "white")
    pen = ImageDraw.Draw(image)
    fonts: dict[tuple[str, float], ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}

    def grey(value: float) -> tuple[int, int, int]:
        level = round(255 * value)
        return level, level, level

    for m in marks:
        if isinstance(m, Stroke):
            points = [(x * scale, y * scale) for x, y in m.points]
            for a, b in _dashed(points, [d * scale for d in m.dash]):
                pen.line([a, b], fill=grey(m.grey), width=max(1, round(m.width * pt)))
        elif isinstance(m, Dot):
            r = m.radius * scale
            if m.shape == "circle":
                pen.ellipse([m.x * scale - r, m.y * scale - r, m.x * scale + r, m.y * scale + r], fill=grey(m.grey))
            elif m.shape == "cross":
                for sx in (-1, 1):
                    pen.line([(m.x * scale - r, m.y * scale - sx * r), (m.x * scale + r, m.y * scale + sx * r)],
                             fill=grey(m.grey), width=round(0.8 * pt))
            else:
                pen.polygon([(x * scale, y * scale) for x, y in _shape_points(m)], fill=grey(m.grey))
        else:
            key = (m.role, m.size)
            if key not in fonts:
                fonts[key] = pil_font(fontset, m.role, round(m.size * pt))
            pen.text((m.x * scale, m.y * scale), m.text, fill=grey(m.grey), font=fonts[key], anchor=m.anchor + "m")
    buf = io.BytesIO()
    image.save(buf, "PNG", dpi=(DPI, DPI))
    return buf.getvalue()


Point = tuple[float, float]


def _dashed(points: list[Point], dash: list[float]) -> list[tuple[Point, Point]]:
    """A polyline as the segments a dash pattern draws (Pillow has no dashed lines)."""
    segments = list(itertools.pairwise(points))
    if not dash:
        return segments
    out: list[tuple[Point, Point]] = []
    k, left, on = 0, dash[0], True
    for (x0, y0), (x1, y1) in segments:
        length = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while done < length - 1e-9:
            take = min(left, length - done)
            if on:
                f0, f1 = done / length, (done + take) / length
                out.append(((x0 + (x1 - x0) * f0, y0 + (y1 - y0) * f0), (x0 + (x1 - x0) * f1, y0 + (y1 - y0) * f1)))
            done += take
            left -= take
            if left <= 1e-9:
                k = (k + 1) % len(dash)
                left, on = dash[k], not on
    return out
