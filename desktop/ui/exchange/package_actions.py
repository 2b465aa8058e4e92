"""外出考核数据包 in the 数据交换 menu: export a campaign for a field laptop (with a package
password of its own), and import a package back through the merge screen.

`export_package(window, campaign_id)` is what a campaign page calls with its campaign.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin.accounts import MIN_PASSWORD
from desktop.services.campaigns import queries
from desktop.services.exchange.packages import export as package_export
from desktop.ui.common import file_dialogs
from desktop.ui.exchange.package_merge_dialog import PackageMergeDialog


class PackagePasswordDialog(QDialog):
    """The package password, typed twice: it travels separately from the file."""

    def __init__(self, campaign: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设定数据包密码")
        self.first = QLineEdit()
        self.second = QLineEdit()
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        intro = QLabel(f"“{campaign}”的数据将导出为一个加密文件。请设定数据包密码（至少 {MIN_PASSWORD} 个字符），"
                       "在笔记本电脑上打开数据包和导回时都要用到它。密码请另行告知考核组，不要与数据包放在一起。")
        intro.setWordWrap(True)
        self.status = QLabel("")
        self.status.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow("数据包密码(&W)：", self.first)
        form.addRow("再次输入(&R)：", self.second)
        buttons = QDialogButtonBox()
        buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _check(self) -> None:
        if len(self.first.text()) < MIN_PASSWORD:
            self.status.setText(f"数据包密码至少需要 {MIN_PASSWORD} 个字符")
            self.first.setFocus()
        elif self.first.text() != self.second.text():
            self.status.setText("两次输入的密码不一致")
            self.second.setFocus()
            self.second.selectAll()
        else:
            self.accept()

    @property
    def password(self) -> str:
        return self.first.text()


def export_package(window: Any, campaign_id: int, path: str | None = None, password: str | None = None) -> None:
    """Ask for the package password and the file (unless given), then export in a worker."""
    from desktop.ui.exchange.interchange_actions import run_with_progress

    name = queries.campaign_name(window.ws, campaign_id)
    if password is None:
        dialog = PackagePasswordDialog(name, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        password = dialog.password
    if path is None:
        path = file_dialogs.save_file(window, "导出外出考核数据包", package_export.default_name(name),
                                      "外出考核数据包 (*.flpkg)", purpose="packages")
        if not path:
            return
        if not path.lower().endswith(".flpkg"):
            path += ".flpkg"
    ws, secret, target = window.ws, password, path
    run_with_progress(window, "导出外出考核数据包",
                      lambda task: package_export.export(ws, campaign_id, target, secret, progress=task.progress,
                                                         cancelled=task.cancelled),
                      lambda summary: window.statusBar().showMessage(
                          f"已导出数据包 {target}：{summary.cadres} 名干部，{summary.records} 条记录", 10000))


def import_package(window: Any, path: str = "") -> PackageMergeDialog:
    dialog = PackageMergeDialog(window.ws, window, path)
    model = getattr(window, "model", None)
    if model is not None and hasattr(model, "reload"):
        dialog.package_did_merge.connect(lambda _r: model.reload())
    dialog.package_did_merge.connect(lambda r: window.statusBar().showMessage(r.message(), 10000))
    return dialog


def ask_export(window: Any) -> None:
    """导出外出考核数据包: of the campaign on screen, else the one the clerk picks."""
    from desktop.ui.exchange.assessment_exchange import choose_campaign, current_campaign

    campaign_id = current_campaign(window)
    if campaign_id is None:
        ok, campaign_id = choose_campaign(window, window.ws, "导出外出考核数据包", allow_all=False, open_only=True)
        if not ok or campaign_id is None:
            return
    export_package(window, campaign_id)


def ask_import(window: Any) -> None:
    import_package(window).exec()
