"""One open cadre file (干部档案): tabs for every part of the file, save, undo, close.

Ctrl+S saves, Esc closes (asking about unsaved changes), Ctrl+Z / Ctrl+Y undo and redo within
the form. Validation runs as the clerk types and marks each field or cell; saving is
refused with the list of problems, and a possible duplicate is pointed out before saving.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.models.dates import DateFormatError, PartialDate
from desktop.models.resume import generate_resume
from desktop.models.validation import Problem, ValidationFailed, errors
from desktop.services.cadres import cadre_files, queries
from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.cadres.conflicts import EditConflict
from desktop.services.workspace import Workspace
from desktop.ui.cadres.basic_tab import BasicTab
from desktop.ui.cadres.cadre_form import CadreForm
from desktop.ui.cadres.file_panels import AttachmentsPanel, HistoryPanel
from desktop.ui.cadres.record_table import RecordTable
from desktop.ui.common import conflict_dialog
from desktop.ui.common.children import children_of
from desktop.ui.common.edit_keys import redo_keys, shortcuts
from desktop.ui.common.messages import show_error, tell
from desktop.ui.widgets.text_box import TextBox

VALIDATE_DELAY_MS = 300
# Tab title → the record kinds it shows (奖惩 holds two tables).
# Each tab's Alt+digit is shown first and underlined ("2 任职"), its count of records after it in
# full-width brackets ("2 任职（3）"): "任职(2)" read as two posts, "附件(9)" as nine files.
RECORD_TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("&2 任职", ("posts",)), ("&3 学习经历", ("studies",)), ("&4 工作经历与简历", ("work_records",)),
    ("&5 家庭成员", ("family",)), ("&6 奖惩", ("rewards", "punishments")), ("&7 年度考核", ("annual_results",)),
    ("&8 培训", ("trainings",)),
)
ATTACHMENTS_TITLE = "&9 附件"
KIND_TITLES = {"rewards": "奖励", "punishments": "惩处"}
GONE = "{title}（已被他人删除）"
_PATH = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


class CadreEditor(QWidget):
    """Signals: title_did_change(str), editor_did_save(cadre_id), close_requested()."""

    title_did_change = Signal(str)
    editor_did_save = Signal(int)
    close_requested = Signal()

    def __init__(self, ws: Workspace, cadre_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.gone = False  # deleted by another clerk while open (mark_gone)
        setup = queries.editor_setup(ws, cadre_id)
        self.form = (CadreForm.from_file(cadre_id, setup.file) if cadre_id and setup.file is not None
                     else CadreForm.blank())
        self.codes = setup.codes
        self.unit_labels = setup.unit_labels
        self.problems: list[Problem] = []
        self._build(setup.tags)
        self.form.listeners.append(self._form_changed)
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_DELAY_MS)
        self._validate_timer.timeout.connect(self.validate)
        self._install_undo_keys()
        self._refresh_resume()
        self.validate()
        self._update_title()

    # --- layout ---------------------------------------------------------------------------

    def _build(self, tags: list[str]) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #b00020;")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.summary.linkActivated.connect(lambda _link: self.focus_first_problem())
        self.save_button = QPushButton("保存(&S)")
        self.save_button.setToolTip("保存（Ctrl+S）")
        self.save_button.clicked.connect(self.save)
        self.undo_button = QPushButton("撤销")
        self.undo_button.setToolTip("撤销（Ctrl+Z）")
        self.undo_button.clicked.connect(self.form.undo)
        self.redo_button = QPushButton("重做")
        self.redo_button.setToolTip("重做（Ctrl+Y）")
        self.redo_button.clicked.connect(self.form.redo)
        close = QPushButton("关闭")
        close.setToolTip("关闭（Esc）")
        close.clicked.connect(self.close_requested)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.summary, 1)
        for b in (self.undo_button, self.redo_button, self.save_button, close):
            top.addWidget(b)

        self.tabs = QTabWidget()
        self.basic = BasicTab(self.form, self.codes, tags)
        self.tabs.addTab(self.basic, "&1 基本信息")
        self.tables: dict[str, RecordTable] = {}
        self.tab_of: dict[str, int] = {}
        for title, kinds in RECORD_TABS:
            for n, kind in enumerate(kinds):
                self.tables[kind] = RecordTable(self.form, kind, self.codes, self.unit_labels, mnemonics=n == 0)
            if kinds == ("work_records",):
                page = self._resume_tab(self.tables["work_records"])
            elif len(kinds) == 1:
                page = self.tables[kinds[0]]
            else:
                page = QSplitter(Qt.Orientation.Vertical)
                for kind in kinds:
                    box = QWidget()
                    box_layout = QVBoxLayout(box)
                    box_layout.setContentsMargins(0, 0, 0, 0)
                    box_layout.addWidget(QLabel(f"{KIND_TITLES[kind]}："))
                    box_layout.addWidget(self.tables[kind], 1)
                    page.addWidget(box)
            index = self.tabs.addTab(page, title)
            self.tab_of.update({kind: index for kind in kinds})
        self.attachments = AttachmentsPanel(self.ws)
        self.attachments.set_cadre(self.form.cadre_id)
        self.tabs.addTab(self.attachments, ATTACHMENTS_TITLE)
        self.history = HistoryPanel(self.ws)
        self.history.load(self.form.cadre_id)
        self.tabs.addTab(self.history, "&0 变更记录")
        models = [t.model for t in self.tables.values()] + [self.attachments.model]
        for model in models:
            for changed in (model.rowsInserted, model.rowsRemoved, model.modelReset):
                changed.connect(self._count_in_titles)
        self._count_in_titles()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    def _count_in_titles(self, *_args: object) -> None:
        """Each record tab and 附件 with its count: 2 任职（3）, 9 附件（0）."""
        for title, kinds in RECORD_TABS:
            count = sum(self.tables[k].model.rowCount() for k in kinds)
            self.tabs.setTabText(self.tab_of[kinds[0]], f"{title}（{count}）")
        index = self.tabs.indexOf(self.attachments)
        self.tabs.setTabText(index, f"{ATTACHMENTS_TITLE}（{self.attachments.model.rowCount()}）")

    def _resume_tab(self, table: RecordTable) -> QWidget:
        self.resume_preview = TextBox()
        self.resume_preview.setReadOnly(True)
        self.resume_override_box = QCheckBox("手工修改简历（覆盖自动生成的内容）")
        self.resume_override_box.toggled.connect(self._override_toggled)
        self.resume_override = TextBox()
        self.resume_override.setUndoRedoEnabled(False)
        self.resume_override.textChanged.connect(
            lambda: self.form.set_field("resume_override", self.resume_override.toPlainText()))
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("简历（按学习经历和工作经历自动生成，在职学习列为“其间”）："))
        box.addWidget(self.resume_preview, 1)
        box.addWidget(self.resume_override_box)
        box.addWidget(self.resume_override, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(table)
        splitter.addWidget(lower)
        splitter.setSizes([300, 300])
        return splitter

    def _install_undo_keys(self) -> None:
        for keys, slot in ((shortcuts(QKeySequence.StandardKey.Undo), self.form.undo),
                           (redo_keys(), self.form.redo),
                           (shortcuts(QKeySequence.StandardKey.Save), self.save)):
            action = QAction(self)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        # Line edits claim Ctrl+Z for their own undo; the form's undo covers every field,
        # so those keys are passed on to the editor's actions instead.
        edits: list[QWidget] = [*children_of(self, QLineEdit), *children_of(self, QPlainTextEdit)]
        for edit in edits:
            edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if pressed in shortcuts(QKeySequence.StandardKey.Undo) or pressed in redo_keys():
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_requested.emit()
            return
        super().keyPressEvent(event)

    # --- form changes ---------------------------------------------------------------------

    def _form_changed(self, what: str, key: str) -> None:
        if what == "all":
            self.basic.refresh()
            self._show_override()
        elif what in ("tags", "photo"):
            self.basic.refresh()
        elif what == "field":
            self.basic.refresh((key,))  # a change made elsewhere than its own widget
        if what in ("all", "records") or (what == "field" and key == "resume_override"):
            self._refresh_resume()
        self._update_title()
        self._validate_timer.start()

    def _update_title(self) -> None:
        self.heading.setText(str(self.form.fields.get("name") or "").strip() or "新建干部")
        self.title_did_change.emit(self.title())
        self.undo_button.setEnabled(self.form.can_undo())
        self.redo_button.setEnabled(self.form.can_redo())

    def title(self) -> str:
        name = str(self.form.fields.get("name") or "").strip() or "新建干部"
        title = f"{name} *" if self.form.dirty else name
        return GONE.format(title=title) if self.gone else title

    def mark_gone(self) -> None:
        """Another clerk deleted this file while this clerk was typing in it: what was typed
        stays on screen (a save says the file is gone), and the tab says why."""
        self.gone = True
        self._update_title()

    def _refresh_resume(self) -> None:
        self.resume_preview.setPlainText(generate_resume(
            _Rows(self.form, "studies"), _Rows(self.form, "work_records"), _Rows(self.form, "posts")))
        self._show_override()

    def _show_override(self) -> None:
        text = str(self.form.fields.get("resume_override") or "")
        for w in (self.resume_override_box, self.resume_override):
            w.blockSignals(True)
        self.resume_override_box.setChecked(bool(text.strip()))
        self.resume_override.setEnabled(bool(text.strip()))
        if self.resume_override.toPlainText() != text:
            self.resume_override.setPlainText(text)
        for w in (self.resume_override_box, self.resume_override):
            w.blockSignals(False)

    def _override_toggled(self, on: bool) -> None:
        # Start the manual text from the generated one, so that the clerk edits, not retypes.
        self.form.set_field("resume_override", self.resume_preview.toPlainText() if on else "")
        self._show_override()
        if on:
            self.resume_override.setFocus()

    # --- validation -----------------------------------------------------------------------

    def validate(self) -> list[Problem]:
        self.problems = queries.file_problems(self.ws, self.form.to_file())
        self.basic.show_problems(self.problems)
        for kind, table in self.tables.items():
            cells: dict[tuple[int, str], tuple[str, str]] = {}
            for p in self.problems:
                m = _PATH.match(p.field)
                if m and m[1] == kind:
                    cells[(int(m[2]), m[3])] = (p.message, p.severity)
            table.model.set_problems(cells)
        count_e = len(errors(self.problems))
        count_w = len(self.problems) - count_e
        parts = [f"{count_e} 个错误" if count_e else "", f"{count_w} 个提示" if count_w else ""]
        text = "，".join(p for p in parts if p)
        self.summary.setText(f'<a href="#" style="color:#b00020">{text}</a>' if text else "")
        # Its link (Tab, Enter: the first problem) is a Tab stop only while there is one.
        self.summary.setFocusPolicy(Qt.FocusPolicy.TabFocus if text else Qt.FocusPolicy.NoFocus)
        self.summary.setToolTip("\n".join(p.message for p in self.problems))
        return self.problems

    def focus_field(self, path: str) -> None:
        """Show the field a problem names: 'citizen_id', 'posts[2].end' or 'studies'."""
        m = _PATH.match(path)
        kind = m[1] if m else path
        if kind in self.tables:
            self.tabs.setCurrentIndex(self.tab_of[kind])
            if m:
                self.tables[kind].focus_cell(int(m[2]), m[3])
            return
        self.tabs.setCurrentIndex(0)
        self.basic.focus(path)

    def focus_first_problem(self) -> None:
        if self.problems:
            self.focus_field((errors(self.problems) or self.problems)[0].field)

    # --- saving and closing ---------------------------------------------------------------

    def _commit_open_edits(self) -> None:
        """Leave the field being typed in, so that its editor commits and dates normalise."""
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            return
        view = next((t.view for t in self.tables.values() if t.view.viewport().isAncestorOf(focus)), None)
        focus.clearFocus()  # a cell editor commits and closes; a field normalises its text
        (view or focus).setFocus()

    def save(self) -> bool:
        self._commit_open_edits()
        problems = self.validate()
        if errors(problems):
            show_error(self, ValidationFailed(errors(problems)), "无法保存")
            self.focus_first_problem()
            return False
        if not self._confirm_duplicates():
            return False
        try:
            cadre_id = self._save_file(self.form.to_file())
            if cadre_id is None:
                return False  # the clerk went back to editing after seeing the other version
            self.form.replace_with(CadreForm.from_file(cadre_id, queries.file_for_editing(self.ws, cadre_id)))
        except Exception as exc:
            show_error(self, exc, "无法保存")
            return False
        self.attachments.set_cadre(cadre_id)
        self.history.load(cadre_id)
        self.editor_did_save.emit(cadre_id)
        tell(self, f"已保存 {self.form.fields.get('name') or ''} 的档案（{dt.datetime.now():%H:%M:%S}）")
        return True

    def _save_file(self, file: CadreFile) -> int | None:
        """Save; when another clerk saved the file in between, let this clerk choose part by
        part (conflict_dialog.py) and save that, as often as it keeps happening."""
        while True:
            try:
                return cadre_files.save(self.ws, file, self.form.cadre_id)
            except EditConflict as conflict:
                # Parented to the window, not the editor: the editor's own Ctrl+S reaches its children.
                chosen = conflict_dialog.resolve(self.window(), conflict, self.form.changed_parts())
                if chosen is None:
                    return None
                file = chosen

    def _confirm_duplicates(self) -> bool:
        f = self.form.fields
        saved = self.form.saved.fields
        if self.form.cadre_id is not None and all(f.get(k) == saved.get(k) for k in ("name", "birth", "citizen_id")):
            return True
        try:
            birth = PartialDate.parse_optional(str(f.get("birth") or ""))
        except DateFormatError:
            birth = None
        found = queries.duplicates_of(self.ws, str(f.get("name") or ""), birth, str(f.get("citizen_id") or ""),
                                      self.form.cadre_id)
        if not found:
            return True
        lines = "\n".join(f"· {d.name}（编号 {d.cadre_id}）：{d.reason}" for d in found)
        answer = QMessageBox.question(self, "可能重复", f"已有相似的干部档案：\n{lines}\n\n仍然保存吗？",
                                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Save

    def confirm_close(self) -> bool:
        """True if the editor may close: nothing unsaved, or the clerk decided."""
        self._commit_open_edits()
        if not self.form.dirty:
            return True
        name = str(self.form.fields.get("name") or "").strip() or "新建干部"
        answer = QMessageBox.question(
            self, "未保存的修改", f"“{name}”的档案有未保存的修改。要保存吗？",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard


class _Rows:
    """The form's study, work or post rows as the résumé generator reads them (dates parsed,
    rows with unreadable dates left out until they are fixed)."""

    def __init__(self, form: CadreForm, kind: str) -> None:
        self.items = []
        for row in form.records[kind]:
            try:
                start = PartialDate.parse_optional(str(row.get("start") or ""))
                end = PartialDate.parse_optional(str(row.get("end") or ""))
            except DateFormatError:
                continue
            self.items.append(_Row({**row, "start": start, "end": end}))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)


class _Row:
    def __init__(self, values: dict[str, object]) -> None:
        self.__dict__.update({"mode": "全日制", "education": "", "degree": "", "school": "", "major": "",
                              "description": "", "unit_name": "", "title": "", "is_main": True})
        self.__dict__.update({k: ("" if v is None else v) if k not in ("start", "end") else v
                              for k, v in values.items()})
