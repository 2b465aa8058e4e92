"""Sending a report to paper as the vector document it is, where the system allows.

A page rendered to an image at a printer's 1,200 dpi made a 5-page report a 34.5 MB spool
file that took half a minute. So: printing to a PDF file writes the report's own pages; on
Linux a printer known to CUPS gets the PDF itself through `lp` (which talks to the local
print service, not to the network); only where neither applies are pages rendered as
images, at the printer's resolution but never above MAX_DPI.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import dataclass

from desktop.errors import FrontlineError
from desktop.store.atomic import write_atomic

MAX_DPI = 600  # beyond this a raster page only grows: text at 600 dpi is sharper than the toner
LP_TIMEOUT = 120

COPY, CUPS, RASTER = "copy", "cups", "raster"
SIDES = {"none": "one-sided", "long": "two-sided-long-edge", "short": "two-sided-short-edge"}


@dataclass(frozen=True)
class Job:
    """What the print dialog chose, in plain terms."""

    to_file: str  # the PDF file printed to ("" for a printer)
    printer: str  # the printer's name ("" when unknown)
    first: int  # 1-based page range; 0, 0 for every page
    last: int
    copies: int = 1
    sides: str = "none"  # none, long, short


def cups_available() -> bool:
    return sys.platform.startswith("linux") and shutil.which("lp") is not None


def route(job: Job, *, cups: bool) -> str:
    """COPY the report's pages into a PDF file, send them to CUPS, or RASTER them."""
    if job.to_file:
        return COPY
    if cups and job.printer:
        return CUPS
    return RASTER


def render_dpi(printer_dpi: int) -> int:
    return max(72, min(printer_dpi, MAX_DPI))


def pages_of(pdf: bytes, first: int, last: int) -> bytes:
    """The report with only pages first..last (1-based, inclusive); all of it for 0, 0."""
    if not first or not last:
        return pdf
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for index in range(first - 1, min(last, len(reader.pages))):
        writer.add_page(reader.pages[index])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_to_file(pdf: bytes, job: Job) -> None:
    """“Print to PDF”: the chosen pages, as vectors, written whole or not at all."""
    write_atomic(job.to_file, pages_of(pdf, job.first, job.last))


def send_to_cups(pdf: bytes, job: Job, title: str) -> None:
    """Hand the PDF to the local print service; raises FrontlineError with its reason."""
    command = ["lp", "-d", job.printer, "-n", str(max(1, job.copies)), "-t", title,
               "-o", f"sides={SIDES.get(job.sides, 'one-sided')}"]
    if job.first and job.last:
        command += ["-P", f"{job.first}-{job.last}"]
    try:
        done = subprocess.run(command, input=pdf, capture_output=True, timeout=LP_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FrontlineError(f"无法把报表送到打印机 {job.printer}：{exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip() or f"lp 返回 {done.returncode}"
        raise FrontlineError(f"打印机 {job.printer} 没有接受打印任务：{reason}")
