"""UI preferences, declared once with types and defaults, stored with QSettings.

The file lives in the program's config folder (FRONTLINE_HOME redirects it in tests).
Preferences that change report output belong in the database instead.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from desktop import paths, safe_read
from desktop.errors import FileRefused

log = logging.getLogger(__name__)
MAX_PIXELS = 10_000


MAX_FILE_BYTES = 4 * 2**20


def _usable(path: Path) -> Path:
    """`path`, after moving aside whatever stands there that QSettings must not read: Qt opens
    the file in C++, where a named pipe would block the start-up for ever and /dev/zero would
    be read until memory runs out. The window then starts with default settings."""
    try:
        safe_read.check_regular(path)
        if path.stat().st_size <= MAX_FILE_BYTES:
            return path
        reason = "too large"
    except FileRefused as exc:
        if not path.exists() and not path.is_symlink():
            return path
        reason = str(exc)
    aside = path.with_name(f"{path.name}.unusable-{int(time.time())}")
    try:
        path.rename(aside)
        log.warning("%s moved aside to %s and settings reset: %s", path, aside.name, reason)
    except OSError:
        log.warning("%s unusable (%s) and cannot be moved aside: settings are not kept", path, reason)
        return path.with_name(f"{path.name}.fresh")
    return path


class Settings:
    def __init__(self) -> None:
        self._q = QSettings(str(_usable(paths.config_dir() / "frontline.ini")), QSettings.Format.IniFormat)

    def _get(self, key: str, default: Any, kind: type) -> Any:
        value = self._q.value(key, default)
        if value is None:
            return default
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    # --- login --------------------------------------------------------------------------

    @property
    def last_db(self) -> str:
        return str(self._get("login/last_db", "", str))

    @last_db.setter
    def last_db(self, value: str) -> None:
        self._q.setValue("login/last_db", value)

    @property
    def last_user(self) -> str:
        return str(self._get("login/last_user", "admin", str)) or "admin"

    @last_user.setter
    def last_user(self, value: str) -> None:
        self._q.setValue("login/last_user", value)

    # --- window state -------------------------------------------------------------------

    def state(self, key: str) -> QByteArray | None:
        value = self._q.value(f"state/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_state(self, key: str, value: QByteArray) -> None:
        self._q.setValue(f"state/{key}", value)

    def value(self, key: str, default: Any = None) -> Any:
        """A free-form preference (column layouts and the like)."""
        return self._q.value(key, default)

    def sizes(self, key: str) -> dict[str, int]:
        """A name → pixels map kept as JSON (column widths). Junk left in the file by hand or
        by a crash is dropped with a warning in the log, never a reason not to start."""
        raw = self._q.value(key, "")
        if not raw:
            return {}
        try:
            data = safe_read.parse_json(str(raw))
        except ValueError:
            data = None
        if not isinstance(data, dict):
            log.warning("%s in %s ignored and reset: not a JSON object", key, self._q.fileName())
            return {}
        good = {str(k): v for k, v in data.items()
                if isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_PIXELS}
        if len(good) != len(data):
            log.warning("%s in %s: %d damaged entries ignored", key, self._q.fileName(), len(data) - len(good))
        return good

    def set_value(self, key: str, value: Any) -> None:
        self._q.setValue(key, value)

    def sync(self) -> None:
        self._q.sync()
