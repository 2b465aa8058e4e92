"""说明与整改: a bottom-ranked subject's explanation and improvement measures for the
quarterly analysis meeting (services.indicators.rankings.record_note). A refusal keeps the
dialog open with what was typed."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from desktop.services.indicators import rankings
from desktop.services.indicators.rankings import Note, RankRow
from desktop.services.workspace import Workspace
from desktop.ui.common.messages import show_error
from desktop.ui.widgets.text_box import TextBox


def _text_box(placeholder: str, text: str) -> TextBox:
    return TextBox(text, placeholder=placeholder)


class RankingNoteDialog(QDialog):
    def __init__(self, ws: Workspace, period: tuple[int, int, int], row: RankRow, note: Note | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.period, self.row = ws, period, row
        _set_id, year, quarter = period
        self.setWindowTitle("末位说明与整改")
        self.explanation = _text_box("排名靠后的原因", note.explanation if note else "")
        self.measures = _text_box("下一步整改措施", note.measures if note else "")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)  # Enter makes a new line in the text boxes
        form = QFormLayout(self)
        form.addRow(QLabel(f"{row.subject}：{year}年第{quarter}季度第 {row.rank} 名，总分 {row.total:.2f}"))
        for caption, field in (("原因说明(&E)：", self.explanation), ("整改措施(&M)：", self.measures)):
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(QLabel("Ctrl+Enter 保存"), box)
        self.resize(520, 320)

    def accept(self) -> None:
        set_id, year, quarter = self.period
        try:
            rankings.record_note(self.ws, set_id, year, quarter, self.row.subject_id,
                                 self.explanation.toPlainText(), self.measures.toPlainText())
        except Exception as exc:
            show_error(self, exc, self.windowTitle())
            return
        super().accept()
