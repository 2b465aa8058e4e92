"""Printing sends the report as the vector PDF it is: into a PDF file, or to CUPS through `lp`
on Linux; pages become images only for other printers, at no more than 600 dpi."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QToolBar
from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.models import Cadre
from desktop.services.reports import printing, report_data
from desktop.services.reports.printing import Job
from desktop.services.reports.reports import generate
from desktop.ui.reports.report_preview import ReportPreview, mnemonic
from tests.reports.pdf_helpers import compact, pages
from tests.ui.helpers import FileAnswers, press


@pytest.fixture
def preview(qtbot, demo_ws) -> ReportPreview:
    with demo_ws.read("test.inspect") as s:
        cadre_id = s.scalar(select(Cadre.id).order_by(Cadre.id).limit(1))
    request = report_data.Request("adform", cadre_id=cadre_id)
    shown = ReportPreview(demo_ws, generate(demo_ws, request), request)
    qtbot.addWidget(shown)
    return shown


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # 1,200 dpi: the case that made 34.5 MB
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_to_a_pdf_file_writes_the_reports_own_pages(preview: ReportPreview, tmp_path: Path):
    whole = tmp_path / "whole.pdf"
    assert preview.print_to(_pdf_printer(whole)) == 2
    assert whole.read_bytes() == preview.made.data  # vectors, not pictures of them
    second = tmp_path / "second.pdf"
    printer = _pdf_printer(second)
    printer.setFromTo(2, 2)
    assert preview.print_to(printer) == 1
    assert len(pages(second.read_bytes())) == 1
    assert compact(second.read_bytes()) in compact(preview.made.data)  # the second page's text, as text
    assert second.stat().st_size < len(preview.made.data)


def test_which_way_a_job_goes():
    assert printing.route(Job("/tmp/x.pdf", "", 0, 0), cups=True) == printing.COPY
    assert printing.route(Job("", "办公室打印机", 0, 0), cups=True) == printing.CUPS
    assert printing.route(Job("", "办公室打印机", 0, 0), cups=False) == printing.RASTER
    assert printing.route(Job("", "", 0, 0), cups=True) == printing.RASTER
    assert (printing.render_dpi(1200), printing.render_dpi(300)) == (600, 300)


def _fake_lp(folder: Path, code: int = 0, said: str = "") -> Path:
    script = folder / "lp"
    script.write_text(f"#!/bin/sh\necho \"$@\" > {folder}/args\ncat > {folder}/stdin\n"
                      f"echo '{said}' >&2\nexit {code}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_cups_gets_the_pdf_with_the_dialogs_choices(tmp_path: Path, monkeypatch):
    _fake_lp(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert printing.cups_available()
    printing.send_to_cups(b"%PDF-1.7 report", Job("", "office", 2, 3, copies=2, sides="long"), "任免审批表")
    assert (tmp_path / "args").read_text("utf-8").split() == [
        "-d", "office", "-n", "2", "-t", "任免审批表", "-o", "sides=two-sided-long-edge", "-P", "2-3"]
    assert (tmp_path / "stdin").read_bytes() == b"%PDF-1.7 report"


def test_a_printer_cups_does_not_know_is_a_clear_refusal(tmp_path: Path, monkeypatch):
    _fake_lp(tmp_path, 1, "lp: The printer or class does not exist.")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(FrontlineError, match=r"打印机 gone 没有接受打印任务：lp: The printer or class does not exist"):
        printing.send_to_cups(b"%PDF", Job("", "gone", 0, 0), "报表")


def test_pages_become_images_at_600_dpi_at_most(preview: ReportPreview, tmp_path: Path, monkeypatch):
    asked = []
    render = preview.document.render
    monkeypatch.setattr(preview.document, "render", lambda index, size: asked.append(size) or render(index, size))
    printer = _pdf_printer(tmp_path / "raster.pdf")
    assert printer.resolution() == 1200
    preview._raster(printer, range(1))
    width_points = preview.document.pagePointSize(0).width()
    assert [s.width() for s in asked] == [round(width_points / 72 * 600)]


def test_the_toolbar_s_letters_work_with_alt(qtbot, preview: ReportPreview, tmp_path: Path, monkeypatch):
    """另存为 PDF(S) is Alt+S, as the letter shown on the button says (a tool button takes no
    mnemonic of its own)."""
    target = tmp_path / "任免审批表.pdf"
    files = FileAnswers(monkeypatch, target)
    preview.show()
    qtbot.waitExposed(preview)
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow)
    assert mnemonic("另存为 PDF(&S)…") == "S" and mnemonic("放大") == "" and mnemonic("A && B") == ""
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(target.exists)
    assert target.read_bytes() == preview.made.data and files.asked
    assert QKeySequence("Alt+U") in preview.findChild(QToolBar).actions()[1].shortcuts()  # 页面设置(U)


# Without a printer (the tests' machine), Qt says so when the page setup opens for PDF output.
@pytest.mark.qt_log_ignore("QPageSetupDialog: Cannot be used on non-native printers")
def test_the_print_and_page_setup_dialogs_say_everything_in_chinese(qtbot):
    """Qt's translation leaves three labels in English (打印页面, 每张纸页数, 页面顺序); paper names
    keep their standard codes."""
    import re

    from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    from desktop.ui.common import qt_gaps

    for dialog in (qt_gaps.fill(QPrintDialog(QPrinter())), qt_gaps.fill(QPageSetupDialog(QPrinter()))):
        qtbot.addWidget(dialog)
        said = [w.text() for w in dialog.findChildren(QLabel)]
        said += [w.text() for w in dialog.findChildren(QAbstractButton)]
        said += [g.title() for g in dialog.findChildren(QGroupBox)]
        assert [t for t in said if re.search("[A-Za-z]{3,}", t) and "PDF" not in t] == []


def test_printing_to_a_file_offers_the_reports_name_where_reports_go(qtbot, preview: ReportPreview,
                                                                    tmp_path: Path):
    """Qt offered the home folder with no file name; now the report's own name, in the folder
    reports were last saved or printed to, and a print to file there is remembered."""
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QComboBox, QLineEdit

    from desktop.ui.common import file_dialogs
    from tests.ui.helpers import WhenShown

    saved = tmp_path / "报表"
    saved.mkdir()
    file_dialogs.remember("reports", saved)
    expected = saved / (preview.made.suggested_name().rsplit(".", 1)[0] + ".pdf")
    offered: list[str] = []

    def print_there(d: QPrintDialog) -> None:
        printers = next(c for c in d.findChildren(QComboBox) if c.objectName() == "printers")
        printers.setCurrentIndex(printers.count() - 1)  # 打印到文件(PDF)
        offered.append(d.findChild(QLineEdit, "filename").text())
        d.accept()

    shown = WhenShown(QPrintDialog, print_there)
    preview.print_dialog()
    shown.check()
    assert offered == [str(expected)]
    assert expected.read_bytes() == preview.made.data
    assert file_dialogs.remembered_folder("reports") == saved
