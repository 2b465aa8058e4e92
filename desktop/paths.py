"""The one place that knows where files live, so tests can redirect all of them.

Set FRONTLINE_HOME to put configuration, state, logs and default databases under one folder
(tests do this; so can a portable install on a USB stick).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP = "frontline"


def _home() -> Path | None:
    value = os.environ.get("FRONTLINE_HOME")
    return Path(value) if value else None


def _ensure(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def data_dir() -> Path:
    """Default folder for databases the user creates."""
    home = _home()
    return _ensure(home / "data" if home else Path(platformdirs.user_data_dir(APP, appauthor=False)))


def state_dir() -> Path:
    """Small state the program keeps between runs (login throttling, audit anchors)."""
    home = _home()
    return _ensure(home / "state" if home else Path(platformdirs.user_state_dir(APP, appauthor=False)))


def log_dir() -> Path:
    home = _home()
    return _ensure(home / "logs" if home else Path(platformdirs.user_log_dir(APP, appauthor=False)))


def config_dir() -> Path:
    home = _home()
    return _ensure(home / "config" if home else Path(platformdirs.user_config_dir(APP, appauthor=False)))


def resources_dir() -> Path:
    """Shipped data: code tables, templates, icons.

    A source checkout or editable install finds them beside the package; a frozen build
    (PyInstaller) unpacks them next to the executable.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "resources"] if frozen else []
    candidates += [
        Path(__file__).resolve().parent.parent / "resources",
        Path(sys.prefix) / "share" / APP / "resources",
    ]
    for c in candidates:
        if (c / "codes").is_dir():
            return c
    raise FileNotFoundError("找不到程序资源目录 resources/，安装可能不完整")
