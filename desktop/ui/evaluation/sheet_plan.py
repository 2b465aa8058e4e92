"""安排测评: pending sheets for a campaign's assessed cadres, per rater category, and the
plain rules for reading what the clerk types (names, or a number of unnamed raters)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.models.sheets import RATER_CATEGORIES
from desktop.services.evaluation import queries, sheets
from desktop.services.workspace import Workspace
from desktop.ui.common.messages import show_error

MAX_UNNAMED = 200


def rater_names(category: str, text: str) -> list[str]:
    """“王五、李六” → those names; “3” → three numbered raters (同级测评人1 …); blank → none."""
    text = text.strip()
    if not text:
        return []
    if text.isdigit():
        n = int(text)
        if not 0 < n <= MAX_UNNAMED:
            raise ValueError(f"{category}：人数应在 1 至 {MAX_UNNAMED} 之间")
        return [f"{category}测评人{i}" for i in range(1, n + 1)]
    names = [p for p in re.split(r"[、，,；;\s]+", text) if p]
    if len(set(names)) != len(names):
        raise ValueError(f"{category}：测评人姓名有重复")
    return names


def published_templates(ws: Workspace) -> list[tuple[int, str, str]]:
    """(id, label, kind) of templates that may be used for new sheets."""
    return [(r.id, f"{r.name}（第{r.version}版）", r.kind) for r in queries.template_rows(ws)
            if r.published and not r.retired]


class PlanDialog(QDialog):
    def __init__(self, ws: Workspace, campaign_id: int, cadre_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.added = 0
        self.setWindowTitle("安排测评")
        self.cadres = queries.campaign_cadres(ws, campaign_id)
        self.template = QComboBox()
        choices = published_templates(ws)
        for tid, label, _kind in choices:
            self.template.addItem(label, tid)
        # Named sheets are mostly the political-quality form.
        kinds = [kind for _t, _l, kind in choices]
        self.template.setCurrentIndex(kinds.index("政治素质评议") if "政治素质评议" in kinds else 0)
        self.scope = QComboBox()
        self.scope.addItem(f"全部被考核干部（{len(self.cadres)} 名）", 0)
        for c in self.cadres:
            self.scope.addItem(c.label, c.id)
        if cadre_id:
            self.scope.setCurrentIndex(max(0, self.scope.findData(cadre_id)))
        self.raters: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow("评议表(&T)：", self.template)
        form.addRow("被测评干部(&C)：", self.scope)
        for n, category in enumerate(RATER_CATEGORIES, start=1):
            edit = QLineEdit()
            edit.setPlaceholderText("测评人姓名，用“、”分隔；不具名时填人数，如 3")
            edit.textChanged.connect(self._preview)
            self.raters[category] = edit
            form.addRow(f"{category}(&{n})：", edit)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成测评表")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.scope.currentIndexChanged.connect(self._preview)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("为每名被测评干部、每位测评人各生成一张待填写的测评表；已有的不会重复生成。"))
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.resize(620, 360)
        self._preview()
        self.raters[RATER_CATEGORIES[0]].setFocus()

    def _targets(self) -> list[int]:
        chosen = int(self.scope.currentData() or 0)
        return [chosen] if chosen else [c.id for c in self.cadres]

    def plan(self) -> dict[str, list[str]]:
        """Category → rater names as typed; ValueError names the field that is wrong."""
        return {cat: names for cat, edit in self.raters.items() if (names := rater_names(cat, edit.text()))}

    def _preview(self) -> None:
        try:
            raters = self.plan()
        except ValueError as exc:
            self.preview.setText(str(exc))
            self.preview.setStyleSheet("color: #c0392b;")
            return
        self.preview.setStyleSheet("")
        per = sum(len(v) for v in raters.values())
        cadres = len(self._targets())
        self.preview.setText(f"每名干部 {per} 张，共 {per * cadres} 张（{cadres} 名干部）。" if per
                             else "请至少为一个类别填写测评人。")

    def accept(self) -> None:
        try:
            raters = self.plan()
            if not raters:
                raise ValueError("请至少为一个类别填写测评人")
            if self.template.currentData() is None:
                raise ValueError("没有已发布的评议表模板")
        except ValueError as exc:
            self.preview.setText(str(exc))
            self.preview.setStyleSheet("color: #c0392b;")
            return
        try:
            self.added = sheets.plan(self.ws, self.campaign_id, int(self.template.currentData()), raters,
                                     self._targets())
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()
