"""季度指标 from the keyboard on the demo database: a value typed into the grid moves the unit's
total and rank, an out-of-range manual score is refused and the cell keeps its value, the
bottom three are marked and explained, the 成绩单 printed to a PDF; and both table models
through pytest-qt's model tester."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.indicators import queries
from desktop.services.workspace import Workspace
from desktop.ui.results.indicator_grid_model import NOT_REPORTED, IndicatorGridModel
from desktop.ui.results.indicators_tab import IndicatorsTab
from desktop.ui.results.ranking_model import BOTTOM_TEXT, RankingModel
from desktop.ui.results.ranking_note_dialog import RankingNoteDialog
from desktop.ui.results.results_section import ResultsSection
from tests.ui.helpers import Answers, FileAnswers, WhenShown, press, type_text
from tests.ui.model_checks import check, column, shown


def _latest(ws: Workspace) -> tuple[int, int, int]:
    """This year's demo set and its last quarter with values (the demo fills the quarters so far)."""
    row = max((r for r in queries.set_rows(ws) if r.status == "active"), key=lambda r: r.year)
    assert row.name == "重点工作考核指标"
    quarter = max(q for q in range(1, 5) if queries.rankings(ws, row.id, row.year, q).reporting.reported)
    return row.id, row.year, quarter


@pytest.fixture
def tab(qtbot, demo_ws: Workspace) -> IndicatorsTab:
    t = shown(qtbot, IndicatorsTab(demo_ws))
    set_id, year, quarter = _latest(demo_ws)
    t.choose(year, quarter, set_id)
    t.activateWindow()
    QApplication.processEvents()
    return t


def _go(tab: IndicatorsTab, subject: str, indicator: str) -> tuple[int, int]:
    row = column(tab.grid_model, 0).index(subject)
    col = tab.grid_model.column_for(indicator)
    tab.grid.setFocus()
    tab.grid.setCurrentIndex(tab.grid_model.index(row, col))
    return row, col


def _ranked(tab: IndicatorsTab, subject: str) -> tuple[int, str]:
    at = column(tab.ranking_model, 1).index(subject)
    return int(column(tab.ranking_model, 0)[at]), column(tab.ranking_model, 3)[at]


def test_a_value_typed_in_moves_the_total_and_the_rank(qtbot, tab: IndicatorsTab):
    last = column(tab.ranking_model, 1)[-1]
    rank, total = _ranked(tab, last)
    assert rank == tab.ranking_model.rowCount() and "报送率" in tab.summary.text()
    row, col = _go(tab, last, "固定资产投资完成额")
    type_text(qtbot, "999999")
    press(qtbot, Qt.Key.Key_Return)
    assert tab.grid_model.index(row, col).data() == "999999"
    assert tab.grid.currentIndex().row() == row + 1  # Enter went down, like a spreadsheet
    new_rank, new_total = _ranked(tab, last)
    assert float(new_total) > float(total) and new_rank < rank
    # Tab goes right: a value and Tab records it, the next typed goes into the next column.
    row, col = _go(tab, last, "新开工项目")
    type_text(qtbot, "40")
    press(qtbot, Qt.Key.Key_Tab)
    assert tab.grid.currentIndex().column() == col + 1
    type_text(qtbot, "30")
    press(qtbot, Qt.Key.Key_Return)
    assert [tab.grid_model.index(row, c).data() for c in (col, col + 1)] == ["40", "30"]
    grid = queries.value_grid(tab.ws, *tab.period())  # type: ignore[misc]
    [mine] = [r for r in grid.rows if r.subject == last]
    assert mine.values[2:4] == (40, 30)  # 新开工项目, 一般公共预算收入增幅: recorded


def test_an_out_of_range_manual_score_is_refused_and_the_cell_kept(qtbot, tab: IndicatorsTab, monkeypatch):
    answers = Answers(monkeypatch)
    subject = column(tab.grid_model, 0)[0]
    row, col = _go(tab, subject, "营商环境评价")
    before = tab.grid_model.index(row, col).data()
    type_text(qtbot, "150")
    press(qtbot, Qt.Key.Key_Return)
    assert len(answers.asked) == 1 and "150" in answers.asked[0] and "营商环境评价" in answers.asked[0]
    assert tab.grid_model.index(row, col).data() == before
    type_text(qtbot, "abc")  # not a number: told, nothing recorded
    press(qtbot, Qt.Key.Key_Return)
    assert "不是数字" in answers.asked[-1]


def test_cells_not_reported_are_blank_and_tinted(tab: IndicatorsTab):
    grid = tab.grid_model
    blanks = [(r, c) for r in range(grid.rowCount()) for c in range(2, grid.columnCount())
              if grid.column_of(c) and not grid.column_of(c).target and grid.index(r, c).data() == ""]  # type: ignore[union-attr]
    assert blanks, "the demo leaves about 3% of the values unreported"
    r, c = blanks[0]
    assert grid.index(r, c).data(Qt.ItemDataRole.BackgroundRole) == NOT_REPORTED
    missing = len(queries.reporting(tab.ws, *tab.period()).not_reported)  # type: ignore[misc]
    assert f"{missing} 个单位未报齐" in tab.summary.text()


def test_the_bottom_three_are_marked_and_explained(qtbot, tab: IndicatorsTab):
    marks = column(tab.ranking_model, 5)
    assert marks[-3:] == ["末位"] * 3 and set(marks[:-3]) == {""}
    last = tab.ranking_model.rowCount() - 1
    assert tab.ranking_model.index(last, 1).data(Qt.ItemDataRole.ForegroundRole) == BOTTOM_TEXT
    assert tab.ranking_model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    tab.ranking.setFocus()
    tab.ranking.setCurrentIndex(tab.ranking_model.index(0, 1))
    assert not tab.note_button.isEnabled()  # the first is not asked to explain
    tab.ranking.setCurrentIndex(tab.ranking_model.index(last, 1))
    assert tab.note_button.isEnabled()

    def fill(d: RankingNoteDialog) -> None:
        d.explanation.setFocus()
        type_text(qtbot, "项目开工滞后")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "倒排工期")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    done = WhenShown(RankingNoteDialog, fill)
    press(qtbot, Qt.Key.Key_Return)  # Enter on the row opens 说明与整改
    done.check()
    subject_id = tab.ranking_model.row_at(last).subject_id  # type: ignore[union-attr]
    [note] = [n for n in queries.ranking_notes(tab.ws, *tab.period()) if n.subject_id == subject_id]  # type: ignore[misc]
    assert (note.explanation, note.measures) == ("项目开工滞后", "倒排工期")
    assert column(tab.ranking_model, 5)[last] == "末位（已说明）"


def test_the_scorecard_is_printed_to_a_pdf(qtbot, tab: IndicatorsTab, monkeypatch, tmp_path: Path):
    out = tmp_path / "成绩单.pdf"
    files = FileAnswers(monkeypatch, out)
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert files.asked[0].title == "保存成绩单" and files.asked[0].name.endswith("成绩单.pdf")
    text = "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "重点工作考核指标" in text.replace(" ", "")
    first = column(tab.ranking_model, 1)[0]
    assert first in text.replace(" ", "")


def test_the_rankings_are_exported(qtbot, tab: IndicatorsTab, monkeypatch, tmp_path: Path):
    import openpyxl

    out = tmp_path / "排名.xlsx"
    FileAnswers(monkeypatch, out)
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    cells = {c.value for ws in openpyxl.load_workbook(out).worksheets for r in ws.iter_rows() for c in r}
    assert column(tab.ranking_model, 1)[0] in cells


def test_the_section_has_the_tab(qtbot, ws: Workspace):
    section = shown(qtbot, ResultsSection(ws))
    assert section.tabText(section.indexOf(section.indicators)) == "季度指标"
    assert "没有指标体系" in section.indicators.summary.text()


def test_the_grid_model(qtbot, qtmodeltester, demo_ws: Workspace):
    t = shown(qtbot, IndicatorsTab(demo_ws))
    model = t.grid_model
    assert isinstance(model, IndicatorGridModel)
    check(qtbot, qtmodeltester, model)
    set_id, year, quarter = _latest(demo_ws)
    t.choose(year, quarter, set_id)
    assert model.rowCount() > 100 and model.columnCount() == 2 + 8 + 3  # three target-rule indicators
    t.choose(year - 1, 1)  # last year's set: a reset
    assert model.rowCount() > 100
    t.choose(2000, 1)  # no set: empty
    assert model.rowCount() == 0


def test_the_ranking_model(qtbot, qtmodeltester, demo_ws: Workspace):
    t = shown(qtbot, IndicatorsTab(demo_ws))
    model = t.ranking_model
    assert isinstance(model, RankingModel)
    check(qtbot, qtmodeltester, model)
    set_id, year, quarter = _latest(demo_ws)
    t.choose(year, quarter, set_id)
    assert model.rowCount() > 100
    t.choose(2000, 1)
    assert model.rowCount() == 0
