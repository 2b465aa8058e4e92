"""Database-wide preferences (those that change printed output), read and changed by key."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.models.settings import Setting
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


def put(ws: Workspace, key: str, value: Any) -> None:
    def op(ctx: OpContext) -> None:
        row = ctx.session.get(Setting, key)
        if row is None:
            ctx.session.add(Setting(key=key, value=value))
        else:
            row.value = value

    ws.run("settings.update", op)
