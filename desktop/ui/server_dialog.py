"""The connection dialog for an office server: server, port, database, account, TLS.

It only builds the address (`postgresql://账户@服务器:端口/数据库`) that the login dialog's
database field takes; the password is typed in the login dialog and goes to the server only.
TLS can be turned off only for this machine's own address (services/office_server.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FrontlineError
from desktop.services.office_server import ServerAddress, address_url, is_server_url

TLS_CHOICES = (("require", "加密（TLS）"), ("verify-full", "加密并校验服务器证书"),
               ("disable", "不加密（仅限本机地址）"))


class ServerDialog(QDialog):
    def __init__(self, current: str = "", user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("连接办公室服务器")
        self.url = ""
        self.user = ""
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("如 192.168.1.10 或 db.zzb.local")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(5432)
        self.database_edit = QLineEdit("frontline")
        self.user_edit = QLineEdit(user)
        self.tls_combo = QComboBox()
        for mode, label in TLS_CHOICES:
            self.tls_combo.addItem(label, mode)
        if is_server_url(current):
            try:
                address = ServerAddress.parse(current, user)
            except FrontlineError:
                address = None
            if address is not None:
                self.host_edit.setText(address.host)
                self.port_spin.setValue(address.port)
                self.database_edit.setText(address.database)
                self.user_edit.setText(address.user)
                self.tls_combo.setCurrentIndex(max(0, self.tls_combo.findData(address.sslmode)))
        self.status = QLabel("密码在登录对话框中输入，不会保存。")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("服务器(&H)：", self.host_edit)
        form.addRow("端口(&O)：", self.port_spin)
        form.addRow("数据库(&D)：", self.database_edit)
        form.addRow("账户(&U)：", self.user_edit)
        form.addRow("传输加密(&T)：", self.tls_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.host_edit.setFocus()

    def accept(self) -> None:
        try:
            self.url = address_url(self.host_edit.text(), self.port_spin.value(), self.database_edit.text(),
                                   self.user_edit.text(), str(self.tls_combo.currentData()))
        except FrontlineError as exc:
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText(str(exc))
            return
        self.user = self.user_edit.text().strip()
        super().accept()
