"""Fonts registered with reportlab, and per-character fallback so no character prints as a box.

Every character is checked against its role's font (the cmap reportlab reads); one the font
lacks is set in the first fallback that has it (the other role fonts, then CJK extension
fonts such as SimSun-ExtB or HanaMin). A character no installed font has is replaced by
〓 (the typesetter's 盖字 mark for an unavailable character) and reported, never left to
the viewer's missing-glyph box.

Fonts load lazily (a CJK face takes a fraction of a second to parse) and stay loaded for
the process: a batch worker pays once for a thousand forms.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop.reports.layout import tounicode
from desktop.reports.layout.fontfiles import Face
from desktop.reports.layout.fonts import ROLES, FontSet, discover

log = logging.getLogger(__name__)

GETA = "〓"
# Characters that never need a glyph of their own.
_INVISIBLE = {"\n", "\r", "\t", "\u200b", "\ufeff"}

# reportlab keeps per-document state inside each TTFont; rendering is serialised per process.
render_lock = threading.RLock()


# Rare characters (CJK extension B) must copy and search as themselves: see tounicode.py.
tounicode.install()


def _subset_tag(font: TTFont, doc: object, n: int) -> bytes:
    """Six capital letters naming subset `n` of `font`, from its name and its characters.

    reportlab tags every font's first subset AAAAAA+, its second AAAAAB+ …, so two fonts of
    one PDF (宋 and 黑) both carry AAAAAA: the PDF specification wants a tag per subset, and
    viewers and printers that key cached glyphs on the tagged name can draw one font's glyphs
    for the other. Derived from the content, equal subsets (in the chunks of a merged batch)
    share their tag and different ones do not, with odds of a clash of 1 in 26⁶."""
    subsets = font.state[doc].subsets
    digest = hashlib.sha256(f"{font.fontName}|{n}|{subsets[n]}".encode()).digest()
    value = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(6):
        value, index = divmod(value, 26)
        letters.append(chr(ord("A") + index))
    return "".join(letters).encode("ascii")


class _TaggedFont(TTFont):  # type: ignore[misc]
    """A TrueType font whose subsets are tagged by `_subset_tag` instead of by their number."""

    def addObjects(self, doc: object) -> None:
        numbered = ttfonts.SUBSETN
        ttfonts.SUBSETN = lambda n: _subset_tag(self, doc, n)
        try:
            super().addObjects(doc)
        finally:
            ttfonts.SUBSETN = numbered


def _font_name(face: Face) -> str:
    stem = "".join(ch for ch in face.path if ch.isalnum())[-40:]
    return f"FL-{stem}-{face.index}"


@cache
def _load(face: Face) -> TTFont | None:
    name = _font_name(face)
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        try:
            font = _TaggedFont(name, face.path, subfontIndex=face.index)
        except (TTFError, OSError, ValueError, KeyError, IndexError):
            return None
        except Exception:  # a damaged font in the fonts folder makes reportlab raise anything
            log.warning("font %s skipped: reportlab cannot load it", face.path, exc_info=True)
            return None
        pdfmetrics.registerFont(font)
    return font if isinstance(font, TTFont) else None


def _has(font: TTFont, code: int) -> bool:
    return code in font.face.charToGlyph


class _Advances(dict[str, float]):
    """A role's character advances, each measured on first use."""

    def __init__(self, book: FontBook, role: str) -> None:
        super().__init__()
        self.book, self.role = book, role

    def __missing__(self, ch: str) -> float:
        width = self[ch] = self.book._advance(self.role, ch)
        return width


@dataclass
class FontBook:
    """The fonts of one FontSet, as reportlab names, with per-character fallback."""

    fontset: FontSet
    missing: set[str] = field(default_factory=set)  # characters replaced by 〓
    _role_fonts: dict[str, TTFont] = field(default_factory=dict)
    _choice: dict[tuple[str, str], str] = field(default_factory=dict)
    # Per role: each character's advance, and the characters set in the role's own font as
    # they are (no fallback, no replacement): a line made only of these is one run.
    _advances: dict[str, _Advances] = field(default_factory=dict)
    _plain: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for role in ROLES:
            self._advances[role] = _Advances(self, role)
            self._plain[role] = set()
            font = _load(self.fontset.roles[role].face)
            if font is None:
                raise RuntimeError(f"无法读取字体 {self.fontset.roles[role].face.path}")
            self._role_fonts[role] = font

    def font(self, role: str) -> str:
        return str(self._role_fonts[role].fontName)

    def bold(self, role: str) -> bool:
        """Whether the role's face is a regular one that must be emboldened by stroking."""
        return self.fontset.roles[role].bold

    def _fallbacks(self) -> Iterator[TTFont]:
        """The other role fonts, then the fallback faces, each loaded only when reached."""
        yield from dict.fromkeys(self._role_fonts.values())
        for face in self.fontset.fallbacks:
            font = _load(face)
            if font is not None:
                yield font

    def font_for(self, ch: str, role: str) -> str:
        """The reportlab font name that has a glyph for `ch` (role font first)."""
        key = (ch, role)
        hit = self._choice.get(key)
        if hit is not None:
            return hit
        code = ord(ch)
        primary = self._role_fonts[role]
        if _has(primary, code) or ch in _INVISIBLE or (unicodedata.category(ch) == "Zs" and _has(primary, 32)):
            name = str(primary.fontName)
        else:
            name = next((str(f.fontName) for f in self._fallbacks() if _has(f, code)), "")
        self._choice[key] = name
        return name

    def clean(self, text: str, role: str) -> str:
        """Text with characters no font has replaced by 〓 (and remembered in `missing`)."""
        if self._plain[role].issuperset(text):  # the usual line: every character in the role's font
            return text
        out = []
        for ch in text:
            if ch in _INVISIBLE:
                out.append(" " if ch == "\t" else "")
            elif self.font_for(ch, role):
                out.append(ch)
            else:
                self.missing.add(ch)
                out.append(GETA)
        return "".join(out)

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """(font name, text) pieces of `text`, each set in a font that has all its glyphs."""
        plain = self._plain[role]
        if plain.issuperset(text):
            return [(str(self._role_fonts[role].fontName), text)] if text else []
        out: list[tuple[str, str]] = []
        for ch in self.clean(text, role):
            name = self.font_for(ch, role)
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def char_width(self, ch: str, role: str, size: float) -> float:
        name = self.font_for(ch, role) or self.font_for(GETA, role)
        return float(pdfmetrics.stringWidth(ch, name, size))

    def width(self, text: str, role: str, size: float) -> float:
        """What the text's runs measure in their fonts: the sum of each character's advance,
        looked up once per (role, character) for the life of the process. Line breaking
        measures every candidate line; reportlab's own stringWidth per run cost millions of
        look-ups for a five-page report."""
        return 0.001 * size * sum(map(self._advances[role].__getitem__, text))

    def _advance(self, role: str, ch: str) -> float:
        """Advance of `ch` (1/1000 em) as `runs` sets it: in its fallback font, 〓 for a
        character no font has, nothing for the invisible ones."""
        for drawn in self.clean(ch, role):
            name = self.font_for(drawn, role)
            if not name:  # not even 〓 in any font: reportlab would fail to draw it anyway
                return 0.0
            font = pdfmetrics.getFont(name)
            width = float(font.face.charWidths.get(ord(drawn), font.face.defaultWidth))
            if name == self._role_fonts[role].fontName and drawn == ch:
                self._plain[role].add(ch)
            return width
        return 0.0

    def descent(self, role: str) -> float:
        """Descent of the role's font as a fraction of the size (negative), as PDF readers use it."""
        return float(self._role_fonts[role].face.descent) / 1000.0


_books: dict[FontSet, FontBook] = {}


def book_for(fontset: FontSet | None = None) -> FontBook:
    """The process's FontBook for a FontSet (discovered with defaults when None)."""
    fs = fontset if fontset is not None else default_fontset()
    with render_lock:
        book = _books.get(fs)
        if book is None:
            book = _books[fs] = FontBook(fs)
        return book


@lru_cache(maxsize=1)
def default_fontset() -> FontSet:
    return discover()
