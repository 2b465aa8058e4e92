"""The content of a narrative report (综合分析报告, 专报, 阶段性报告 …), independent of format.

A report function returns a list of these blocks; `official.render` sets them on the GB/T 9704
grid as PDF and `docx_narrative.write` turns the same list into an editable Word file, so
the two copies never differ in content.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Masthead:
    """版头 of a 专报: red name, issue number, issuer and date, red rule."""

    name: str  # 一线考核专报
    issue: str  # 第3期
    issuer: str  # 中共海滨市委组织部
    date: str  # 2025年6月1日
    kind: str = ""  # 经验类 / 问题类, printed under the name


@dataclass(frozen=True)
class Title:
    text: str  # 2号小标宋, centred; a long title wraps


@dataclass(frozen=True)
class Subtitle:
    text: str  # 楷体, centred, e.g. （2025年6月）


@dataclass(frozen=True)
class Heading:
    level: int  # 1 一、 黑体; 2 （一） 楷体; 3 1. 仿宋; 4 （1） 仿宋
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    indent: int = 2  # first-line indent in characters
    lead: str = ""  # a run-in heading before the text, e.g. （一）坚持问题导向。
    lead_level: int = 2  # the heading level whose font the lead is set in


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    caption: str = ""  # printed above the table, centred, 黑体
    small: bool = False  # 五号 instead of 小四, for tables with many columns
    # Per column: "c" centred, "r" right, "l" left; a column not given (""): centred when
    # short, else left. A column of names or figures reads better all one way.
    align: tuple[str, ...] = ()


@dataclass(frozen=True)
class Image:
    """A picture as PNG bytes, centred."""

    png: bytes
    width_mm: float
    height_mm: float
    caption: str = ""


@dataclass(frozen=True)
class Radar:
    """A radar chart block: one value per axis on a scale from `low` to `high`."""

    labels: tuple[str, ...]
    values: tuple[float, ...]
    low: float
    high: float
    caption: str = ""
    unit: str = "分"
    signed: bool = False  # values are signed points (+5, -3), not scores
    width_mm: float = 110.0
    height_mm: float = 84.0

    def rings(self) -> list[float]:
        step = (self.high - self.low) / 5
        return [self.low + step * n for n in range(1, 6)]

    def fraction(self, value: float) -> float:
        span = self.high - self.low
        return 0.0 if span <= 0 else max(0.0, min(1.0, (value - self.low) / span))

    def angle(self, i: int) -> float:
        """Axis i, clockwise from the top, in radians (mathematical orientation)."""
        return math.pi / 2 - 2 * math.pi * i / len(self.labels)

    def value_text(self, value: float) -> str:
        if self.signed:
            return f"{value:+g}" if value else "0"
        return f"{value:.2f}"


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a value per category, None where there is none (a gap)."""

    name: str
    values: tuple[float | None, ...]
    bold: bool = False  # drawn heavier: the line the reader is pointed to (the average)


@dataclass(frozen=True)
class LineChart:
    """A line chart block (the 成绩单's trend of totals across quarters): categories left to
    right, a scale from `low` to `high` in steps of `step`, a legend under the plot."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    low: float
    high: float
    step: float
    caption: str = ""
    unit: str = "分"
    width_mm: float = 150.0
    height_mm: float = 100.0

    def ticks(self) -> list[float]:
        count = max(1, round((self.high - self.low) / self.step)) if self.step > 0 else 1
        return [self.low + self.step * n for n in range(count + 1)]

    def fraction(self, value: float) -> float:
        span = self.high - self.low
        return 0.0 if span <= 0 else max(0.0, min(1.0, (value - self.low) / span))


@dataclass(frozen=True)
class Signature:
    """落款: the issuer centred over the date, the date 4 characters from the right."""

    issuer: str
    date: str


@dataclass(frozen=True)
class Blank:
    lines: int = 1


@dataclass(frozen=True)
class Distribution:
    """版记 at the foot of the last page: 报/送 lines and the printing line, between rules."""

    lines: tuple[str, ...]
    printed_by: str = ""  # 中共海滨市委组织部办公室
    printed_on: str = ""  # 2025年6月1日印发


Block = (Masthead | Title | Subtitle | Heading | Para | Table | Image | Radar | LineChart | Signature | Blank
         | Distribution)


@dataclass(frozen=True)
class Document:
    """A narrative report: its blocks and the metadata written into the files."""

    title: str
    blocks: tuple[Block, ...]
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = field(default=())
