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


# --- report output (read by services/reports.py) -------------------------------------------
# 密级/标识 printed on every page: "" (none), 内部资料, 秘密★1年 …
REPORT_CLASSIFICATION = "report.classification"
# Whether pages carry a watermark, and its text: {user} (the acting account's name) and
# {time} (generation time, to the minute) are replaced.
REPORT_WATERMARK = "report.watermark"
REPORT_WATERMARK_TEXT = "report.watermark_text"
# A folder holding office fonts (simfang.ttf, simsun.ttc …) for machines without them installed.
REPORT_FONT_FOLDER = "report.font_folder"
# The department that issues reports: 落款, 专报版头, 呈报单位.
REPORT_ISSUER = "report.issuer"
# Report numbers read {prefix}{year}-{sequence:06d}; the sequence restarts each year.
REPORT_NUMBER_PREFIX = "report.number_prefix"
REPORT_SEQUENCE = "report.sequence"  # {"year": 2025, "last": 123}, kept by the program
# The 专报's masthead name (一线考核专报); the issue number is typed per 专报.
REPORT_BRIEFING_NAME = "report.briefing_name"

REPORT_DEFAULTS: dict[str, Any] = {
    REPORT_CLASSIFICATION: "内部资料",
    REPORT_WATERMARK: True,
    REPORT_WATERMARK_TEXT: "{user} {time}",
    REPORT_FONT_FOLDER: "",
    REPORT_ISSUER: "",
    REPORT_NUMBER_PREFIX: "",
    REPORT_BRIEFING_NAME: "一线考核专报",
}


# --- the window's session (read by services/admin/queries.py, changed by sessions.py) -------
# Minutes without keyboard or mouse input after which the window locks itself (等保: 10).
IDLE_LOCK_MINUTES = "security.idle_lock_minutes"
IDLE_LOCK_DEFAULT = 10
IDLE_LOCK_RANGE = (1, 60)
