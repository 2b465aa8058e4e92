"""Just enough of the sfnt (TrueType/OpenType) format to choose fonts before loading them.

reportlab embeds TrueType outlines (a `glyf` table) only; OpenType fonts with CFF outlines
(most Noto/Source Han files, many `.otf`) make it fail late, in the middle of a report.
Reading the table directory and the name table here is cheap (a few kilobytes of a file
that may be 30 MB), so discovery can skip unusable files and match families by their
Chinese and English names without loading whole fonts.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

NAME_FAMILY = 1
NAME_STYLE = 2
NAME_FULL = 4
NAME_TYPO_FAMILY = 16
_WANTED_NAMES = (NAME_FAMILY, NAME_FULL, NAME_TYPO_FAMILY)


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


class SfntError(ValueError):
    """The file is not a font this module can read."""


# Far beyond any real table directory or name table: a doctored count or length must not make
# us allocate gigabytes before finding out the file is short.
MAX_READ = 16 * 2**20
MAX_FACES = 256


def _read(fh: object, offset: int, size: int) -> bytes:
    if size > MAX_READ:
        raise SfntError("implausible table size")
    fh.seek(offset)  # type: ignore[attr-defined]
    data: bytes = fh.read(size)  # type: ignore[attr-defined]
    if len(data) != size:
        raise SfntError("truncated font file")
    return data


def _tables(fh: object, offset: int) -> dict[bytes, tuple[int, int]]:
    head = _read(fh, offset, 12)
    version = head[:4]
    if version not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise SfntError(f"not an sfnt font (tag {version!r})")
    count = struct.unpack(">H", head[4:6])[0]
    directory = _read(fh, offset + 12, 16 * count)
    out = {}
    for i in range(count):
        tag, _checksum, start, length = struct.unpack(">4sLLL", directory[16 * i:16 * i + 16])
        out[tag] = (start, length)
    return out


def _decode(platform: int, raw: bytes) -> str | None:
    if platform in (0, 3):  # Unicode, Windows: UTF-16BE
        return raw.decode("utf-16-be", errors="ignore")
    if platform == 1:  # Macintosh Roman; Chinese Mac names are rare in fonts we care about
        return raw.decode("latin-1", errors="ignore")
    return None


REGULAR_STYLES = frozenset({"regular", "book", "normal", "roman", "medium", "常规", "標準", "标准"})


def _names(fh: object, where: tuple[int, int]) -> tuple[frozenset[str], bool]:
    """Family and full names, and whether the face is a regular style."""
    start, length = where
    table = _read(fh, start, length)
    _fmt, count, strings = struct.unpack(">HHH", table[:6])
    found: set[str] = set()
    styles: set[str] = set()
    for i in range(count):
        platform, _enc, _lang, name_id, size, off = struct.unpack(">6H", table[6 + 12 * i:18 + 12 * i])
        if name_id not in (*_WANTED_NAMES, NAME_STYLE):
            continue
        text = _decode(platform, table[strings + off:strings + off + size])
        if text and text.strip():
            (styles if name_id == NAME_STYLE else found).add(text.strip().lower())
            if name_id != NAME_STYLE:
                found.discard(text.strip().lower())
                found.add(text.strip())
    return frozenset(found), not styles or bool(styles & REGULAR_STYLES)


def faces(path: Path | str) -> list[Face]:
    """Every face of a .ttf/.otf/.ttc file; raises SfntError when it is not a font."""
    path = os.path.realpath(path)
    if not os.path.isfile(path):  # a named pipe would block the open, a device never end
        raise SfntError("not a regular file")
    try:
        with open(path, "rb") as fh:
            tag = _read(fh, 0, 4)
            if tag == b"ttcf":
                count = struct.unpack(">L", _read(fh, 8, 4))[0]
                if count > MAX_FACES:
                    raise SfntError("implausible font collection")
                offsets = struct.unpack(f">{count}L", _read(fh, 12, 4 * count))
            else:
                offsets = (0,)
            out = []
            for index, offset in enumerate(offsets):
                tables = _tables(fh, offset)
                names, regular = _names(fh, tables[b"name"]) if b"name" in tables else (frozenset(), True)
                out.append(Face(path, index, names, b"glyf" in tables and b"CFF " not in tables, regular))
            return out
    except (OSError, struct.error) as exc:
        raise SfntError(str(exc)) from exc
