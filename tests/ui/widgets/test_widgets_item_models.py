"""The models behind the type-ahead fields pass pytest-qt's model tester (Python port, re-run on
every change): a code field's pinyin filter over its code table (民族 in a demo file), and the
cadre picker's list of matches (积分's 干部 field) — while the clerk types, and on an empty
database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QStringListModel, Qt

from desktop.services.workspace import Workspace
from desktop.ui.cadres.cadre_editor import CadreEditor
from desktop.ui.ledger.ledger_page import LedgerPage
from desktop.ui.widgets.code_combo import CodeCombo, PinyinFilter
from tests.ui.model_checks import check, column, shown


def _ethnicity(qtbot, ws: Workspace, cadre_id: int | None) -> CodeCombo:
    editor = shown(qtbot, CadreEditor(ws, cadre_id))
    combo = editor.basic.fields["ethnicity"].widget
    assert isinstance(combo, CodeCombo)
    return combo


@pytest.mark.parametrize("layer", ["filter", "source"])
def test_code_field_pinyin_filter(qtbot, qtmodeltester, demo_ws: Workspace, layer: str):
    combo = _ethnicity(qtbot, demo_ws, 1)
    pinyin = combo.completer().model()
    assert isinstance(pinyin, PinyinFilter)
    model = pinyin if layer == "filter" else pinyin.sourceModel()
    check(qtbot, qtmodeltester, model)
    every = column(pinyin)
    assert len(every) > 50 and "汉族" in every  # the national table of 民族
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), "han")  # by full pinyin
    assert "汉族" in column(pinyin) and len(column(pinyin)) < len(every)
    qtbot.keyClicks(combo.lineEdit(), "qqq")
    assert column(pinyin) == []
    for _ in "hanqqq":
        qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Backspace)
    assert column(pinyin) == every


def test_cadre_picker_matches(qtbot, qtmodeltester, demo_ws: Workspace):
    picker = shown(qtbot, LedgerPage(demo_ws)).cadre
    model = picker.completer().model()
    assert isinstance(model, QStringListModel)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0
    qtbot.keyClicks(picker, "zh")  # 张, 赵, 周 … by initials and pinyin
    matches = column(model)
    assert 0 < len(matches) <= 30 and all("　" in m for m in matches)  # name, then unit and post
    qtbot.keyClick(picker, Qt.Key.Key_Backspace)
    qtbot.keyClick(picker, Qt.Key.Key_Backspace)
    assert model.rowCount() == 0


@pytest.mark.parametrize("name", ["filter", "picker"])
def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace, name: str):
    if name == "filter":
        combo = _ethnicity(qtbot, ws, None)
        model = combo.completer().model()
        check(qtbot, qtmodeltester, model)
        qtbot.keyClicks(combo.lineEdit(), "han")
        assert "汉族" in column(model)  # a new database has the code tables
    else:
        picker = shown(qtbot, LedgerPage(ws)).cadre
        model = picker.completer().model()
        check(qtbot, qtmodeltester, model)
        qtbot.keyClicks(picker, "zh")
        assert model.rowCount() == 0  # nobody on file yet
