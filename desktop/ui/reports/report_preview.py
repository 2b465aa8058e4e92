"""Preview of a generated report (QtPdf), with print, page setup, and save as PDF or Word.

The PDF is shown from memory: nothing about a cadre reaches the disk until the clerk saves.
Printing sends the report's own pages (to a PDF file, or to CUPS on Linux) and renders images
only where it must, at no more than 600 dpi (services/reports/printing.py); the audit log
records the number of every copy saved or printed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.reports import catalog
from desktop.services.reports import printing, report_data
from desktop.services.reports.reports import Generated, export, generate, record_print
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, qt_gaps, workers
from desktop.ui.common.messages import show_error

ZOOM_STEP = 1.25
# Where reports are saved and printed to file; the batch dialog starts there too (reports/last_folder).
REPORTS_FOLDER = "reports"
PDF_OUTPUT = QPrinter.OutputFormat.PdfFormat
DUPLEX_SIDES = {QPrinter.DuplexMode.DuplexLongSide: "long", QPrinter.DuplexMode.DuplexShortSide: "short",
                QPrinter.DuplexMode.DuplexAuto: "long"}


class ReportPreview(QDialog):
    """Shows one Generated report. `request` lets 另存为 Word make the Word copy of the same report."""

    def __init__(self, ws: Workspace, made: Generated, request: report_data.Request | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.made, self.request = ws, made, request
        self.printer: QPrinter | None = None
        self._task: workers.Task | None = None
        self.setWindowTitle(f"预览 — {made.title}")
        self.resize(900, 1000)
        self.document = QPdfDocument(self)
        self._bytes = QByteArray(made.data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        bar = QToolBar(self)
        self.print_action = self._action(bar, "打印(&P)…", self.print_dialog, QKeySequence.StandardKey.Print)
        self._action(bar, "页面设置(&U)…", self.page_setup)
        bar.addSeparator()
        self.save_pdf_action = self._action(bar, "另存为 PDF(&S)…", self.save_pdf, QKeySequence.StandardKey.Save)
        self.save_word_action = self._action(bar, "另存为 Word(&W)…", self.save_word, "Ctrl+Shift+S")
        word = catalog.KINDS[made.kind].formats
        self.save_word_action.setEnabled("docx" in word and request is not None)
        bar.addSeparator()
        self._action(bar, "放大", lambda: self._zoom(ZOOM_STEP), QKeySequence.StandardKey.ZoomIn)
        self._action(bar, "缩小", lambda: self._zoom(1 / ZOOM_STEP), QKeySequence.StandardKey.ZoomOut)
        self._action(bar, "适合宽度", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth), "Ctrl+0")
        self._action(bar, "整页", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView), "Ctrl+9")

        info = f"报表编号 {made.number}　共 {made.pages} 页"
        if made.missing:
            info += f"　注意：字符“{''.join(sorted(made.missing))}”在所有可用字体中都找不到，已印作〓"
        self.info = QLabel(info)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        self.view.setFocus()

    def _action(self, bar: QToolBar, text: str, slot: Callable[[], object],
                keys: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self)
        shortcuts = [QKeySequence(keys)] if keys is not None else []
        # A tool button shows "打印(P)…" but, unlike a push button, takes no Alt+P from its
        # "&P": the letter shown becomes a shortcut of the action itself.
        letter = mnemonic(text)
        if letter:
            shortcuts.append(QKeySequence(f"Alt+{letter}"))
        if shortcuts:
            action.setShortcuts(shortcuts)
        action.triggered.connect(slot)
        bar.addAction(action)
        self.addAction(action)
        return action

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    # --- saving ---------------------------------------------------------------------------

    def _ask_path(self, suffix: str, label: str) -> Path | None:
        name = self.made.suggested_name().rsplit(".", 1)[0] + suffix
        chosen = file_dialogs.save_file(self, "另存为", name, f"{label} (*{suffix})", purpose=REPORTS_FOLDER)
        if not chosen:
            return None
        return Path(chosen if chosen.lower().endswith(suffix) else chosen + suffix)

    def save_pdf(self) -> None:
        path = self._ask_path(".pdf", "PDF 文件")
        if path is None:
            return
        try:
            export(self.ws, self.made, path)
        except Exception as exc:
            show_error(self, exc)
            return
        self.info.setText(f"已保存到 {path}（报表编号 {self.made.number}）")

    def save_word(self) -> None:
        if self.request is None:
            return
        path = self._ask_path(".docx", "Word 文档")
        if path is None:
            return
        request = report_data.Request(**{**self.request.__dict__, "fmt": "docx"})
        self.info.setText("正在生成 Word 文档……")
        self._task = workers.start(lambda _t: generate(self.ws, request, out=path),
                                   on_success=lambda made: self.info.setText(
                                       f"已保存 Word 文档到 {path}（报表编号 {made.number}）"),
                                   on_failure=lambda exc: show_error(self, exc))

    # --- printing -------------------------------------------------------------------------

    def _printer(self) -> QPrinter:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self.printer.setDocName(self.made.title)
            size = self.document.pagePointSize(0)
            if size.width() > size.height():  # the 民主测评结果统计表 is printed across the sheet
                self.printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        return self.printer

    def page_setup(self) -> None:
        qt_gaps.fill(QPageSetupDialog(self._printer(), self)).exec()

    def print_dialog(self) -> None:
        printer = self._printer()
        dialog = qt_gaps.fill(QPrintDialog(printer, self))
        dialog.setMinMax(1, max(1, self.document.pageCount()))
        self._suggest_file(dialog, printer)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except Exception as exc:
            show_error(self, exc)
            return
        if printer.outputFormat() == PDF_OUTPUT and printer.outputFileName():
            file_dialogs.remember(REPORTS_FOLDER, Path(printer.outputFileName()).parent)

    def _suggest_file(self, dialog: QPrintDialog, printer: QPrinter) -> None:
        """打印到文件 names the file after the report, in the folder reports were last saved to.

        Qt offers the home (or working) folder with no name at all on some platforms. Setting
        the printer's own output name instead would turn every print into PDF output, so only
        the dialog's box is filled; a real printer chosen in the dialog ignores it."""
        box = dialog.findChild(QLineEdit, "filename")
        if box is None or printer.outputFileName():
            return
        name = self.made.suggested_name().rsplit(".", 1)[0] + ".pdf"
        box.setText(str(file_dialogs.remembered_folder(REPORTS_FOLDER) / name))

    def print_to(self, printer: QPrinter) -> int:
        """Send the pages (the range chosen in the dialog, else all) to the printer: the PDF
        itself to a file or to CUPS, pages as images only where that cannot be done."""
        count = self.document.pageCount()
        first, last = printer.fromPage(), printer.toPage()
        pages = range(first - 1, min(last, count)) if first and last else range(count)
        job = printing.Job(to_file=printer.outputFileName() if printer.outputFormat() == PDF_OUTPUT else "",
                           printer=printer.printerName(), first=first, last=last, copies=printer.copyCount(),
                           sides=DUPLEX_SIDES.get(printer.duplex(), "none"))
        how = printing.route(job, cups=printing.cups_available())
        if how == printing.COPY:
            printing.print_to_file(self.made.data, job)
        elif how == printing.CUPS:
            printing.send_to_cups(self.made.data, job, self.made.title)
        else:
            self._raster(printer, pages)
        record_print(self.ws, self.made, job.printer or job.to_file or "打印机", job.copies)
        self.info.setText(f"已送打印 {len(pages)} 页（报表编号 {self.made.number}）")
        return len(pages)

    def _raster(self, printer: QPrinter, pages: range) -> None:
        raster(self.document, printer, pages, printing.render_dpi(printer.resolution()))


def mnemonic(text: str) -> str:
    """The letter after a single "&" ("打印(&P)…" → "P"); "" when there is none."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    letter = plain[at + 1:at + 2] if at >= 0 else ""
    return letter.upper() if letter.isascii() and letter.isalnum() else ""


def raster(document: QPdfDocument, printer: QPrinter, pages: range, dpi: int) -> None:
    """Each page as an image of `dpi` (the printer's resolution, capped by printing.render_dpi)."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印：打印机不可用或已取消")
    try:
        for n, index in enumerate(pages):
            if n:
                printer.newPage()
            size = document.pagePointSize(index)
            pixels = QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
            image = document.render(index, pixels)
            target = painter.viewport()
            fitted = pixels.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), fitted), image)  # scaled while drawing: no second copy
    finally:
        painter.end()
