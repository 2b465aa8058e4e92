"""Breaking Chinese text into lines: character grid, justification, 避头尾, hanging indents.

Chinese breaks between any two characters, except that closing punctuation never starts a
line (避头) and opening punctuation never ends one (避尾); runs of Latin letters and digits
(a year, 2025), dates (2019年6月1日) and document numbers (海委干〔2019〕5号) stay whole. A
full line is justified to both edges by spreading the leftover space between characters, as
Word's 两端对齐 does; the last line of a paragraph is not; the space goes between units, never
inside a number.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from desktop.reports.layout.glyphs import FontBook

NO_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%‰℃,.;:?!)]}>")
NO_END = frozenset("（《「『【〔〈“‘([{<")
_DOTTED = r"\d{4}\.\d{1,2}(?:\.\d{1,2})?"
# Dates and document numbers read as one word and are never broken across lines:
# 2019年6月1日, 6月1日, 2024年度, 2019.06--2021.07, 海委干〔2019〕5号 (with the 机关代字 before it).
KEEP_TOGETHER = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{4}年度?"
    rf"|{_DOTTED}(?:\s*(?:--|—|－|~|～|-)\s*(?:{_DOTTED})?)?"
    r"|[\u4e00-\u9fff]{0,4}[〔［\[]\d{4}[〕］\]]\d+号")
_UNIT = re.compile(rf"{KEEP_TOGETHER.pattern}|[A-Za-z0-9][A-Za-z0-9.,:/%\-+_]*|——|……|\s+|.", re.S)
WORD_JOINER = "\u2060"


def joined(text: str) -> str:
    """`text` with a word joiner (U+2060, no break, no width) between the characters of each
    date and document number: how a Word copy keeps them on one line, as the PDF does."""
    return KEEP_TOGETHER.sub(lambda m: WORD_JOINER.join(m[0]), text)


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

    def pieces(self, book: FontBook, style: Style, justify: bool = True) -> list[Piece]:
        """The line as pieces to draw, each at its offset with its own character spacing.

        A justified line takes its slack at the boundaries between units (a Chinese
        character, a number, a Latin word), never inside a unit: spread evenly over every
        character, it letter-spaced numbers (5 0 . 0 0 %). A line whose only unit is a
        number or a word stays at its natural width.
        """
        parts = units(self.text)
        if not justify or self.last or len(parts) < 2 or self.width >= self.available:
            return [Piece(0.0, 0, self.text, style.tracking)]
        extra = (self.available - self.width) / (len(parts) - 1)
        out: list[Piece] = []
        x = 0.0
        start = 0
        for unit in parts:
            single = len(unit) == 1
            if single and out and out[-1].spread and out[-1].start + len(out[-1].text) == start:
                # Consecutive single characters share one piece with the stretched spacing.
                last = out[-1]
                out[-1] = Piece(last.offset, last.start, last.text + unit, last.char_space, True)
            else:
                out.append(Piece(x, start, unit, style.tracking + extra if single else style.tracking, single))
            x += book.width(unit, style.role, style.size) + style.tracking * len(unit) + extra
            start += len(unit)
        return out


@dataclass(frozen=True)
class Piece:
    """Part of a line drawn in one go: `text` from character `start`, `offset` points from
    the line's left, with PDF character spacing (Tc) `char_space`."""

    offset: float
    start: int
    text: str
    char_space: float
    spread: bool = False  # single characters taking the justification's slack


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
    # The current line's advance and length, kept as units join it: measuring the whole
    # candidate line again for every unit made breaking quadratic in the line's length.
    advance, length = 0.0, 0
    i = 0
    while i < len(pieces):
        unit = pieces[i]
        line = grouped[-1]
        room = width - (first_indent if len(grouped) == 1 else indent)
        if not line and unit.isspace() and len(grouped) > 1:
            i += 1  # a continued line does not start with the space it broke at
            continue
        unit_advance = book.width(unit, style.role, style.size)
        if advance + unit_advance + style.tracking * (length + len(unit) - 1) <= room + 0.01:
            line.append(unit)
            advance, length = advance + unit_advance, length + len(unit)
            i += 1
            continue
        if not line:
            head, tail = _split_long(book, unit, style, room)
            line.append(head)
            pieces[i:i + 1] = [tail]
            grouped.append([])
            continue
        carried = _carry(line, unit)
        grouped.append(carried)
        joined = "".join(carried)
        advance, length = book.width(joined, style.role, style.size), len(joined)
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


# Title breaks, best first (GB/T 9704: a title over several lines breaks where the sense
# allows, keeps words whole and is balanced): around a bracketed qualifier, before the 的
# that ends what the title is about, after the suffix closing a unit's or a place's name.
OPENING = frozenset("（《“「")
CLOSING = frozenset("）》”」")
NAME_ENDS = frozenset("部局委办区市县镇乡街道村厅院所站组队室会府处科")
# Two characters a name-end rule above would part: 嵩屿街|道, 鹭江区|委办公室, 海港区|政府.
YEAR = re.compile(r"\d{4}年")
NAME_WORDS = frozenset({"街道", "区委", "市委", "县委", "区政", "市政", "县政", "镇党", "乡党"})


def _title_cost(text: str, at: int) -> int | None:
    """Cost of breaking a title before text[at]; None where 避头尾 forbids it."""
    before, after = text[at - 1], text[at]
    if after in NO_START or before in NO_END:
        return None
    if after in OPENING or before in CLOSING:
        return 0
    if after == "的":
        return 1
    if before + after in NAME_WORDS:
        return 8
    if before in NAME_ENDS or (YEAR.match(text, at) and not before.isdigit()):  # …办公室|2026年第3季度
        return 2
    return 8  # inside a word, as far as these rules can tell: only when nothing else fits


def break_title(book: FontBook, text: str, style: Style, width: float) -> list[Line]:
    """A centred title's lines: the fewest lines, then the best break points, then the most
    even lengths. Numbers and Latin words stay whole."""
    text = text.strip()
    natural = measure(book, text, style)
    if natural <= width or not text:
        return [Line(text, 0.0, natural, True, width)]
    bounds = [0]
    for unit in units(text):
        bounds.append(bounds[-1] + len(unit))
    # best[j]: (lines, cost, widest line, previous break) for text[:j], broken at unit bounds.
    best: dict[int, tuple[int, int, float, int]] = {0: (0, 0, 0.0, 0)}
    for j in bounds[1:]:
        cost_here = 0 if j == len(text) else _title_cost(text, j)
        if cost_here is None:
            continue
        for i, (lines, cost, widest, _) in list(best.items()):
            if i >= j:
                continue
            w = measure(book, text[i:j], style)
            if w > width:
                continue
            cand = (lines + 1, cost + cost_here, max(widest, w), i)
            if j not in best or cand[:3] < best[j][:3]:
                best[j] = cand
    if len(text) not in best:
        return break_paragraph(book, text, style, width)  # a unit wider than the line
    cuts = [len(text)]
    while cuts[-1]:
        cuts.append(best[cuts[-1]][3])
    cuts.reverse()
    parts = [text[a:b] for a, b in itertools.pairwise(cuts)]
    return [Line(p, 0.0, measure(book, p, style), True, width) for p in parts]
