"""核验: one task-list line checked after the fact (a line of the 落实清单).

Keyboard first: the achieved value, then the fact, evidence with 添加…, who and when; Enter
in a one-line field or Ctrl+Enter anywhere saves. The result is computed while typing where
the target is numeric (models.results.judge) and chosen otherwise. A refusal (no fact nor
evidence, no value) is shown and the dialog stays open with everything typed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FrontlineError
from desktop.models.results import RESULT_LABELS, judge
from desktop.services.results import queries, verification
from desktop.services.results.queries import TargetRow
from desktop.services.results.verification import VerificationInput
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import date_edit, date_of
from desktop.ui.common import file_dialogs
from desktop.ui.common.busy import busy
from desktop.ui.common.messages import show_error
from desktop.ui.widgets.text_box import TextBox

RESULT_COLOURS = {"met": "#1b6e20", "partly": "#b26a00", "not_met": "#b00020"}


def number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def goal_text(row: TargetRow) -> str:
    if row.target_value is None:
        return "（无数值目标）"
    ceiling = "（上限）" if row.lower_is_better else ""
    return f"{row.target_value:g}{row.measure}{ceiling}"


def parse_number(text: str) -> float | None:
    """The achieved value as typed (full-width digits and thousands commas allowed); None when
    empty. ValueError for anything else."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    cleaned = cleaned.translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
    return float(cleaned) if cleaned else None


STORED_ROLE = Qt.ItemDataRole.UserRole + 1  # an earlier verification's file: its evidence id


class VerifyDialog(QDialog):
    def __init__(self, ws: Workspace, row: TargetRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.row = row
        self.saved_id: int | None = None
        self.setWindowTitle(f"核验任务 — 第 {row.seq} 项")
        self.resize(620, 520)
        when = f"　完成时限：{row.deadline}" if row.deadline else ""
        hard = "　<b>硬性指标</b>" if row.hard else ""
        head = QLabel(f"<b>{row.subject}</b>：{row.duty}<br>目标：{goal_text(row)}{when}{hard}")
        head.setWordWrap(True)

        self.achieved = QLineEdit(number_text(row.achieved_value))
        self.achieved.setPlaceholderText("实际完成值" + (f"（{row.measure}）" if row.measure else ""))
        self.result_label = QLabel()
        self.result_choice = QComboBox()
        self.result_choice.addItem("（请选择）", None)
        for key, label in RESULT_LABELS.items():
            self.result_choice.addItem(label, key)
        if row.result is not None and row.target_value is None:
            self.result_choice.setCurrentIndex(max(0, self.result_choice.findData(row.result)))
        numeric = row.target_value is not None
        self.result_choice.setVisible(not numeric)
        self.result_label.setVisible(numeric)
        self.achieved.textChanged.connect(self._show_result)

        self.fact = TextBox()
        self.fact.setPlaceholderText("核实的事实：数据来源、现场看到的情况（如“统计局 11 月快报：完成 120 亿元”）")
        self.evidence = QListWidget()
        self.evidence.setMaximumHeight(90)
        self.add_button = add = QPushButton("添加(&A)…")
        add.clicked.connect(self.add_evidence)
        remove = QPushButton("移除(&D)")
        remove.clicked.connect(self.remove_evidence)
        files = QHBoxLayout()
        files.addWidget(self.evidence, 1)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(remove)
        side.addStretch(1)
        files.addLayout(side)
        self.by = QLineEdit(ws.actor.display_name or ws.actor.username)
        self.on = date_edit(dt.date.today())
        self.earlier = QLabel()
        self.earlier.setWordWrap(True)
        self.earlier.setStyleSheet("color: #b26a00;")
        self.earlier.setVisible(False)
        if row.result is not None:
            self._show_earlier()

        form = QFormLayout()
        form.addRow("完成值(&V)：", self.achieved)
        if numeric:
            form.addRow("检验结果：", self.result_label)
        else:
            form.addRow("检验结果(&R)：", self.result_choice)
        form.addRow("核实的事实(&F)：", self.fact)
        form.addRow("佐证材料：", files)
        form.addRow("检验人(&B)：", self.by)
        form.addRow("检验日期(&O)：", self.on)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.earlier)
        layout.addLayout(form)
        layout.addWidget(QLabel("须写明核实的事实或附上佐证材料；Ctrl+Enter 保存。"))
        layout.addWidget(buttons)
        self._show_result()
        (self.achieved if numeric or not row.result else self.fact).setFocus()

    def _show_earlier(self) -> None:
        """A line verified before: its fact, who and when filled in again, its evidence files
        listed (they are in the database, not on disk: kept unless the clerk removes them)."""
        row = self.row
        found = [r for r in queries.implementation(self.ws, campaign_id=row.campaign_id, cadre_id=row.cadre_id,
                                                   unit_id=row.unit_id) if r.target.id == row.id]
        if not found:
            return
        earlier = found[0]
        self.fact.setPlainText(earlier.fact)
        self.by.setText(earlier.verified_by)
        for e in earlier.evidence:
            item = QListWidgetItem(f"{e.filename}（已保存）")
            item.setData(STORED_ROLE, e.id)
            self.evidence.addItem(item)
        kept = "原有的佐证材料仍在列表中，不需要的请移除。" if earlier.evidence else ""
        self.earlier.setText(f"已于 {earlier.verified_on} 由 {earlier.verified_by} 核验为"
                             f"“{row.result_label}”。保存将替换原来的检验；{kept}")
        self.earlier.setVisible(True)

    def evidence_paths(self) -> list[Path]:
        """The files added from disk (not those already saved with the earlier verification)."""
        return [Path(self.evidence.item(i).text()) for i in range(self.evidence.count())
                if self.evidence.item(i).data(STORED_ROLE) is None]

    def kept_evidence(self) -> tuple[int, ...]:
        """The earlier verification's files still listed."""
        found = (self.evidence.item(i).data(STORED_ROLE) for i in range(self.evidence.count()))
        return tuple(int(v) for v in found if v is not None)

    def add_evidence(self) -> None:
        for path in file_dialogs.open_files(self, "添加佐证材料", purpose="evidence"):
            if Path(path) not in self.evidence_paths():
                self.evidence.addItem(path)

    def remove_evidence(self) -> None:
        row = self.evidence.currentRow()
        if row >= 0:
            self.evidence.takeItem(row)

    def computed(self) -> str | None:
        """The result the rule gives for the value typed (None: no value, not a number, or no
        numeric target)."""
        if self.row.target_value is None:
            return None
        try:
            value = parse_number(self.achieved.text())
        except ValueError:
            return None
        if value is None:
            return None
        return judge(self.row.target_value, value, lower_is_better=self.row.lower_is_better)

    def _show_result(self) -> None:
        if self.row.target_value is None:
            return
        result = self.computed()
        if result is None:
            bad = bool(self.achieved.text().strip())
            self.result_label.setText("完成值应为数字" if bad else "填写完成值后自动判定")
            self.result_label.setStyleSheet("color: #b00020;" if bad else "color: #666;")
            return
        self.result_label.setText(f"{RESULT_LABELS[result]}（按目标 {goal_text(self.row)} 自动判定）")
        self.result_label.setStyleSheet(f"color: {RESULT_COLOURS[result]}; font-weight: bold;")

    def data(self) -> VerificationInput:
        try:
            achieved = parse_number(self.achieved.text())
        except ValueError:
            raise FrontlineError(f"完成值应为数字，而不是“{self.achieved.text().strip()}”") from None
        chosen = self.result_choice.currentData() if self.row.target_value is None else None
        return VerificationInput(self.row.id, achieved_value=achieved, result=chosen,
                                 fact=self.fact.toPlainText(), evidence=tuple(self.evidence_paths()),
                                 verified_by=self.by.text(), verified_on=date_of(self.on),
                                 keep_evidence=self.kept_evidence())

    def accept(self) -> None:
        try:
            data = self.data()
            with busy():
                self.saved_id = verification.verify(self.ws, data)
        except Exception as exc:
            show_error(self, exc, "核验")
            return
        super().accept()
