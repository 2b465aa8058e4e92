"""What every page of every report carries: confidentiality mark, watermark, number and time.

The mark (内部资料, 秘密★1年 …) and the watermark (who printed it, when) are set per
database; the report number and generation time identify the copy in the audit log, whose
entry also holds the SHA-256 of the file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.layout import draw
from desktop.reports.layout.fonts import HEI, SONG
from desktop.reports.layout.glyphs import FontBook
from desktop.reports.layout.typeset import Style, measure

FOOTER_STYLE = Style(SONG, 8)
FOOTER_COLOR = Color(0.35, 0.35, 0.35)
FOOTER_FROM_BOTTOM = 10 * mm
WATERMARK_STYLE = Style(SONG, 15)
WATERMARK_COLOR = Color(0.45, 0.45, 0.45, alpha=0.16)
WATERMARK_ANGLE = 30
WATERMARK_STEP = (78 * mm, 52 * mm)


@dataclass(frozen=True)
class Stamp:
    number: str = ""  # 报表编号, e.g. 2025-000123
    generated: str = ""  # generation time as printed, e.g. 2025-06-01 10:23
    classification: str = ""  # 内部资料, 秘密★1年 …; empty prints no mark
    watermark: str = ""  # e.g. 组织科 张三 2025-06-01 10:23; empty prints none
    # Written into the file's properties (PDF Info, Word core properties): the issuing
    # department (else whoever made it) and the generation time.
    author: str = ""
    created: dt.datetime | None = None

    def footer_text(self) -> str:
        parts = []
        if self.number:
            parts.append(f"报表编号：{self.number}")
        if self.generated:
            parts.append(f"生成时间：{self.generated}")
        return "　　".join(parts)


def described(items: Sequence[tuple[object, Stamp]]) -> dict[str, Any]:
    """new_canvas's author and keywords for a canvas of one or more stamped items (a batch
    is issued by one department; its keywords are the report numbers)."""
    marks = [mark for _content, mark in items]
    return {"author": next((m.author for m in marks if m.author), ""),
            "keywords": [m.number for m in marks if m.number][:20]}


def watermark(c: Canvas, book: FontBook, stamp: Stamp, page_w: float, page_h: float) -> None:
    """A light diagonal grid of the watermark text under the page's content."""
    if not stamp.watermark:
        return
    width = measure(book, stamp.watermark, WATERMARK_STYLE)
    step_x, step_y = max(WATERMARK_STEP[0], width + 18 * mm), WATERMARK_STEP[1]
    c.saveState()
    c.translate(page_w / 2, page_h / 2)
    c.rotate(WATERMARK_ANGLE)
    reach = math.hypot(page_w, page_h) / 2
    rows = int(reach // step_y) + 1
    cols = int(reach // step_x) + 1
    for row in range(-rows, rows + 1):
        shift = (row % 2) * step_x / 2
        for col in range(-cols, cols + 1):
            x, y = col * step_x + shift, row * step_y
            # Only positions that land on the page: rotated back, the point must be inside.
            a = math.radians(WATERMARK_ANGLE)
            px = x * math.cos(a) - y * math.sin(a)
            py = x * math.sin(a) + y * math.cos(a)
            if abs(px) <= page_w / 2 + width / 2 and abs(py) <= page_h / 2 + 10 * mm:
                draw.text(c, book, x - width / 2, y, stamp.watermark, WATERMARK_STYLE, color=WATERMARK_COLOR)
    c.restoreState()


def footer(c: Canvas, book: FontBook, stamp: Stamp, page_w: float) -> None:
    content = stamp.footer_text()
    if content:
        draw.centered(c, book, page_w / 2, FOOTER_FROM_BOTTOM, content, FOOTER_STYLE, color=FOOTER_COLOR)


def mark(c: Canvas, book: FontBook, stamp: Stamp, left: float, top: float, size: float) -> None:
    """The confidentiality mark in 黑体 with its em box's top at `top`."""
    if stamp.classification:
        style = Style(HEI, size)
        draw.text(c, book, left, draw.baseline_for_top(book, style, top), stamp.classification, style)
