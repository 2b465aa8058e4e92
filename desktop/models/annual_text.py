"""年度考核结果 as text: reading a form's wording into results, and the wording to show.

A form from another tool words the results its own way ("2022年度优秀，2023年度称职"). That
wording is kept (cadres.annual_results_text) and printed and exported as it was written for
as long as it still says exactly what the results on file say; a new year's result makes it
stale, and then the text is composed from the records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

GRADES = ("基本称职", "不称职", "称职", "优秀", "基本合格", "不合格", "合格", "不定等次", "不确定等次")
_YEARS = re.compile(
    r"((?:\d{4}\s*年?度?\s*[、，,和及]\s*)*\d{4})\s*年?度?\s*(?:年度)?(?:考核)?(?:结果)?(?:为|是|：|:)?\s*"
    rf"({'|'.join(GRADES)})(?:（([^）]*)）)?")


class AnnualLike(Protocol):
    year: int
    grade: str
    note: str


def _digits(text: str) -> str:
    """Full-width digits (２０２２) read as digits; nothing else changes."""
    return "".join(unicodedata.normalize("NFKC", ch) if "０" <= ch <= "９" else ch for ch in text)


def parse_annual(text: str) -> list[dict[str, Any]]:
    """The results a wording states, one per year, oldest first."""
    out: dict[int, dict[str, Any]] = {}
    for m in _YEARS.finditer(_digits(text or "")):
        for year in re.findall(r"\d{4}", m[1]):
            entry: dict[str, Any] = {"year": int(year), "grade": m[2]}
            if m[3]:
                entry["note"] = m[3]
            out[int(year)] = entry
    return [out[y] for y in sorted(out)]


def compose_annual(results: Iterable[AnnualLike]) -> str:
    """The wording the 任免审批表 editor uses: 2022年度考核优秀；2023年度考核称职."""
    parts = []
    for r in sorted(results, key=lambda r: r.year):
        if r.grade:
            parts.append(f"{r.year}年度考核{r.grade}" + (f"（{r.note}）" if r.note else ""))
    return "；".join(parts)


R = TypeVar("R", bound=AnnualLike)


def as_written(written: str, results: Sequence[R], compose: Callable[[Sequence[R]], str] | None = None) -> str:
    """`written` while it states exactly the latest results on file, else `compose(results)`
    (the editor's wording by default)."""
    written = (written or "").strip()
    if written:
        said = [(r["year"], r["grade"], r.get("note", "")) for r in parse_annual(written)]
        # Free text without a year (近三年均为称职) stands until a result is on file.
        latest = sorted(results, key=lambda r: r.year)[-len(said):] if said else list(results)
        if said == [(r.year, r.grade, r.note or "") for r in latest]:
            return written
    return compose(results) if compose is not None else compose_annual(results)
