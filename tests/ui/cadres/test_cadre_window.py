"""Issue 3 as a clerk works: keyboard-first creation, roster, undo, validation, closing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.cadres import cadre_files
from desktop.services.workspace import Workspace
from desktop.ui.cadres.cadre_editor import CadreEditor
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import PASSWORD
from tests.ui.helpers import Answers, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, ws: Workspace) -> MainWindow:
    w = MainWindow(ws, Settings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.show_section(w.section_index(w.cadres))  # the window opens on 工作台: these tests work in the roster (Ctrl+1)
    return w


def _editor(window: MainWindow) -> CadreEditor:
    editor = window.cadres.currentWidget()
    assert isinstance(editor, CadreEditor)
    return editor


def _names(window: MainWindow) -> list[str]:
    model = window.model
    col = model.keys.index("name")
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def test_create_a_cadre_with_posts_and_family_by_keyboard(qtbot, window, monkeypatch):
    answers = Answers(monkeypatch)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = _editor(window)
    assert editor.basic.fields["name"].widget.hasFocus()
    type_text(qtbot, "张三")
    editor.basic.fields["citizen_id"].widget.setFocus()
    type_text(qtbot, "11010519491231002X")
    # The ID number filled birth month and sex.
    assert editor.basic.fields["birth"].get() == "1949.12"
    assert editor.basic.fields["sex"].get() == "女"

    editor.tabs.setCurrentIndex(1)  # 任职
    posts = editor.tables["posts"]
    posts.view.setFocus()
    press(qtbot, Qt.Key.Key_Insert)  # a new row, editing its first cell (the unit)
    type_text(qtbot, "海滨市财政局")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "局长")
    press(qtbot, Qt.Key.Key_Return)
    start_col = [c.key for c in posts.model.columns].index("start")
    posts.view.setCurrentIndex(posts.model.index(0, start_col))
    type_text(qtbot, "201803")
    press(qtbot, Qt.Key.Key_Return)
    # The appointment is in the 简历 preview at once, with the open end of a current post.
    assert editor.resume_preview.toPlainText().splitlines() == ["2018.03--         海滨市财政局局长"]

    editor.tabs.setCurrentIndex(4)  # 家庭成员
    family = editor.tables["family"]
    family.view.setFocus()
    press(qtbot, Qt.Key.Key_Insert)
    type_text(qtbot, "丈夫")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "李四")
    press(qtbot, Qt.Key.Key_Return)

    assert editor.title().endswith("*")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert not editor.form.dirty, answers.asked
    cadre_id = editor.form.cadre_id
    with window.ws.read("test.inspect") as s:
        c = cadre_files.load(s, cadre_id)
        assert (c.name, c.sex, str(c.birth)) == ("张三", "女", "1949.12")
        assert [(p.unit_name, p.title, str(p.start)) for p in c.posts] == [("海滨市财政局", "局长", "2018.03")]
        assert [(f.relation, f.name) for f in c.family] == [("丈夫", "李四")]

    # The roster shows the new file, and initials find it.
    assert "张三" in _names(window)
    window.cadres.setCurrentIndex(0)
    window.cadres.roster.focus_filter()
    with qtbot.waitSignal(window.model.roster_did_reload, timeout=3000):
        type_text(qtbot, "zs")
    assert _names(window) == ["张三"]


def _saved_zhang(ws: Workspace) -> int:
    return cadre_files.save(ws, cadre_files.CadreFile(
        fields={"name": "张三", "sex": "女", "birth": "1949.12", "citizen_id": "11010519491231002X"},
        records={"family": [{"relation": "丈夫", "name": "李四"}]}))


def test_edit_undo_and_save(qtbot, window, monkeypatch):
    Answers(monkeypatch)
    cadre_id = _saved_zhang(window.ws)
    editor = window.cadres.open_cadre(cadre_id)
    name = editor.basic.fields["name"].widget
    name.setFocus()
    name.end(False)
    type_text(qtbot, "丰")
    assert editor.form.fields["name"] == "张三丰" and editor.title() == "张三丰 *"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert name.text() == "张三" and not editor.form.dirty
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert name.text() == "张三丰"
    press(qtbot, Qt.Key.Key_S, CTRL)
    with window.ws.read("test.inspect") as s:
        assert cadre_files.load(s, cadre_id).name == "张三丰"
    assert window.statusBar().currentMessage().startswith("已保存 张三丰 的档案")  # Ctrl+S answers
    assert not editor.form.can_undo()
    assert "张三丰" in _names(window)
    # The change is in the file's history tab.
    editor.history.load(cadre_id)
    assert any("张三 → 张三丰" in row.detail for row in editor.history.model.rows)


def test_validation_messages_beside_fields_and_refused_save(qtbot, window, monkeypatch):
    answers = Answers(monkeypatch)
    cadre_id = _saved_zhang(window.ws)
    editor = window.cadres.open_cadre(cadre_id)
    field = editor.basic.fields["citizen_id"]
    field.widget.setFocus()
    field.widget.selectAll()
    type_text(qtbot, "110105194912310021")
    qtbot.waitUntil(lambda: field.message.isVisible(), timeout=3000)
    assert "校验位错误" in field.message.text()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert any("校验位错误" in text for text in answers.asked)
    with window.ws.read("test.inspect") as s:
        assert cadre_files.load(s, cadre_id).citizen_id == "11010519491231002X"
    assert editor.form.dirty  # nothing typed is lost


def test_a_post_without_unit_is_marked_and_refused(qtbot, window, monkeypatch):
    answers = Answers(monkeypatch)
    cadre_id = _saved_zhang(window.ws)
    editor = window.cadres.open_cadre(cadre_id)
    editor.tabs.setCurrentIndex(1)  # 任职
    posts = editor.tables["posts"]
    posts.view.setFocus()
    press(qtbot, Qt.Key.Key_Insert)  # editing the unit cell: left empty
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "局长")
    press(qtbot, Qt.Key.Key_Return)
    start_col = [c.key for c in posts.model.columns].index("start")
    posts.view.setCurrentIndex(posts.model.index(0, start_col))
    type_text(qtbot, "201803")
    press(qtbot, Qt.Key.Key_Return)
    unit = posts.model.index(0, [c.key for c in posts.model.columns].index("unit_name"))
    qtbot.waitUntil(lambda: unit.data(Qt.ItemDataRole.ToolTipRole) == "任职第1条：单位必填", timeout=3000)
    assert unit.data(Qt.ItemDataRole.BackgroundRole) is not None  # the cell is marked
    assert "任职第1条：单位必填" in editor.summary.toolTip()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert any("任职第1条：单位必填" in text for text in answers.asked)
    assert posts.view.currentIndex() == unit  # the clerk is taken to the empty unit
    with window.ws.read("test.inspect") as s:
        assert cadre_files.load(s, cadre_id).posts == []
    assert editor.form.dirty


def test_unsaved_changes_prompt_on_escape(qtbot, window, monkeypatch):
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Cancel)
    cadre_id = _saved_zhang(window.ws)
    editor = window.cadres.open_cadre(cadre_id)
    editor.basic.fields["mobile"].widget.setFocus()
    type_text(qtbot, "13800000000")
    press(qtbot, Qt.Key.Key_Escape)
    assert "未保存的修改" in answers.asked[-1]
    assert window.cadres.indexOf(editor) > 0  # Cancel keeps it open
    answers.answer = QMessageBox.StandardButton.Discard
    editor.basic.fields["mobile"].widget.setFocus()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.cadres.count() == 1
    with window.ws.read("test.inspect") as s:
        assert cadre_files.load(s, cadre_id).mobile == ""


def test_closing_the_window_with_unsaved_work_can_save_it(qtbot, window, monkeypatch):
    Answers(monkeypatch, QMessageBox.StandardButton.Save)
    cadre_id = _saved_zhang(window.ws)
    editor = window.cadres.open_cadre(cadre_id)
    editor.basic.fields["mobile"].widget.setFocus()
    type_text(qtbot, "13800000000")
    ws = window.ws
    path = ws.db.path
    window.close()
    reopened = Workspace.open(path, "admin", PASSWORD)
    with reopened.read("test.inspect") as s:
        assert cadre_files.load(s, cadre_id).mobile == "13800000000"
    reopened.close()


def test_duplicate_warning_before_saving(qtbot, window, monkeypatch):
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Cancel)
    _saved_zhang(window.ws)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = _editor(window)
    type_text(qtbot, "张三")
    editor.basic.fields["citizen_id"].widget.setFocus()
    type_text(qtbot, "11010519491231002X")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert "身份证号相同" in answers.asked[-1]
    assert editor.form.cadre_id is None  # not saved: the clerk cancelled


def test_data_quality_row_opens_the_file_at_the_field(qtbot, window):
    cadre_id = _saved_zhang(window.ws)
    window.show_section(window.section_index(window.quality))
    page = window.quality
    page.start()
    qtbot.waitUntil(lambda: page.start_button.isEnabled() and bool(page.issues), timeout=10000)
    row = next(i for i, issue in enumerate(page.shown) if issue.field == "native_place")
    page._fix(row)
    editor = _editor(window)
    assert editor.form.cadre_id == cadre_id
    assert editor.basic.fields["native_place"].widget.hasFocus()


def test_statistics_page_counts(qtbot, window):
    _saved_zhang(window.ws)
    window.show_section(window.section_index(window.statistics))
    window.statistics.refresh()
    qtbot.waitUntil(lambda: window.statistics.result is not None, timeout=10000)
    assert window.statistics.model.data(window.statistics.model.index(0, 0)) == "女"
    assert "共 1 人" in window.statistics.summary.text()




def test_rewards_and_punishments_share_a_tab(qtbot, window, monkeypatch):
    Answers(monkeypatch, QMessageBox.StandardButton.Discard)  # the window closes with this edit unsaved
    cadre_id = cadre_files.save(window.ws, cadre_files.CadreFile(
        fields={"name": "王五", "sex": "男", "birth": "1970.01"},
        records={"rewards": [{"title": "嘉奖", "date": "2020.01"}],
                 "punishments": [{"title": "警告", "date": "2019.01", "lifted": "2020.01"}]}))
    editor = window.cadres.open_cadre(cadre_id, "punishments[0].lifted")
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "&6 奖惩（2）"  # Alt+6, one reward and one punishment
    titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert titles[:2] == ["&1 基本信息", "&2 任职（0）"] and titles[-2:] == ["&9 附件（0）", "&0 变更记录"]
    assert editor.tables["punishments"].model.rowCount() == 1
    assert editor.tables["rewards"].model.rowCount() == 1
    editor.tables["rewards"].model.add_row()  # the count follows the rows
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "&6 奖惩（3）"
    editor.tables["rewards"].model.remove_row(1)
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "&6 奖惩（2）"
    editor.form.set_cell("punishments", 0, "lifted", "2018.01")
    editor.validate()
    problems = editor.tables["punishments"].model.problems
    assert "早于开始时间" in problems[(0, "lifted")][0]
    # The problem summary's link is a Tab stop while it says something, and only then.
    assert editor.summary.text() and editor.summary.focusPolicy() == Qt.FocusPolicy.TabFocus
    editor.form.set_cell("punishments", 0, "lifted", "2020.01")
    editor.validate()
    assert editor.summary.text() == "" and editor.summary.focusPolicy() == Qt.FocusPolicy.NoFocus


@pytest.mark.parametrize("key", [Qt.Key.Key_Tab, Qt.Key.Key_Return])
def test_code_fields_take_the_first_pinyin_match_on_tab_or_enter(qtbot, window, key, monkeypatch):
    Answers(monkeypatch, QMessageBox.StandardButton.Discard)  # the new file is not saved
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = _editor(window)
    editor.basic.fields["political_status"].widget.setFocus()
    type_text(qtbot, "zgdy")
    press(qtbot, key)
    assert editor.form.fields["political_status"] == "中共党员"
    editor.basic.fields["ethnicity"].widget.setFocus()
    type_text(qtbot, "汉")
    press(qtbot, key)
    assert editor.form.fields["ethnicity"] == "汉族"
    # Text that matches nothing is kept as typed, for validation to flag.
    editor.basic.fields["ethnicity"].widget.setFocus()
    editor.basic.fields["ethnicity"].widget.lineEdit().selectAll()
    type_text(qtbot, "qqq")
    press(qtbot, key)
    assert editor.form.fields["ethnicity"] == "qqq"
    # The same in a table cell: 称谓 typed as initials.
    editor.tabs.setCurrentIndex(4)  # 家庭成员
    family = editor.tables["family"]
    family.view.setFocus()
    press(qtbot, Qt.Key.Key_Insert)
    type_text(qtbot, "zf")
    press(qtbot, Qt.Key.Key_Tab)
    assert editor.form.records["family"][0]["relation"] == "丈夫"


def test_typing_slowly_in_a_cell_survives_the_validation_marks(qtbot, window, monkeypatch):
    from desktop.ui.cadres.cadre_editor import VALIDATE_DELAY_MS

    Answers(monkeypatch, QMessageBox.StandardButton.Discard)  # the new file is not saved
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = _editor(window)
    editor.tabs.setCurrentIndex(1)  # 任职
    posts = editor.tables["posts"]
    posts.view.setFocus()
    press(qtbot, Qt.Key.Key_Insert)  # a new row: "单位必填" is marked on it while the clerk types
    type_text(qtbot, "海滨")
    qtbot.wait(VALIDATE_DELAY_MS + 200)  # a pause to think, longer than validation's delay
    assert posts.model.problems  # the marks arrived meanwhile
    type_text(qtbot, "市财政局")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "局")
    qtbot.wait(VALIDATE_DELAY_MS + 200)
    type_text(qtbot, "长")
    press(qtbot, Qt.Key.Key_Return)
    row = editor.form.records["posts"][0]
    assert (row["unit_name"], row["title"]) == ("海滨市财政局", "局长")


def test_the_file_shows_what_a_peer_form_brought(qtbot, window, monkeypatch):
    """奖惩情况 as written, 呈报单位 and the reform's two fields, from another tool's LRMX."""
    from pathlib import Path

    from desktop.services.exchange import imports

    Answers(monkeypatch, QMessageBox.StandardButton.Discard)
    sample = Path(__file__).parents[2] / "data" / "lrmx" / "林秀珍.lrmx"
    cadre_id = imports.commit(window.ws, imports.preview(window.ws, sample)).added[0]
    editor = window.cadres.open_cadre(cadre_id, "")
    basic = editor.basic
    assert basic.fields["rewards_override"].get() == "2019年被评为全省优秀公务员；2021年记三等功"
    assert basic.fields["reporting_unit"].get() == "中共海滨市委组织部"
    assert basic.fields["pre_reform_age_limit"].get() == "改革前任职年龄界限为60岁"
    due = basic.fields["retirement_due"].widget
    assert due.text() == "" and "2034.04" in due.placeholderText()  # computed by the reform's schedule
    limit = basic.fields["pre_reform_age_limit"].widget
    limit.setFocus()
    limit.lineEdit().selectAll()
    type_text(qtbot, "改革前任职年龄界限为55岁")
    assert "2028.01" in due.placeholderText()  # 55岁8个月 for one born 1972.05
