"""季度指标 values from Excel, from the keyboard on the demo database: 下载模板 writes the quarter's
template, 导入数值 lists what would change and writes it all; a row error, a file that is no
workbook, a template of another quarter, or 取消 leaves the data as it was, said in Chinese."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.indicators import queries, workbooks
from desktop.services.workspace import Workspace
from desktop.ui.results.indicators_tab import IndicatorsTab
from desktop.ui.results.value_import_dialog import ValueImportDialog
from tests.conftest import data_digest
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import Answers, FileAnswers, WhenShown, press
from tests.ui.model_checks import column, shown


@pytest.fixture
def tab(qtbot, demo_ws: Workspace) -> IndicatorsTab:
    t = shown(qtbot, IndicatorsTab(demo_ws))
    row = max((r for r in queries.set_rows(demo_ws) if r.status == "active"), key=lambda r: r.year)
    quarter = max(q for q in range(1, 5) if queries.rankings(demo_ws, row.id, row.year, q).reporting.reported)
    t.choose(row.year, quarter, row.id)
    t.activateWindow()
    QApplication.processEvents()
    return t


def _template(qtbot, tab: IndicatorsTab, monkeypatch, path: Path) -> None:
    files = FileAnswers(monkeypatch, path)
    tab.grid.setFocus()
    alt(qtbot, Qt.Key.Key_E, tab.template_button)  # 下载模板(&E)…
    assert files.asked[0].title == "保存指标数值导入模板" and files.asked[0].name.endswith("数值导入模板.xlsx")


def _edit(path: Path, subject: str, header: str, value: object) -> None:
    wb = load_workbook(path)
    sheet = wb["指标数据"]
    col = next(c.column for c in sheet[1] if c.value == header)
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == subject)
    sheet.cell(row, col).value = value
    wb.save(path)


def _waited(qtbot, d: ValueImportDialog) -> None:
    """The worker done and the dialog the active window (as the window manager makes it; in a
    long test run another window may still hold the activation when the dialog opens)."""
    qtbot.waitUntil(lambda: d.task is None and d.summary.text() != "", timeout=20000)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)


def test_a_filled_template_is_previewed_and_imported(qtbot, tab: IndicatorsTab, monkeypatch, tmp_path: Path):
    path = tmp_path / "数值.xlsx"
    _template(qtbot, tab, monkeypatch, path)
    rows = list(load_workbook(path)["指标数据"].iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "单位", "固定资产投资完成额") and len(rows) - 1 == tab.grid_model.rowCount()
    last = column(tab.ranking_model, 1)[-1]
    _edit(path, last, "新开工项目", 99)
    FileAnswers(monkeypatch, path)
    seen: dict[str, object] = {}

    def look_and_import(d: ValueImportDialog) -> None:
        _waited(qtbot, d)
        seen["summary"] = d.summary.text()
        changed = [n for n, c in enumerate(column(d.model, 5)) if c != "不变"]
        seen["changed"] = [(column(d.model, 1)[n], column(d.model, 2)[n], column(d.model, 4)[n]) for n in changed]
        qtbot.waitUntil(d.import_button.hasFocus)  # the dialog puts Enter on 导入
        press(qtbot, Qt.Key.Key_Return)  # 导入: written in the worker, then the dialog closes
        qtbot.waitUntil(lambda: not d.isVisible(), timeout=20000)

    done = WhenShown(ValueImportDialog, look_and_import)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)  # 导入数值(&I)…
    done.check()
    assert seen["changed"] == [(last, "新开工项目", "99")]
    assert "其中 1 个新增或修改" in str(seen["summary"])
    row = column(tab.grid_model, 0).index(last)
    assert tab.grid_model.index(row, tab.grid_model.column_for("新开工项目")).data() == "99"


def test_row_errors_are_listed_and_nothing_is_written(qtbot, tab: IndicatorsTab, monkeypatch, tmp_path: Path):
    path = tmp_path / "数值.xlsx"
    _template(qtbot, tab, monkeypatch, path)
    first = column(tab.grid_model, 0)[0]
    _edit(path, first, "营商环境评价", 150)
    _edit(path, column(tab.grid_model, 0)[1], "新开工项目", "十个")
    before = data_digest(tab.ws)
    FileAnswers(monkeypatch, path)
    seen: dict[str, object] = {}

    def refuse(d: ValueImportDialog) -> None:
        _waited(qtbot, d)
        seen["summary"] = d.summary.text()
        seen["why"] = column(d.model, 3)
        seen["enabled"] = d.import_button.isEnabled()
        press(qtbot, Qt.Key.Key_Return)  # nothing can be imported: Enter does nothing
        assert d.isVisible()
        press(qtbot, Qt.Key.Key_Escape)

    done = WhenShown(ValueImportDialog, refuse)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)
    done.check()
    assert seen["enabled"] is False
    assert "有 2 行不能导入（2 处问题），不会写入任何数值" in str(seen["summary"])
    assert any("150" in w and "营商环境评价" in w for w in seen["why"])  # type: ignore[union-attr]
    assert "应为数字（不要带单位或文字）" in seen["why"]  # type: ignore[operator]
    assert data_digest(tab.ws) == before


@pytest.mark.parametrize("kind", ["not a workbook", "another quarter"])
def test_an_unreadable_or_foreign_file_is_refused(qtbot, tab: IndicatorsTab, monkeypatch, tmp_path: Path,
                                                  kind: str):
    path = tmp_path / "数值.xlsx"
    if kind == "not a workbook":
        path.write_text("这不是表格", encoding="utf-8")
        expected = "数值.xlsx 不是 Excel 工作簿"
    else:
        set_id, year, quarter = tab.period()  # type: ignore[misc]
        workbooks.write_template(tab.ws, set_id, year, quarter - 1, path)
        expected = f"是为另一个指标体系或季度生成的模板（指标体系 {set_id}，{year}年第{quarter - 1}季度）"
    before = data_digest(tab.ws)
    answers = Answers(monkeypatch)
    FileAnswers(monkeypatch, path)
    seen: dict[str, object] = {}

    def refused(d: ValueImportDialog) -> None:
        _waited(qtbot, d)
        seen.update(summary=d.summary.text(), enabled=d.import_button.isEnabled(), rows=d.model.rowCount())
        press(qtbot, Qt.Key.Key_Escape)

    done = WhenShown(ValueImportDialog, refused)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)
    done.check()
    assert len(answers.asked) == 1 and expected in answers.asked[0]
    assert expected in str(seen["summary"]) and seen["enabled"] is False and seen["rows"] == 0
    assert data_digest(tab.ws) == before


def test_cancel_while_reading_writes_nothing(qtbot, tab: IndicatorsTab, monkeypatch, tmp_path: Path):
    path = tmp_path / "数值.xlsx"
    workbooks.write_template(tab.ws, *tab.period(), path)  # type: ignore[misc]
    _edit(path, column(tab.grid_model, 0)[0], "新开工项目", 77)
    started = threading.Event()
    real = workbooks.preview

    def held(ws, *args, progress=None, cancelled=None):
        started.set()
        # Held until 取消 is pressed, so the press lands while the file is being read.
        for _ in range(2000):
            if cancelled():
                break
            threading.Event().wait(0.005)
        return real(ws, *args, progress=progress, cancelled=cancelled)

    monkeypatch.setattr(workbooks, "preview", held)
    monkeypatch.setattr(workbooks, "CHUNK", 1)
    dialog = ValueImportDialog(tab.ws, tab.period(), "重点工作考核指标", "单位", str(path), tab)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    before = data_digest(tab.ws)
    dialog.start_preview()
    qtbot.waitUntil(started.is_set, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.cancel_button.hasFocus, timeout=2000)
    assert dialog.progress.isVisible()
    press(qtbot, Qt.Key.Key_Space)  # 取消
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)
    assert "已取消读取 数值.xlsx，没有导入任何数值" in dialog.summary.text()
    assert not dialog.import_button.isEnabled() and not dialog.progress.isVisible()
    assert data_digest(tab.ws) == before
