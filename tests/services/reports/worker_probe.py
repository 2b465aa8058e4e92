"""A task for a batch worker that says what the worker had before its first task (kept apart
from the tests so that running it imports nothing more in the worker)."""

from __future__ import annotations

import sys


def preloaded() -> tuple[bool, bool]:
    from desktop.reports.layout import glyphs

    return bool(glyphs._books), "desktop.services.reports.batch_worker" in sys.modules
