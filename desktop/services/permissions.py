"""Who may do what. One role (administrator) for now.

Actions are dotted names ("cadre.update", "cadre.read"). A rule names an action, a family
("cadre.*") or everything ("*"), and the roles allowed. Finer roles later add rules here; no
call site changes, because every change goes through `require` in the operation helper
(`Workspace.run`) and every read through `require` in `Workspace.read`.
"""

from __future__ import annotations

from desktop.errors import PermissionDenied
from desktop.models.accounts import ROLE_ADMIN

ROLE_LABELS = {ROLE_ADMIN: "管理员"}

RULES: dict[str, frozenset[str]] = {
    "*": frozenset({ROLE_ADMIN}),
}


def _candidates(action: str) -> list[str]:
    parts = action.split(".")
    return [action] + [".".join(parts[:i]) + ".*" for i in range(len(parts) - 1, 0, -1)] + ["*"]


def allowed(role: str, action: str) -> bool:
    for key in _candidates(action):
        if key in RULES:
            return role in RULES[key]
    return False


def require(username: str, role: str, action: str) -> None:
    if not allowed(role, action):
        raise PermissionDenied(f"账户 {username}（{ROLE_LABELS.get(role, role)}）无权执行“{action}”")
