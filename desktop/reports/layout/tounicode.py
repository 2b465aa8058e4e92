"""reportlab's ToUnicode CMap, corrected for characters beyond the BMP.

A PDF's ToUnicode CMap says which text each glyph of an embedded font subset stands for, as
UTF-16BE: copying, searching, screen readers and text extraction all read it. reportlab 5.1
writes each character's code point as bare hex, so 𠀀 (U+20000) becomes `<20000>`: five hex
digits, which is no UTF-16BE at all, where it needs the surrogate pair `<D840DC00>`. Readers
drop the character (pdfplumber and pypdf do) or take it as U+2000, a blank: a rare name such as
𠀀 prints correctly yet copies, searches and reads back without it.

`install()` puts `to_unicode_cmap` (the same CMap, values in UTF-16BE) in place of reportlab's
`ttfonts.makeToUnicodeCMap`. tests/reports/layout/test_tounicode.py checks that reportlab's own
function is still wrong: when that test fails, reportlab has fixed it, and this module goes.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfbase import ttfonts

# reportlab's function, kept for the test that watches for the upstream fix.
REPORTLAB: Callable[[str, list[int]], str] = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap for a subset, with characters beyond the BMP written as
    UTF-16 surrogate pairs."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def install() -> None:
    """Make reportlab write our CMap from now on (in this process)."""
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
