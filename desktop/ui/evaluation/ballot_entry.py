"""测评票录入: a stack of paper democratic-evaluation ballots, keyed as fast as they can be read.

Keys: 1 好, 2 较好, 3 一般, 4 差 (an item's grades in printed order), 0 blank; the cursor moves
to the next item, and the key on the last item stores the ballot and starts the next one.
↑/Backspace go back (Backspace clears), ↓/Enter skip ahead, Ctrl+Enter stores the ballot with
the rest blank, Ctrl+Z takes back the last stored ballot. A batch never takes more ballots
than were issued.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.evaluation import evaluation, queries, sheets
from desktop.services.workspace import Workspace
from desktop.ui.common.guarded_dialog import GuardedDialog
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import number
from desktop.ui.evaluation.ballot_model import BallotModel
from desktop.ui.evaluation.ballot_state import BLANK, BallotEntry, Key
from desktop.ui.evaluation.sheet_fill import DIGITS

ERROR_STYLE = "color: #c0392b; font-weight: bold;"
DONE_STYLE = "color: #1e7e34; font-weight: bold;"


class BallotTable(QTableView):
    """Signals: digit(n), moved(step, clear), submit_early()."""

    digit = Signal(int)
    moved = Signal(int, bool)
    submit_early = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ctrl:
            self.submit_early.emit()
        elif key in DIGITS and not ctrl:
            self.digit.emit(DIGITS[Qt.Key(key)])
        elif key == Qt.Key.Key_Backspace:
            self.moved.emit(-1, True)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            self.moved.emit(-1, False)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.moved.emit(1, False)
        else:
            super().keyPressEvent(event)


class BallotEntryDialog(GuardedDialog):
    guard_title = "测评票录入"

    def __init__(self, ws: Workspace, batch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.batch_id = batch_id
        shown = queries.batch_to_enter(ws, batch_id)
        items, cadre, template = list(shown.items), shown.cadre, shown.template
        self.read_only = shown.read_only
        category, title = shown.rater_category, shown.title
        self.state = BallotEntry(items, shown.issued, [dict(b) for b in shown.ballots])
        self.setWindowTitle(f"测评票录入 — {cadre.name if cadre else ''}")
        self.resize(1100, 720)

        heading = QLabel(f"被测评人：{cadre.label if cadre else ''}　　测评人类别：{category}")
        heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        sub = QLabel("　".join(x for x in (template, title, shown.campaign) if x))
        sub.setStyleSheet("color: #555;")
        self.counter = QLabel()
        self.counter.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.progress = QProgressBar()
        self.progress.setFormat("已录入 %v / %m 张")
        labels = items[0].labels if items else ()
        keys = QLabel("按票面逐项按键：" + "　".join(f"{n} {g}" for n, g in enumerate(labels, start=1))
                      + "　0 空白（未填）。↑ / Backspace 返回上一项，↓ / Enter 跳过，"
                      "Ctrl+Enter 本张其余各项空白，Ctrl+Z 撤销上一张。")
        keys.setWordWrap(True)

        self.model = BallotModel(self.state, self)
        self.table = BallotTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(1, 250)
        for col in range(2, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, 64)
        self.table.digit.connect(self.key)
        self.table.moved.connect(self.move)
        self.table.submit_early.connect(self.submit)

        self.overall = QLabel()
        self.overall.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        undo = QPushButton("撤销上一张(&U)")
        undo.setToolTip("Ctrl+Z：删除最后录入的一张，重新录入")
        undo.setAutoDefault(False)
        undo.clicked.connect(self.undo)
        issued = QPushButton("修改发出票数(&I)…")
        issued.setAutoDefault(False)
        issued.clicked.connect(self.change_issued)
        close = QPushButton("关闭")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        for button in (undo, issued):
            button.setEnabled(not self.read_only)
        top = QHBoxLayout()
        top.addWidget(self.counter)
        top.addWidget(self.progress, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(undo)
        bottom.addWidget(issued)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(sub)
        layout.addLayout(top)
        layout.addWidget(keys)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.overall)
        layout.addLayout(bottom)
        action = QAction(self)
        action.setShortcut(QKeySequence.StandardKey.Undo)
        action.triggered.connect(self.undo)
        self.addAction(action)
        if self.read_only:
            self._say("该考核已结束，记录已冻结，只能查看。", ERROR_STYLE)
            keys.hide()
            self.table.setColumnHidden(1, True)  # no ballot is being keyed
        self._refresh()
        self.table.setFocus()

    # --- showing --------------------------------------------------------------------------

    def _say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    def _refresh(self) -> None:
        s = self.state
        self.model.refresh()
        self.progress.setMaximum(max(s.issued, 1))
        self.progress.setValue(min(s.entered, s.issued))
        if self.read_only:
            self.counter.setText(f"已录入 {s.entered} 张（发出 {s.issued} 张）")
        elif s.full:
            self.counter.setText(f"已全部录入：{s.entered} / {s.issued} 张")
            self.counter.setStyleSheet(f"font-size: 16pt; {DONE_STYLE}")
        else:
            self.counter.setText(f"第 {s.number} 张（发出 {s.issued} 张）")
            self.counter.setStyleSheet("font-size: 16pt; font-weight: bold;")
        item = s.overall_item()
        if item is not None and s.entered:
            counts = s.counts(item.id)
            parts = [f"{g} {counts.get(g, 0)} 票（{number(s.percent(counts.get(g, 0), s.entered), 1)}%）"
                     for g in [*item.labels, BLANK]]
            self.overall.setText(f"{item.text}：" + "　".join(parts))
        else:
            self.overall.setText("")
        row = s.position
        index = self.model.index(row, 1)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    # --- keys -----------------------------------------------------------------------------

    def key(self, digit: int) -> None:
        if self.read_only or not self.state.items:
            return
        outcome = self.state.key(digit)
        if outcome == Key.FULL:
            QMessageBox.warning(self, "测评票录入",
                                f"已录入 {self.state.entered} 张，等于发出的票数 {self.state.issued} 张，不能再录入。\n"
                                "如确有多收回的票，请先核对并修改发出票数。")
            return
        if outcome == Key.INVALID:
            item = self.state.items[self.state.position]
            self._say(f"此项只能按 1–{len(item.labels)} 或 0。", ERROR_STYLE)
            return
        self._say("")
        if outcome == Key.COMPLETE:
            self.submit()
            return
        self._refresh()

    def move(self, step: int, clear: bool) -> None:
        if step < 0:
            self.state.back(clear)
        else:
            self.state.forward()
        self._refresh()

    def submit(self) -> None:
        """Store the ballot being keyed (items not keyed count as blank)."""
        if self.read_only:
            return
        if self.state.full:
            self.key(0)  # the same refusal as for a key
            return
        try:
            number = sheets.add_ballot(self.ws, self.batch_id, self.state.ballot())
        except Exception as exc:
            show_error(self, exc)
            return
        self.state.stored()
        if self.state.full:
            self._say(f"已保存第 {number} 张。本批测评票已全部录入。", DONE_STYLE)
        else:
            self._say(f"已保存第 {number} 张。")
        self._refresh()

    def undo(self) -> None:
        if self.read_only:
            return
        if not self.state.entered:
            self._say("还没有录入测评票，无可撤销。", ERROR_STYLE)
            return
        try:
            number = sheets.undo_last_ballot(self.ws, self.batch_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.state.undone()
        partial = bool(self.state.marks)
        self.state.restart()
        self._say(f"已撤销第 {number} 张" + ("，正在录入的一张已清空" if partial else "")
                  + f"，请从第 {number} 张重新录入。", ERROR_STYLE)
        self._refresh()
        self.table.setFocus()

    def change_issued(self) -> None:
        value, ok = QInputDialog.getInt(self, "修改发出票数", "发出票数：", self.state.issued,
                                        max(1, self.state.entered), 100000)
        if not ok:
            return
        try:
            evaluation.set_issued(self.ws, self.batch_id, value)
        except Exception as exc:
            show_error(self, exc)
            return
        self.state.issued = value
        self._say(f"发出票数已改为 {value} 张。")
        self._refresh()
        self.table.setFocus()

    # --- closing --------------------------------------------------------------------------

    def unsaved_question(self) -> str | None:
        if not self.state.marks or self.read_only:
            return None
        return f"第 {self.state.number} 张尚未录完，关闭后需重新录入这一张。仍要关闭吗？"

    def discarded(self) -> None:
        self.state.restart()
