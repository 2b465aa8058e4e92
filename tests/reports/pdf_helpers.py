"""Reading generated PDFs back as a reader would: text, character boxes, embedded fonts."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4


@dataclass
class Page:
    width_mm: float
    height_mm: float
    text: str  # the page's text without the (rotated) watermark
    chars: list[dict]  # every character but the watermark's
    watermark: str  # the watermark's characters


def _rotated(obj: dict) -> bool:
    matrix = obj.get("matrix")
    return bool(matrix) and abs(matrix[1]) > 1e-6


def pages(pdf: bytes) -> list[Page]:
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for p in doc.pages:
            straight = p.filter(lambda obj: obj.get("object_type") != "char" or not _rotated(obj))
            marks = "".join(c["text"] for c in p.chars if _rotated(c))
            out.append(Page(p.width / MM, p.height / MM, straight.extract_text() or "", list(straight.chars), marks))
    return out


def text(pdf: bytes) -> str:
    return "\n".join(p.text for p in pages(pdf))


def compact(pdf: bytes) -> str:
    """All text without spaces or line breaks (labels are spread: 姓　名)."""
    return "".join(text(pdf).split()).replace("\u3000", "")


def body_chars(page: Page, size: float = 16.0) -> list[dict]:
    """Characters of the body grid: upright, exactly the body size (the watermark is rotated,
    page numbers, marks and footers have other sizes)."""
    return [c for c in page.chars if abs(c["size"] - size) < 0.01 and c["text"].strip()]


def fonts(pdf: bytes) -> list[dict]:
    """Every font dictionary used on any page (descendants of Type0 fonts included)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found.append(font)
            for child in font.get("/DescendantFonts") or []:
                found.append(child.get_object())
    return found


def embedded(font: dict) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return font.get("/Subtype") == "/Type0"  # its descendant carries the file
    d = descriptor.get_object()
    return any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def table_rows(pdf: bytes) -> list[list[str]]:
    """Rows of every ruled table on every page, each cell's text joined (a wrapped cell
    reads as one string), the watermark left out."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for p in doc.pages:
            straight = p.filter(lambda obj: obj.get("object_type") != "char" or not _rotated(obj))
            for table in straight.extract_tables():
                out += [["".join((cell or "").split()) for cell in r] for r in table]
    return out


def prose(pdf: bytes) -> str:
    """The running text of a narrative report (body size, every page in order) without page
    numbers, marks, footers or tables: a sentence broken by a page break reads whole."""
    return "".join(c["text"] for p in pages(pdf) for c in body_chars(p))
