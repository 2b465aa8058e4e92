"""The cyclic garbage collector held off while an import, or a batch of reports gathering its
data, reads and writes in bulk.

An import of 10,000 rows makes millions of short-lived objects (a dict per cell from the
parser, a value per field) beside tens of thousands it keeps (the rows read, the planned
files, the audit entries); a batch of 1,000 任免审批表 loads some 17,000 records through the
ORM. Each allocation burst set off collections that walked the kept ones again and again: a
sixth of the import's time, and half of the ORM load's, for almost no garbage, since none of
this makes reference cycles in bulk. Reference counting still frees everything as usual;
cycles made meanwhile are collected by the first collection after the work.

Process-wide, so nested and concurrent holders count in: the collector is switched back on
when the last one ends, and only if it was on before the first began.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextlib.contextmanager
def paused() -> Iterator[None]:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
