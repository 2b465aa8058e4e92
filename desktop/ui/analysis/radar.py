"""A radar chart of the five political-quality dimensions, drawn with QPainter (no chart library).

One or more series (a cadre each) over the same axes. Scores mostly lie between 75 and 95, where
a 0–100 scale would draw every cadre alike: when every score is at least 60 the centre is 60
(rings every 10), otherwise 0 (rings every 20); the rings are labelled either way. A missing
score is drawn at the centre and said in the legend, never guessed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.reports.assessment import score_text

COLOURS = ("#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a")
ZOOMED = 60  # the centre when every score reaches it
Series = tuple[str, tuple[Decimal | None, ...]]


class RadarChart(QWidget):
    def __init__(self, axes: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.axes = tuple(axes)
        self.series: list[Series] = []
        self.floor = 0
        self.setMinimumSize(320, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("政治素质雷达图")

    def sizeHint(self) -> QSize:
        return QSize(420, 380)

    def set_series(self, series: Sequence[Series]) -> None:
        self.series = [(name, tuple(values)) for name, values in series]
        given = [float(v) for _n, values in self.series for v in values if v is not None]
        self.floor = ZOOMED if given and min(given) >= ZOOMED else 0
        self.setToolTip(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart in words (tooltip, screen readers, tests): 张三：政治忠诚 90.00，……"""
        lines = []
        for name, values in self.series:
            parts = [f"{axis} {score_text(v)}" for axis, v in zip(self.axes, values, strict=True)]
            lines.append(f"{name}：" + "，".join(parts))
        return "\n".join(lines) or "尚未选择干部"

    def _point(self, centre: QPointF, radius: float, i: int, value: float) -> QPointF:
        angle = -math.pi / 2 + 2 * math.pi * i / len(self.axes)
        r = radius * max(0.0, min(value, 100.0) - self.floor) / (100 - self.floor)
        return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        legend = 18 * max(1, len(self.series))
        area = QRectF(self.rect()).adjusted(70, 28, -70, -legend - 18)
        radius = max(10.0, min(area.width(), area.height()) / 2)
        centre = area.center()
        self._grid(p, centre, radius)
        for n, (_name, values) in enumerate(self.series):
            colour = QColor(COLOURS[n % len(COLOURS)])
            points = [self._point(centre, radius, i, float(v) if v is not None else self.floor)
                      for i, v in enumerate(values)]
            fill = QColor(colour)
            fill.setAlpha(50 if len(self.series) > 1 else 70)
            p.setPen(QPen(colour, 2))
            p.setBrush(fill)
            p.drawPolygon(QPolygonF(points))
            p.setBrush(colour)
            for point in points:
                p.drawEllipse(point, 3, 3)
        self._legend(p, self.rect().height() - legend - 4)
        p.end()

    def _grid(self, p: QPainter, centre: QPointF, radius: float) -> None:
        p.setPen(QPen(QColor("#cccccc"), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        step = (100 - self.floor) // 4 if self.floor else 20
        rings = list(range(self.floor + step, 101, step))
        for ring in rings:
            p.drawPolygon(QPolygonF([self._point(centre, radius, i, ring) for i in range(len(self.axes))]))
        text = self.palette().text().color()
        for i, axis in enumerate(self.axes):
            end = self._point(centre, radius, i, 100)
            p.setPen(QPen(QColor("#cccccc"), 1))
            p.drawLine(centre, end)
            label = self._point(centre, radius + 22, i, 100)
            p.setPen(text)
            p.drawText(QRectF(label.x() - 60, label.y() - 10, 120, 20), Qt.AlignmentFlag.AlignCenter, axis)
        p.setPen(QColor("#999999"))
        for ring in [self.floor, *rings]:
            at = self._point(centre, radius, 0, ring)
            p.drawText(QPointF(at.x() + 4, at.y() + 4), str(ring))

    def _legend(self, p: QPainter, top: int) -> None:
        for n, (name, values) in enumerate(self.series):
            colour = QColor(COLOURS[n % len(COLOURS)])
            y = top + 18 * n
            p.fillRect(QRectF(12, y + 4, 12, 10), colour)
            missing = sum(1 for v in values if v is None)
            note = "（无评议得分）" if missing == len(values) else (f"（{missing}个维度无得分）" if missing else "")
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(30, y + 14), f"{name}{note}")
