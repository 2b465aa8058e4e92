"""Small report dialogs: the 专报 editor and the report settings of the database."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.briefing import KINDS, BriefingError, BriefingInput
from desktop.services.admin import settings
from desktop.services.reports import queries
from desktop.services.reports.reports import describe_fonts
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs
from desktop.ui.common.messages import show_error
from desktop.ui.widgets.text_box import TextBox

CLASSIFICATIONS = ("", "内部资料", "内部资料　注意保存", "秘密", "秘密★1年", "机密", "机密★10年")


class BriefingDialog(QDialog):
    """The clerk writes the 专报: kind, title, issue number, body, and the 版记 lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("专报")
        self.resize(720, 640)
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.title = QLineEdit()
        self.title.setPlaceholderText("如：我市在重大片区建设一线考准考实干部")
        self.issue = QLineEdit()
        self.issue.setPlaceholderText("如：第3期")
        self.body = TextBox()
        self.body.setPlaceholderText("一段一行。以“一、”开头的行是一级标题，以“（一）”开头的是二级标题；"
                                     "标题后紧接句号的，句号后的文字作为正文接排。")
        self.recipients = QLineEdit()
        self.recipients.setPlaceholderText("报：市委主要领导，市委分管领导。")
        self.copies = QLineEdit()
        form = QFormLayout()
        form.addRow("类别(&K)：", self.kind)
        form.addRow("标题(&T)：", self.title)
        form.addRow("期号(&I)：", self.issue)
        form.addRow("正文(&B)：", self.body)
        form.addRow("报(&R)：", self.recipients)
        form.addRow("送(&D)：", self.copies)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("预览(&P)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.value: BriefingInput | None = None

    def accept(self) -> None:
        try:
            self.value = BriefingInput(self.kind.currentText(), self.title.text(), self.body.toPlainText(),
                                       self.issue.text().strip(), self.recipients.text().strip(),
                                       self.copies.text().strip()).checked()
        except BriefingError as exc:
            show_error(self, exc)
            return
        super().accept()


class ReportSettingsDialog(QDialog):
    """Database-wide report settings (every clerk prints the same marks) and the fonts in use."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("报表设置")
        prefs = queries.report_prefs(ws)
        self.classification = QComboBox()
        self.classification.setEditable(True)
        self.classification.addItems(list(CLASSIFICATIONS))
        self.classification.setCurrentText(prefs.classification)
        self.watermark = QCheckBox("每页印水印(&W)")
        self.watermark.setChecked(prefs.watermark)
        self.watermark_text = QLineEdit(prefs.watermark_text)
        self.watermark_text.setToolTip("{user} 换成当前用户姓名，{time} 换成生成时间")
        self.issuer = QLineEdit(prefs.issuer)
        self.issuer.setPlaceholderText("如：中共海滨市委组织部（用于落款、专报版头）")
        self.prefix = QLineEdit(prefs.number_prefix)
        self.briefing_name = QLineEdit(prefs.briefing_name)
        self.font_folder = QLineEdit(prefs.font_folder)
        browse = QPushButton("浏览(&B)…")
        browse.clicked.connect(self._browse)
        folder = QHBoxLayout()
        folder.addWidget(self.font_folder, 1)
        folder.addWidget(browse)
        form = QFormLayout()
        form.addRow("密级或标识(&C)：", self.classification)
        form.addRow("", self.watermark)
        form.addRow("水印文字(&T)：", self.watermark_text)
        form.addRow("发文单位(&U)：", self.issuer)
        form.addRow("报表编号前缀(&P)：", self.prefix)
        form.addRow("专报名称(&N)：", self.briefing_name)
        form.addRow("字体文件夹：", folder)
        try:
            fonts = "\n".join(describe_fonts(ws))
        except Exception as exc:
            fonts = str(exc)
        self.fonts = QLabel(fonts)
        self.fonts.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存(&S)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("当前使用的字体："))
        layout.addWidget(self.fonts)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        chosen = file_dialogs.choose_folder(self, "字体文件夹", self.font_folder.text(), purpose="fonts")
        if chosen:
            self.font_folder.setText(chosen)

    def accept(self) -> None:
        values = {
            settings.REPORT_CLASSIFICATION: self.classification.currentText().strip(),
            settings.REPORT_WATERMARK: self.watermark.isChecked(),
            settings.REPORT_WATERMARK_TEXT: self.watermark_text.text().strip() or "{user} {time}",
            settings.REPORT_ISSUER: self.issuer.text().strip(),
            settings.REPORT_NUMBER_PREFIX: self.prefix.text().strip(),
            settings.REPORT_BRIEFING_NAME: self.briefing_name.text().strip() or "一线考核专报",
            settings.REPORT_FONT_FOLDER: self.font_folder.text().strip(),
        }
        try:
            current = queries.stored_settings(self.ws, values)
            for key, value in values.items():
                if current[key] != value:
                    settings.put(self.ws, key, value)
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()
