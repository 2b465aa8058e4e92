"""Printing a 5-page report: what reaches the printer and how long it takes.

Three ways, interleaved, BENCH_PRINT_RUNS times (default 3), to a PDF "printer" file so the
bytes can be counted: pages as images at 1,200 dpi (what printing did before: a HighResolution
QPrinter's own resolution), images at the 600 dpi cap (printers that are not CUPS or a file),
and the report's own vector pages (a PDF file, or CUPS through lp). Prints size and seconds
of each, with the spread of the runs and the ratios to the 1,200 dpi way.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_scorecard_layout import _data


def _report() -> bytes:
    from desktop.reports.layout.stamp import Stamp
    from desktop.reports.render import render

    mark = Stamp("2026-000001", "2026-07-10 09:00", "内部资料", created=dt.datetime(2026, 7, 10, 9))
    return render(_data(60), mark).pdf


def main() -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from desktop.services.reports import printing
    from desktop.ui.reports.report_preview import raster

    app = QApplication.instance() or QApplication([])
    pdf = _report()
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    pages = range(min(5, document.pageCount()))
    folder = Path(tempfile.mkdtemp(prefix="bench-print-"))

    def printer(name: str) -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(folder / name))
        return p

    ways = {
        "图像 1200 dpi（原来）": lambda: raster(document, printer("r1200.pdf"), pages, 1200),
        "图像 600 dpi（上限）": lambda: raster(document, printer("r600.pdf"), pages, printing.MAX_DPI),
        "矢量 PDF（文件或 CUPS）": lambda: printing.print_to_file(
            pdf, printing.Job(str(folder / "vector.pdf"), "", 1, len(pages))),
    }
    files = dict(zip(ways, ("r1200.pdf", "r600.pdf", "vector.pdf"), strict=True))
    seconds: dict[str, list[float]] = {k: [] for k in ways}
    for _run in range(int(os.environ.get("BENCH_PRINT_RUNS", "3"))):
        for name, way in ways.items():
            started = time.perf_counter()
            way()
            seconds[name].append(time.perf_counter() - started)
    base_size = (folder / files["图像 1200 dpi（原来）"]).stat().st_size
    base_time = statistics.median(seconds["图像 1200 dpi（原来）"])
    print(f"报表 {len(pages)} 页（成绩单，{len(pdf) / 1024:.0f} KB）")
    for name in ways:
        size = (folder / files[name]).stat().st_size
        runs = seconds[name]
        middle = statistics.median(runs)
        print(f"{name}：{size / 1024 / 1024:.2f} MB（{size / base_size:.3f} 倍），"
              f"{middle:.2f} s（{min(runs):.2f}–{max(runs):.2f}；{middle / base_time:.3f} 倍）")
    del app
