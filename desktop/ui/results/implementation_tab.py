"""落实清单: a campaign's verified targets — achieved value, result, the fact, who verified
and when — and, below, the evidence files of the line selected.

An evidence file is looked at inside the program (预览, Enter: images and PDF, read into
memory and never written to disk) or copied out with 另存为…, an export that needs its own
right and leaves an audit entry (services.results.evidence). Opening it with another
program would put the decrypted file in a temporary folder outside the audit; 另存为 is the
deliberate way to do that.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.file_names import safe_name
from desktop.services.operations import Changes
from desktop.services.results import evidence, lists_export, queries
from desktop.services.results.queries import EvidenceRow, ImplementationRow
from desktop.services.workspace import Workspace
from desktop.ui.cadres.file_panels import PreviewDialog
from desktop.ui.campaigns.campaign_picker import CampaignPicker
from desktop.ui.common import file_dialogs
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.busy import busy
from desktop.ui.common.list_model import keeping_current, make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.results.target_import_dialog import XLSX_FILTER
from desktop.ui.results.targets_tab import RIGHT, Index
from desktop.ui.results.verify_dialog import RESULT_COLOURS, goal_text, number_text
from desktop.ui.widgets.panes import list_below

# Pale tints of the result colours, so that the text stays readable on every line.
RESULT_BRUSHES = {"met": QBrush(QColor("#e6f4ea")), "partly": QBrush(QColor("#fff4e0")),
                  "not_met": QBrush(QColor("#fde2e1"))}


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


class ImplementationModel(RowsModel):
    """The verified lines; the goals right-aligned like the figures beside them."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:  # 目标
            return RIGHT
        return super().data(index, role)


class ImplementationTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.picker = CampaignPicker(ws)
        self.picker.campaign_did_change.connect(lambda _c: self.reload())
        self.model = ImplementationModel([(lambda r: r.target.seq, "序号"), (lambda r: r.target.duty, "任务"),
                                (lambda r: r.target.subject, "责任对象"), (lambda r: goal_text(r.target), "目标"),
                                (lambda r: number_text(r.target.achieved_value), "完成值"),
                                (lambda r: r.target.result_label, "结果"), ("fact", "核实的事实"),
                                ("verified_by", "检验人"), (lambda r: str(r.verified_on), "检验日期"),
                                (lambda r: len(r.evidence), "佐证材料")],
                               brush=lambda r: RESULT_BRUSHES.get(r.target.result or ""), parent=self)
        self.view = make_table(self.model)
        for column, width in enumerate((40, 230, 120, 110, 70, 70, 250, 70, 85)):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self.show_files())
        self.files = RowsModel([("filename", "文件名"), (lambda e: size_text(e.size), "大小"),
                                (lambda e: e.sha256[:16], "SHA-256（前16位）")], parent=self)
        self.files_view = make_table(self.files)
        self.files_view.setColumnWidth(0, 320)
        self.files_view.activated.connect(lambda _i: self.preview())
        self.preview_button = QPushButton("预览(&P)")
        self.preview_button.setToolTip("在程序内查看图片或 PDF（Enter）")
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton("另存为(&S)…")
        self.save_button.setToolTip("把选中的佐证材料保存到文件（记入审计日志）")
        self.save_button.clicked.connect(self.save_copy)
        action = QAction(self.files_view)
        action.setShortcut(QKeySequence("Ctrl+S"))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(self.save_copy)
        self.files_view.addAction(action)
        self.files_label = QLabel("佐证材料(&L)：")
        self.files_label.setBuddy(self.files_view)
        split = list_below(self.view, self.files_label, self.files_view, [self.preview_button, self.save_button])
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.export_button = QPushButton("导出(&X)…")
        self.export_button.setToolTip("把这次考核的落实清单保存为 Excel 文件（记入审计日志）")
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.picker.reload()
        self.reload()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def reload(self) -> None:
        cid = self.picker.campaign_id()
        with keeping_current(self.view):
            self.model.set_rows(queries.implementation(self.ws, campaign_id=cid) if cid else [])
        rows: list[ImplementationRow] = self.model.rows
        if not cid:
            self.summary.setText("尚无一线考核：落实清单属于一次考核。")
        elif not rows:
            self.summary.setText("这次考核还没有核验过的任务：在“任务清单”中选中一条按 Enter 核验。")
        else:
            counts = {key: sum(r.target.result == key for r in rows) for key in RESULT_COLOURS}
            hard = [r for r in rows if r.target.hard]
            self.summary.setText(f"已核验 {len(rows)} 条：完成 {counts['met']} 条，部分完成 {counts['partly']} 条，"
                                 f"未完成 {counts['not_met']} 条；其中硬性指标 {len(hard)} 条，完成 "
                                 f"{sum(r.target.result == 'met' for r in hard)} 条。选中一条，下方列出佐证材料。")
        self.export_button.setEnabled(bool(rows))
        if self.view.currentIndex().row() < 0 and rows:
            self.view.setCurrentIndex(self.model.index(0, 1))
        self.show_files()

    def current(self) -> ImplementationRow | None:
        index = self.view.currentIndex()
        row: ImplementationRow | None = self.model.row_object(index.row()) if index.isValid() else None
        return row

    def show_files(self) -> None:
        row = self.current()
        files = list(row.evidence) if row is not None else []
        self.files.set_rows(files)
        if files:
            self.files_view.setCurrentIndex(self.files.index(0, 0))
        self.files_label.setText(f"佐证材料(&L)：{len(files)} 个" if row is not None else "佐证材料(&L)：")
        for button in (self.preview_button, self.save_button):
            button.setEnabled(bool(files))

    def current_file(self) -> EvidenceRow | None:
        index = self.files_view.currentIndex()
        found: EvidenceRow | None = self.files.row_object(index.row()) if index.isValid() else None
        return found

    def preview(self) -> PreviewDialog | None:
        item = self.current_file()
        if item is None:
            return None
        try:
            found = queries.evidence_content(self.ws, item.id)
        except Exception as exc:
            show_error(self, exc, "预览佐证材料")
            return None
        if found.mime.startswith("image/"):
            dialog = PreviewDialog.image(found.filename, found.data, self)
        elif found.mime == "application/pdf":
            dialog = PreviewDialog.pdf(found.filename, found.data, self)
        else:
            QMessageBox.information(self, "预览佐证材料",
                                    f"无法在程序内预览 {found.filename}，请“另存为…”后用相应程序打开。")
            return None
        dialog.exec()
        return dialog

    def save_copy(self) -> None:
        item = self.current_file()
        if item is None:
            return
        # The stored name is offered made safe (it may have come in a field-laptop package).
        name = safe_name(item.filename, evidence.FALLBACK_NAME)
        target = file_dialogs.save_file(self, "佐证材料另存为", name, purpose="evidence")
        if not target:
            return
        try:
            written = evidence.save_copy(self.ws, item.id, target)
        except Exception as exc:
            show_error(self, exc, "另存佐证材料")
            return
        self._tell(f"已保存佐证材料 {written}")

    def export(self) -> None:
        campaign = self.picker.current()
        if campaign is None or not self.model.rows:
            return
        name = safe_name(f"落实清单-{campaign.name}.xlsx", "落实清单.xlsx")
        path = file_dialogs.save_file(self, "导出落实清单", name, XLSX_FILTER, purpose="exports")
        if not path:
            return
        try:
            with busy():
                count = lists_export.export_implementation(self.ws, path, campaign_id=campaign.id,
                                                           title=f"{campaign.name} 落实清单")
        except Exception as exc:
            show_error(self, exc, "导出落实清单")
            return
        self._tell(f"已导出落实清单 {count} 条到 {path}")

    def _tell(self, text: str) -> None:
        top = self.window()
        if isinstance(top, QMainWindow):
            top.statusBar().showMessage(text, 8000)

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("campaign"):
            self.picker.reload()
        if changes.touches("target", "verification", "campaign", "cadre", "unit"):
            self.reload()
