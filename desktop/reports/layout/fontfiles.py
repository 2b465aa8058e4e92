"""What a font file holds, read with fontTools before reportlab loads anything.

reportlab embeds TrueType outlines (a `glyf` table) only; OpenType fonts with CFF outlines
(most Noto/Source Han files, many `.otf`) make it fail late, in the middle of a report.
fontTools opened lazily reads the table directory and, when asked, the name table: a few
kilobytes of a file that may be 30 MB, so discovery can skip unusable files and match
families by their Chinese and English names without loading whole fonts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

NAME_FAMILY = 1
NAME_STYLE = 2
NAME_FULL = 4
NAME_TYPO_FAMILY = 16
_WANTED_NAMES = (NAME_FAMILY, NAME_FULL, NAME_TYPO_FAMILY)
# Unicode, Macintosh, Windows. ISO (2) is deprecated and custom (4) names are not text.
_TEXT_PLATFORMS = (0, 1, 3)
REGULAR_STYLES = frozenset({"regular", "book", "normal", "roman", "medium", "常规", "標準", "标准"})
# Tags a file may start with: TrueType or OpenType, Apple TrueType, a collection. WOFF and
# WOFF2 (web fonts, which reportlab cannot embed) are refused before fontTools would inflate them.
SFNT_TAGS = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
# Far beyond any real collection: a doctored face count must not make us open a million faces.
MAX_FACES = 256


@dataclass(frozen=True)
class Face:
    """One face of a font file (a .ttc holds several)."""

    path: str
    index: int
    names: frozenset[str]  # family and full names in every language the file carries
    truetype: bool  # has glyf outlines: reportlab can embed it
    regular: bool = True  # the upright, normal-weight face of its family

    def matches(self, wanted: tuple[str, ...]) -> bool:
        lowered = {n.lower() for n in self.names}
        return any(w.lower() in lowered for w in wanted)


class FontFileError(ValueError):
    """The file is not a font discovery can use."""


def _names(font: Any) -> tuple[frozenset[str], bool]:
    """Family and full names, and whether the face is of a regular style."""
    if "name" not in font:
        return frozenset(), True
    found: set[str] = set()
    styles: set[str] = set()
    for record in font["name"].names:
        if record.nameID not in (*_WANTED_NAMES, NAME_STYLE) or record.platformID not in _TEXT_PLATFORMS:
            continue
        text = record.toUnicode(errors="ignore").strip()
        if text and record.nameID == NAME_STYLE:
            styles.add(text.lower())
        elif text:
            found.add(text)
    return frozenset(found), not styles or bool(styles & REGULAR_STYLES)


def _face(path: str, index: int, font: Any) -> Face:
    names, regular = _names(font)
    return Face(path, index, names, "glyf" in font and "CFF " not in font, regular)


def _read(path: str, fh: BinaryIO) -> list[Face]:
    # Imported here: fontTools with its name table takes some 70 ms to import, paid by the
    # process that scans fonts, not by every batch worker (they receive the chosen faces).
    from fontTools.ttLib import TTCollection, TTFont
    from fontTools.ttLib.sfnt import readTTCHeader

    tag = fh.read(4)
    if tag not in SFNT_TAGS:
        raise FontFileError(f"not an sfnt font (tag {tag!r})")
    if tag != b"ttcf":
        with TTFont(fh, lazy=True) as font:
            return [_face(path, 0, font)]
    if readTTCHeader(fh).numFonts > MAX_FACES:
        raise FontFileError("implausible font collection")
    with TTCollection(fh, lazy=True) as collection:
        return [_face(path, index, font) for index, font in enumerate(collection.fonts)]


def faces(path: Path | str) -> list[Face]:
    """Every face of a .ttf/.otf/.ttc file; raises FontFileError when it is not a font."""
    path = os.path.realpath(path)
    if not os.path.isfile(path):  # a named pipe would block the open, a device never end
        raise FontFileError("not a regular file")
    try:
        with open(path, "rb") as fh:
            return _read(path, fh)
    except FontFileError:
        raise
    except Exception as exc:
        # A damaged file (a font folder holds whatever a clerk copied there) makes fontTools
        # raise whatever its parser trips over: TTLibError, struct.error, AssertionError,
        # IndexError … Each means the same here: not a font discovery can use.
        raise FontFileError(f"{type(exc).__name__}: {exc}") from exc
