"""填写测评表: one rater's evaluation of one cadre, entered by keyboard.

Number keys rate the current item (1 好, 2 较好 … as the item's grades go; on a checklist
item 1 ticks, 0 clears) and move to the next. A rating that needs a fact sends the cursor
to the fact box, marked required; Tab there returns to the list. The score is computed
as answers come in. Ctrl+S saves; a sheet with problems is refused with the list, and the
cursor goes to the first one. A sheet saved by someone else since it was opened (another clerk,
a field laptop's merge, a kept draft) is not overwritten: both versions are shown item by item,
and Esc there returns to the sheet with nothing saved and nothing typed lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.scoring import points_of
from desktop.models.validation import Problem
from desktop.services.evaluation import queries, sheets
from desktop.services.evaluation.sheet_versions import SheetAnswers, sheet_kind
from desktop.services.evaluation.template_text import number_text
from desktop.services.workspace import Workspace
from desktop.ui.common import conflict_dialog, messages
from desktop.ui.common.guarded_dialog import GuardedDialog
from desktop.ui.common.messages import show_error
from desktop.ui.evaluation.sheet_form import SheetForm, SheetItem
from desktop.ui.evaluation.sheet_model import Columns, SheetModel, key_hint

KEEP_DRAFT, DROP_ANSWERS = "留作草稿", "放弃已录入的内容"
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}
REQUIRED_STYLE = "color: #c0392b; font-weight: bold;"


class GradeTable(QTableView):
    """Signals: digit_pressed(n) for a number key on a graded or checklist item (a score
    item gets the key in its cell editor instead)."""

    digit_pressed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        model = self.model()
        item = model.item_at(self.currentIndex().row()) if isinstance(model, SheetModel) else None
        if plain and item is not None and item.kind != "score":
            if event.key() in DIGITS:
                self.digit_pressed.emit(DIGITS[Qt.Key(event.key())])
                return
            if event.key() == Qt.Key.Key_Space and item.kind == "flag":
                self.digit_pressed.emit(1)
                return
        if plain and item is not None and item.kind == "score" and event.key() in DIGITS \
                and self.state() != QAbstractItemView.State.EditingState:
            self.setCurrentIndex(model.index(self.currentIndex().row(), Columns.RATING))
        super().keyPressEvent(event)


class FactEdit(QPlainTextEdit):
    """Signals: finished() on Tab or Ctrl+Enter (back to the list, next item)."""

    finished = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if event.key() == Qt.Key.Key_Tab or (ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.finished.emit()
            return
        super().keyPressEvent(event)


class SheetFillDialog(GuardedDialog):
    guard_title = "填写测评表"

    def __init__(self, ws: Workspace, sheet_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.sheet_id = sheet_id
        self.saved = False
        shown = queries.sheet_to_fill(ws, sheet_id)
        cadre = shown.cadre
        self.read_only = shown.read_only
        heading = (f"被测评人：{cadre.label if cadre else ''}　　测评人：{shown.rater_category}"
                   f"{' · ' + shown.rater_name if shown.rater_name else ''}")
        source = shown.template + (f"　　{shown.campaign}" if shown.campaign else "")
        description = shown.description
        self.form = SheetForm(list(shown.items), dict(shown.answers))
        # As opened, at its row version: a later save by someone else is shown, not overwritten.
        self.opened = SheetAnswers(dict(shown.answers), shown.version)
        self.kind = sheet_kind(shown.items)
        self.setWindowTitle(f"填写测评表 — {cadre.name if cadre else ''}")
        self.resize(1100, 760)

        title = QLabel(heading)
        title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        sub = QLabel(source)
        sub.setStyleSheet("color: #555;")
        note = QLabel(description)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        keys = QLabel("数字键评价并跳到下一项；↑↓ 移动；评价较低或勾选负面行为时须在下方写明具体事实，"
                      "写完按 Tab 返回；Ctrl+S 保存。")
        keys.setWordWrap(True)

        self.model = SheetModel(self.form, self)
        self.table = GradeTable()
        self.table.setTabKeyNavigation(False)  # Tab goes to the fact box and back
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Columns.ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Columns.RATING, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Columns.FACT, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(Columns.RATING, 230)
        self.table.setColumnWidth(Columns.FACT, 260)
        self.table.digit_pressed.connect(self.rate)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_fact())
        self.table.itemDelegate().closeEditor.connect(self._score_typed)

        self.fact_label = QLabel("具体事实：")
        self.fact = FactEdit()
        self.fact.setMaximumHeight(90)
        self.fact.setPlaceholderText("写明时间、地点、具体表现（评价较低或勾选负面行为时必填）")
        self.fact.textChanged.connect(self._fact_typed)
        self.fact.finished.connect(self._fact_done)
        self.score = QLabel()
        self.score.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("保存(&S)")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("关闭")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)

        bottom = QHBoxLayout()
        bottom.addWidget(self.score)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(sub)
        if description:
            layout.addWidget(note)
        layout.addWidget(keys)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.fact_label)
        layout.addWidget(self.fact)
        layout.addLayout(bottom)
        save = QAction(self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.triggered.connect(self.save)
        self.addAction(save)

        self.form.listeners.append(lambda _id: self._refresh_score())
        if self.read_only:
            self.save_button.setEnabled(False)
            self.fact.setReadOnly(True)
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            keys.setText("该考核已结束，记录已冻结，本表只读。")
            keys.setStyleSheet(REQUIRED_STYLE)
        self._refresh_score()
        self.table.setFocus()
        self.go_to(self._first_unanswered())

    # --- moving ---------------------------------------------------------------------------

    def current_item(self) -> SheetItem | None:
        return self.model.item_at(self.table.currentIndex().row())

    def go_to(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, Columns.RATING)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
            self._show_fact()

    def _first_unanswered(self) -> int:
        for n, line in enumerate(self.model.lines):
            if line.item is not None and line.item.kind != "flag" and not self.form.value(line.item.id):
                return n
        return 1 if self.model.rowCount() > 1 else 0

    def advance(self) -> None:
        row = self.table.currentIndex().row()
        for n in range(row + 1, self.model.rowCount()):
            if self.model.item_at(n) is not None:
                self.go_to(n)
                return
        self.status.setText("已到最后一项。检查无误后按 Ctrl+S 保存。")

    # --- rating ---------------------------------------------------------------------------

    def rate(self, digit: int) -> None:
        item = self.current_item()
        if item is None or self.read_only:
            return
        value = self.form.key_value(item, digit)
        if value is None:
            self.status.setText(f"此项可按：{key_hint(item)}")
            return
        self.form.set_value(item.id, value)
        self._after_rating(item)

    def _after_rating(self, item: SheetItem) -> None:
        self._show_fact()
        if self.form.missing_fact(item.id):
            self.fact.setFocus()
            self.status.setText("此项须写明具体事实，写完按 Tab 继续。")
            return
        self.status.clear()
        self.advance()

    def _score_typed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            return
        item = self.current_item()
        if item is None or item.kind != "score":
            return
        try:
            points_of(item, self.form.value(item.id))
        except ValueError as exc:
            self.status.setText(str(exc))
            self.status.setStyleSheet(REQUIRED_STYLE)
            return
        self.status.setStyleSheet("")
        self.status.clear()
        # The editor closes after this slot; move on once it is gone.
        QTimer.singleShot(0, lambda: self._after_rating(item))

    # --- facts ----------------------------------------------------------------------------

    def _show_fact(self) -> None:
        item = self.current_item()
        self.fact.blockSignals(True)
        self.fact.setPlainText(self.form.fact(item.id) if item else "")
        self.fact.blockSignals(False)
        self.fact.setEnabled(item is not None)
        required = item is not None and self.form.needs_fact(item.id)
        self.fact_label.setText(f"具体事实{'（必填）' if required else ''}：" +
                                (f"{item.section} 第{item.number}项 {item.text[:30]}" if item else ""))
        self.fact_label.setStyleSheet(REQUIRED_STYLE if required and self.form.missing_fact(item.id) else "")

    def _fact_typed(self) -> None:
        item = self.current_item()
        if item is not None and not self.read_only:
            self.form.set_fact(item.id, self.fact.toPlainText())
            required = self.form.missing_fact(item.id)
            self.fact_label.setStyleSheet(REQUIRED_STYLE if required else "")

    def _fact_done(self) -> None:
        self.table.setFocus()
        item = self.current_item()
        # Left without a fact the item stays marked, and saving names it.
        missing = item is not None and self.form.missing_fact(item.id)
        self.advance()
        self.status.setText(f"{item.section} 第{item.number}项尚未写明具体事实，保存前请补写。"
                            if item is not None and missing else "")

    # --- score and saving -----------------------------------------------------------------

    def _refresh_score(self) -> None:
        value = self.form.score()
        done, total = self.form.progress()
        ticked, deducted = self.form.deductions()
        text = f"得分：{number_text(value) if value is not None else '—'}"
        text += f"　（已评 {done}/{total} 项"
        text += f"，负面行为 {ticked} 项扣 {number_text(deducted)} 分）" if ticked else "）"
        self.score.setText(text)

    def save(self) -> bool:
        if self.read_only:
            return False
        problems = self.form.problems()
        if problems:
            self.model.show_unanswered()
            shown = "\n".join(f"· {self._problem_text(p)}" for p in problems[:12])
            more = f"\n……共 {len(problems)} 个问题" if len(problems) > 12 else ""
            QMessageBox.warning(self, "不能保存", f"不能保存，请先修正以下问题：\n{shown}{more}")
            self._jump_to(problems[0].field)
            return False
        if not self._write(lambda d: sheets.fill(self.ws, self.sheet_id, d.answers, d.version)):
            return False
        self.accept()
        return True

    def _write(self, save: Callable[[SheetAnswers], object]) -> bool:
        """Save the answers at the version the sheet was opened at, the clerk choosing item by
        item over a later save by someone else. False: not saved (an error shown, or the clerk
        went back to the sheet, everything typed still in it)."""
        try:
            saved = conflict_dialog.save_choosing(self, self.kind, self.opened,
                                                  SheetAnswers(dict(self.form.answers)), save)
        except Exception as exc:
            show_error(self, exc)
            return False
        if saved is None:
            self.status.setText("未保存：已返回填写，录入的内容都还在。")
            self.table.setFocus()
            return False
        self.form.mark_saved()
        self.saved = True
        return True

    def _problem_text(self, problem: Problem) -> str:
        """The item as the table numbers it (within its section), then what is wrong."""
        if not problem.field.startswith("item:"):
            return problem.message
        item = self.form.item(int(problem.field[5:]))
        reason = problem.message.split("：", 1)[-1]
        return f"{item.section} 第{item.number}项（{item.text[:16]}）：{reason}"

    def _jump_to(self, field: str) -> None:
        if not field.startswith("item:"):
            return
        item_id = int(field[5:])
        self.go_to(self.model.row_of(item_id))
        if self.form.missing_fact(item_id):
            self.fact.setFocus()
        else:
            self.table.setFocus()

    # --- closing --------------------------------------------------------------------------

    def may_close(self) -> bool:
        """A half-filled sheet is kept as a draft (the default) or, if the clerk says so,
        dropped; 取消 keeps the dialog open."""
        if self._discard or self.saved or self.read_only or not self.form.dirty:
            return True
        chosen = messages.choose(self, "填写测评表", "评价还没有填完保存。把已录入的内容留作草稿，下次打开时接着填吗？",
                                 [KEEP_DRAFT, DROP_ANSWERS])
        if chosen == DROP_ANSWERS:
            self._discard = True
            return True
        if chosen != KEEP_DRAFT:
            return False
        answered: list[int] = []
        if not self._write(lambda d: answered.append(sheets.keep_draft(self.ws, self.sheet_id, d.answers, d.version))):
            return False
        messages.tell(self.parentWidget() or self, f"测评表已留作草稿（已评 {answered[-1]} 项），仍为待填写")
        return True

    def reject(self) -> None:  # Esc in the fact box returns to the list
        if QApplication.focusWidget() is self.fact:
            self.table.setFocus()
            return
        super().reject()
