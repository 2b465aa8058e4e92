"""指标体系管理 as a clerk uses it, by keyboard: a set of three indicators of the three kinds
written, saved, activated and then offered by the 季度指标 tab; a bad weight or cap refused
with the service's message and nothing written; an active set read-only until 新版本 copies
it into a draft; the indicator table through pytest-qt's model tester."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from desktop.services.indicators import queries, rule_sets
from desktop.services.indicators.rule_sets import IndicatorSpec, SetSpec
from desktop.services.workspace import Workspace
from desktop.ui.results.indicators_tab import IndicatorsTab
from desktop.ui.results.rule_set_dialog import RuleSetDialog
from desktop.ui.results.rule_set_model import Col, IndicatorRulesModel
from tests.conftest import data_digest
from tests.services.indicators.indicator_scenario import build
from tests.ui.helpers import Answers, WhenShown, press, type_text
from tests.ui.model_checks import check, column, shown

YEAR = 2026
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _dialog(qtbot, ws: Workspace) -> RuleSetDialog:
    d = shown(qtbot, RuleSetDialog(ws, YEAR))
    d.activateWindow()
    QApplication.processEvents()
    return d


def _alt(qtbot, key: Qt.Key, button: QAbstractButton) -> None:
    """Alt+letter on a button's mnemonic: Qt clicks it a moment later (animateClick)."""
    with qtbot.waitSignal(button.clicked, timeout=2000):
        press(qtbot, key, ALT)


def _active_set(ws: Workspace) -> int:
    set_id = rule_sets.create(ws, SetSpec("重点工作考核指标", YEAR, "unit", (
        IndicatorSpec("招商引资到位资金", 60, "target", cap=1.2, measure="亿元"),
        IndicatorSpec("安全生产事故", 40, "ranking", lower_is_better=True, measure="起"))))
    rule_sets.activate(ws, set_id)
    return set_id


def _cells(d: RuleSetDialog, col: Col) -> list[str]:
    return column(d.model, col)


def _type_three_indicators(qtbot, d: RuleSetDialog) -> None:
    """From 新建 (Alt+C): the name, then three rows typed into the table."""
    _alt(qtbot, Qt.Key.Key_C, d.new_button)
    assert QApplication.focusWidget() is d.name
    type_text(qtbot, "重点任务指标")
    press(qtbot, Qt.Key.Key_Tab)  # 考核对象: 单位 stays
    press(qtbot, Qt.Key.Key_Tab)  # the table, on the first row's name
    assert QApplication.focusWidget() is d.table
    press(qtbot, Qt.Key.Key_F2)  # Chinese arrives from the input method: the cell is opened first
    type_text(qtbot, "招商引资到位资金")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "40")
    press(qtbot, Qt.Key.Key_Tab)  # 评分方式: 按目标 stays
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "1.2")  # 封顶系数
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Insert)  # a second row, its name being edited
    type_text(qtbot, "安全生产事故")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "30")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_F2)  # the combo
    press(qtbot, Qt.Key.Key_Down)  # 按排名
    press(qtbot, Qt.Key.Key_Return)
    for _ in range(4):  # to 越低越好
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Insert)
    type_text(qtbot, "营商环境评价")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "30")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_F2)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)  # 人工评分
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab)  # 封顶系数 does not apply
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "60")  # 最低分; 最高分 stays 100
    press(qtbot, Qt.Key.Key_Return)


def test_a_set_of_three_kinds_saved_activated_and_offered_by_the_tab(qtbot, ws: Workspace, monkeypatch):
    answers = Answers(monkeypatch)
    tab = shown(qtbot, IndicatorsTab(ws))
    tab.year.setValue(YEAR)
    assert tab.rule_set.count() == 0
    seen: dict[str, object] = {}

    def fill(d: RuleSetDialog) -> None:
        d.activateWindow()
        QApplication.processEvents()
        _type_three_indicators(qtbot, d)
        assert _cells(d, Col.RULE) == ["按目标", "按排名", "人工评分"]
        assert _cells(d, Col.CAP) == ["1.2", "—", "—"] and _cells(d, Col.MIN) == ["—", "—", "60"]
        assert d.total.text() == "权重合计：100 ✓" and d.problems.text() == ""
        press(qtbot, Qt.Key.Key_S, CTRL)
        assert column(d.sets_model, 0) == ["重点任务指标"] and column(d.sets_model, 3) == ["草稿"]
        assert "已保存" in d.problems.text()
        _alt(qtbot, Qt.Key.Key_E, d.activate_button)  # 启用, confirmed
        seen["asked"] = list(answers.asked)
        seen["state"] = (column(d.sets_model, 3), d.state.text(), d.model.read_only)
        press(qtbot, Qt.Key.Key_Escape)

    done = WhenShown(RuleSetDialog, fill)
    tab.manage_button.setFocus()
    _alt(qtbot, Qt.Key.Key_M, tab.manage_button)  # 指标体系管理
    done.check()
    assert len(seen["asked"]) == 1 and "启用“重点任务指标”第1版" in seen["asked"][0]  # type: ignore[index]
    statuses, state, read_only = seen["state"]  # type: ignore[misc]
    assert statuses == ["已启用"] and "已启用，不能直接修改" in state and read_only
    [row] = queries.set_rows(ws, YEAR)
    detail = queries.set_detail(ws, row.id)
    assert [(i.name, i.weight, i.rule, i.cap, i.min_value, i.max_value, i.lower_is_better) for i in detail.indicators] \
        == [("招商引资到位资金", 40, "target", 1.2, 0, 100, False), ("安全生产事故", 30, "ranking", 1, 0, 100, True),
            ("营商环境评价", 30, "manual", 1, 60, 100, False)]
    assert [tab.rule_set.itemText(i) for i in range(tab.rule_set.count())] == ["重点任务指标（第1版，单位，已启用）"]
    assert tab.period() is not None and tab.period()[0] == row.id  # type: ignore[index]
    assert tab.grid_model.columnCount() == 2 + 3 + 1  # the new set's grid: a target column for 招商引资


def test_a_bad_weight_or_cap_is_refused_and_nothing_written(qtbot, ws: Workspace, monkeypatch):
    answers = Answers(monkeypatch)
    d = _dialog(qtbot, ws)
    before = data_digest(ws)
    _alt(qtbot, Qt.Key.Key_C, d.new_button)
    type_text(qtbot, "重点任务指标")
    d.table.setFocus()
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, "招商引资到位资金")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "abc")  # not a number: told at once, the cell keeps its value
    press(qtbot, Qt.Key.Key_Return)
    assert "不是数字" in d.problems.text() and _cells(d, Col.WEIGHT) == ["0"]
    type_text(qtbot, "100")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "0.5")  # a cap below 1
    press(qtbot, Qt.Key.Key_Return)
    assert "封顶系数应不小于 1（现为 0.5）" in d.problems.text()
    assert d.model.index(0, Col.CAP).data(Qt.ItemDataRole.ToolTipRole) == "封顶系数应不小于 1（现为 0.5）"
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert answers.asked == ["第1项指标：封顶系数应不小于 1（现为 0.5）"]
    assert data_digest(ws) == before and d.creating and d.dirty
    # The cap mended, the weight made 90: the total is what the service refuses now.
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return)
    d.table.setCurrentIndex(d.model.index(0, Col.WEIGHT))
    type_text(qtbot, "90")
    press(qtbot, Qt.Key.Key_Return)
    assert d.total.text() == "权重合计：90（须为 100）"
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert answers.asked[-1] == "各项指标权重合计应为 100，现为 90"
    assert data_digest(ws) == before
    d.table.setCurrentIndex(d.model.index(0, Col.WEIGHT))
    type_text(qtbot, "100")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert len(answers.asked) == 2 and [r.name for r in queries.set_rows(ws, YEAR)] == ["重点任务指标"]


def test_an_active_set_is_read_only_and_a_new_version_copies_it(qtbot, ws: Workspace, monkeypatch):
    answers = Answers(monkeypatch)
    first = _active_set(ws)
    d = _dialog(qtbot, ws)
    assert d.detail is not None and d.detail.row.id == first
    assert "已启用，不能直接修改" in d.state.text() and "新版本" in d.state.text()
    assert d.name.isReadOnly() and not d.save_button.isEnabled() and d.version_button.isEnabled()
    d.table.setFocus()
    d.table.setCurrentIndex(d.model.index(0, Col.WEIGHT))
    type_text(qtbot, "50")  # nothing opens, nothing changes
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Insert)
    assert _cells(d, Col.WEIGHT) == ["60", "40"] and not d.dirty
    _alt(qtbot, Qt.Key.Key_V, d.version_button)  # 新版本
    assert column(d.sets_model, 2) == ["第 1 版", "第 2 版"] and column(d.sets_model, 3) == ["已启用", "草稿"]
    assert d.detail is not None and d.detail.row.version == 2 and not d.model.read_only
    assert _cells(d, Col.NAME) == ["招商引资到位资金", "安全生产事故"] and _cells(d, Col.CAP) == ["1.2", "—"]
    assert d.model.index(1, Col.LOWER).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    d.table.setFocus()
    d.table.setCurrentIndex(d.model.index(0, Col.WEIGHT))
    type_text(qtbot, "50")
    press(qtbot, Qt.Key.Key_Tab)
    d.table.setCurrentIndex(d.model.index(1, Col.WEIGHT))
    type_text(qtbot, "50")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_S, CTRL)
    _alt(qtbot, Qt.Key.Key_E, d.activate_button)  # 启用 the second version: the first retires
    assert "同名的第1版将停用" in answers.asked[-1]
    assert column(d.sets_model, 3) == ["已停用", "已启用"]
    assert [i.weight for i in queries.set_detail(ws, first).indicators] == [60, 40]  # the first kept as it was
    d.sets.setFocus()
    press(qtbot, Qt.Key.Key_Up)  # the first version, as it is now
    assert "第1版已停用，不能修改" in d.state.text() and d.model.read_only


def test_a_used_version_says_why_and_is_retired_only_when_confirmed(qtbot, ws: Workspace, monkeypatch):
    scenario = build(ws)  # values recorded against the active version
    recorded = queries.set_detail(ws, scenario.set_id).row.values
    d = _dialog(qtbot, ws)
    assert f"已录入 {recorded} 个指标数值，不能修改：过去的季度仍按它计分" in d.state.text()
    assert d.model.read_only and not d.save_button.isEnabled() and not d.activate_button.isEnabled()
    before = data_digest(ws)
    answers = Answers(monkeypatch, QMessageBox.StandardButton.No)
    _alt(qtbot, Qt.Key.Key_T, d.retire_button)  # 停用, then 否
    assert len(answers.asked) == 1 and "停用“重点任务指标”第1版？" in answers.asked[0]
    assert data_digest(ws) == before and column(d.sets_model, 3) == ["已启用"]
    answers.answer = QMessageBox.StandardButton.Yes
    _alt(qtbot, Qt.Key.Key_T, d.retire_button)
    assert column(d.sets_model, 3) == ["已停用"] and not d.retire_button.isEnabled()
    assert "已停用“重点任务指标”第1版" in d.problems.text()


def test_the_indicator_rules_model(qtbot, qtmodeltester, ws: Workspace, monkeypatch):
    _active_set(ws)
    d = _dialog(qtbot, ws)
    model = d.model
    assert isinstance(model, IndicatorRulesModel)
    check(qtbot, qtmodeltester, model)
    _alt(qtbot, Qt.Key.Key_V, d.version_button)  # a reset, onto an editable copy
    model.insert(1)
    model.move(1, 1)
    model.move(2, -1)
    model.setData(model.index(0, Col.RULE), "manual")
    model.setData(model.index(0, Col.LOWER), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert _cells(d, Col.RULE) == ["人工评分", "按目标", "按排名"] and _cells(d, Col.LOWER)[0] == "—"
    model.remove(1)
    assert model.rowCount() == 2
    answers = Answers(monkeypatch)
    d.year.setValue(2000)  # no set that year: empty, the changes given up when asked
    assert "有未保存的修改" in answers.asked[0]
    assert model.rowCount() == 0 and "还没有指标体系" in d.state.text()


def test_a_name_taken_that_year_is_refused_and_another_active_set_mentioned(qtbot, ws: Workspace, monkeypatch):
    answers = Answers(monkeypatch)
    _active_set(ws)
    draft = rule_sets.create(ws, SetSpec("领导班子指标", YEAR, "unit", (IndicatorSpec("党建工作", 100, "manual"),)))
    d = _dialog(qtbot, ws)
    d.sets.setFocus()
    press(qtbot, Qt.Key.Key_End, CTRL)  # the last row: 领导班子指标, after 重点工作考核指标
    assert d.detail is not None and d.detail.row.id == draft and not d.model.read_only
    d.name.setFocus()
    d.name.selectAll()
    type_text(qtbot, "重点工作考核指标")
    before = data_digest(ws)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert answers.asked == [f"{YEAR}年已有名为“重点工作考核指标”的指标体系"]
    assert data_digest(ws) == before and d.dirty
    d.name.selectAll()
    type_text(qtbot, "领导班子指标")
    _alt(qtbot, Qt.Key.Key_E, d.activate_button)  # saves, then asks
    assert "“重点工作考核指标”不会停用" in answers.asked[-1]
    assert sorted(r.status for r in queries.set_rows(ws, YEAR)) == ["active", "active"]


def test_no_alt_letter_is_used_twice_in_the_dialog(qtbot, ws: Workspace):
    import re
    from collections import Counter

    from PySide6.QtWidgets import QLabel

    d = _dialog(qtbot, ws)
    texts = [b.text() for b in d.findChildren(QAbstractButton)]
    texts += [lb.text() for lb in d.findChildren(QLabel) if lb.buddy() is not None]
    letters = Counter(m.group(1).upper() for t in texts if (m := re.search(r"&([^&])", t)))
    assert letters and max(letters.values()) == 1, letters


def test_the_tab_shows_the_version_activated_in_the_dialog(qtbot, ws: Workspace, monkeypatch):
    answers = Answers(monkeypatch)
    first = _active_set(ws)
    tab = shown(qtbot, IndicatorsTab(ws))
    tab.choose(YEAR, 1, first)
    assert tab.rule_set.currentText() == "重点工作考核指标（第1版，单位，已启用）"

    def fill(d: RuleSetDialog) -> None:
        d.activateWindow()
        QApplication.processEvents()
        _alt(qtbot, Qt.Key.Key_V, d.version_button)
        _alt(qtbot, Qt.Key.Key_E, d.activate_button)
        press(qtbot, Qt.Key.Key_Escape)

    done = WhenShown(RuleSetDialog, fill)
    _alt(qtbot, Qt.Key.Key_M, tab.manage_button)
    done.check()
    assert len(answers.asked) == 1
    assert tab.rule_set.currentText() == "重点工作考核指标（第2版，单位，已启用）"
    assert tab.rule_set.findText("重点工作考核指标（第1版，单位，已停用）") >= 0


def test_a_draft_with_values_is_locked_and_can_be_copied(qtbot, ws: Workspace):
    from desktop.services.indicators import values

    scenario = build(ws, record=False)
    draft = rule_sets.new_version(ws, scenario.set_id)
    indicator = queries.set_detail(ws, draft).indicators[0].id
    values.record(ws, draft, YEAR, 1, scenario.a, indicator, 80, 100)
    d = _dialog(qtbot, ws)
    d.sets.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert d.detail is not None and d.detail.row.id == draft
    assert "第2版已录入 1 个指标数值，不能修改" in d.state.text() and d.model.read_only
    assert d.version_button.isEnabled()
    _alt(qtbot, Qt.Key.Key_V, d.version_button)
    assert column(d.sets_model, 2) == ["第 1 版", "第 2 版", "第 3 版"] and not d.model.read_only
