"""The audit chain's state in the window: a permanent status-bar label, and a warning at login
when the database was rolled back or altered (the states are named in services/admin/verify.py).

The state is computed when the database opens and after each write; the label follows every
committed operation through the Bridge. In an alarm state every write is refused with
AuditTampered, which the pages show like any other refusal.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from desktop.services.admin.verify import COPY, OK, ROLLBACK, TAMPERED, UNANCHORED, ChainState
from desktop.services.workspace import Workspace
from desktop.ui.common.bridge import bridge_for

TEXTS = {
    OK: "审计链正常",
    UNANCHORED: "审计链：本机首次打开",
    COPY: "审计链：副本",
    ROLLBACK: "⚠ 审计链异常",
    TAMPERED: "⚠ 审计链异常",
}
ALARM_STYLE = "QLabel { color: white; background: #b00020; font-weight: bold; padding: 0 6px; }"
COPY_STYLE = "QLabel { color: #8a5a00; padding: 0 6px; }"
PLAIN_STYLE = "QLabel { padding: 0 6px; }"

WHAT_HAPPENED = {
    ROLLBACK: "数据库文件比本机上次使用时旧：它可能被换成了一份旧副本（回退），或审计记录被截断。",
    TAMPERED: "数据库的审计记录与本机保存的锚点不一致：审计记录可能被改动、删除，或数据库被换成了另一份文件。",
}


class ChainIndicator(QLabel):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        bridge_for(ws).workspace_did_change.connect(lambda _changes: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        state = self.ws.db.chain_state
        self.setText(TEXTS.get(state.status, state.status))
        tip = state.message or "此数据库的审计链未与本机锚点核对（工作副本）"
        if state.alarm:
            tip += "\n为免掩盖痕迹，程序拒绝修改此数据库。"
        self.setToolTip(tip)
        self.setStyleSheet(ALARM_STYLE if state.alarm else COPY_STYLE if state.status == COPY else PLAIN_STYLE)


def alarm_text(state: ChainState) -> str:
    return (f"{WHAT_HAPPENED.get(state.status, '')}\n\n检查结果：{state.message}。\n\n"
            "为免掩盖痕迹，程序拒绝对这个数据库做任何修改，只能查看。\n\n"
            "请这样处理：\n"
            "1. 用“工具 → 数据库完整性校验”检查数据库；\n"
            "2. 在“系统管理 → 备份与恢复”中，用可靠的备份恢复；\n"
            "3. 如果不清楚数据库为何被换过或改过，请先联系管理员，不要继续使用这个文件。")


def warn_if_alarmed(parent: QWidget, ws: Workspace) -> bool:
    """The warning at login; True if it was shown."""
    state = ws.db.chain_state
    if not state.alarm:
        return False
    QMessageBox.warning(parent, "审计链异常：数据库可能被回退或改动", alarm_text(state))
    return True
