"""Breaking Chinese text into lines: character grid, justification, 避头尾, hanging indents.

Chinese breaks between any two characters, except that closing punctuation never starts a
line (避头) and opening punctuation never ends one (避尾); runs of Latin letters and digits
(a year, 2025; a document number, 12号) stay whole. A full line is justified to both
edges by spreading the leftover space between characters, as Word's 两端对齐 does; the
last line of a paragraph is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.reports.glyphs import FontBook

NO_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%‰℃,.;:?!)]}>")
NO_END = frozenset("（《「『【〔〈“‘([{<")
_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/%\-+_]*|——|……|\s+|.", re.S)


@dataclass(frozen=True)
class Style:
    role: str  # a font role of fonts.ROLES
    size: float  # points
    pitch: float | None = None  # advance of a full-width character on a grid; None: natural

    @property
    def tracking(self) -> float:
        """Extra advance after every character (negative on a grid tighter than the em)."""
        return 0.0 if self.pitch is None else self.pitch - self.size


@dataclass(frozen=True)
class Line:
    text: str
    indent: float  # from the left edge of the box
    width: float  # from the first character's left edge to the last one's right edge
    last: bool  # last line of its paragraph: not justified
    available: float  # room from the indent to the right edge of the box

    def char_space(self, style: Style, justify: bool = True) -> float:
        """PDF character spacing (Tc) that fills the line when justified."""
        gaps = len(self.text) - 1
        if not justify or self.last or gaps <= 0 or self.width >= self.available:
            return style.tracking
        return style.tracking + (self.available - self.width) / gaps


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def units(text: str) -> list[str]:
    return _UNIT.findall(text)


def measure(book: FontBook, text: str, style: Style) -> float:
    """Width from the first glyph's left to the last glyph's right edge."""
    if not text:
        return 0.0
    return book.width(text, style.role, style.size) + style.tracking * (len(text) - 1)


def _split_long(book: FontBook, unit: str, style: Style, room: float) -> tuple[str, str]:
    """Cut a unit wider than a whole line (a long number) where it stops fitting."""
    for cut in range(len(unit) - 1, 0, -1):
        if measure(book, unit[:cut], style) <= room:
            return unit[:cut], unit[cut:]
    return unit[:1], unit[1:]


def _carry(line: list[str], unit: str) -> list[str]:
    """避头尾 at a break before `unit`: the units that must move down with it."""
    carry: list[str] = []
    head = unit
    # A run of closing marks (）。) moves down together with the character before it.
    while head[:1] in NO_START and len(line) > 1:
        carry.insert(0, line.pop())
        head = carry[0]
    while len(line) > 1 and line[-1][-1:] in NO_END:
        carry.insert(0, line.pop())
    return carry


def break_paragraph(book: FontBook, text: str, style: Style, width: float, *,
                    first_indent: float = 0.0, indent: float = 0.0) -> list[Line]:
    """Lines of one paragraph (no newlines in `text`) for a box `width` points wide.

    `first_indent` indents the first line (2 characters in body text); `indent` indents
    the others (a hanging indent: the 简历 continues under the text, not under the dates).
    """
    pieces = units(text.rstrip())
    grouped: list[list[str]] = [[]]
    i = 0
    while i < len(pieces):
        unit = pieces[i]
        line = grouped[-1]
        room = width - (first_indent if len(grouped) == 1 else indent)
        if not line and unit.isspace() and len(grouped) > 1:
            i += 1  # a continued line does not start with the space it broke at
            continue
        if measure(book, "".join(line) + unit, style) <= room + 0.01:
            line.append(unit)
            i += 1
            continue
        if not line:
            head, tail = _split_long(book, unit, style, room)
            line.append(head)
            pieces[i:i + 1] = [tail]
            grouped.append([])
            continue
        grouped.append(_carry(line, unit))
    texts = ["".join(g).rstrip() for g in grouped]
    texts = [t for n, t in enumerate(texts) if t or n == 0]
    out = []
    for n, text_line in enumerate(texts):
        left = first_indent if n == 0 else indent
        out.append(Line(text_line, left, measure(book, text_line, style), n == len(texts) - 1,
                        width - left))
    return out


def break_text(book: FontBook, text: str, style: Style, width: float, *,
               first_indent: float = 0.0, indent: float = 0.0) -> list[Line]:
    """Lines of text whose newlines separate paragraphs."""
    out: list[Line] = []
    for para in text.split("\n"):
        out += break_paragraph(book, para, style, width, first_indent=first_indent, indent=indent)
    return out
