"""What a batch worker process runs (reports_batch.py hands the work out): plain values in
and out, and only the imports layout needs. A worker is a new process (spawn) that imports
this module before its first report; importing the services and the database layer as well
cost every worker a second or more before it could start.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from dataclasses import dataclass

from desktop.reports.layout.fonts import FontSet
from desktop.reports.layout.glyphs import book_for
from desktop.reports.layout.stamp import Stamp
from desktop.reports.render import Content, render, render_merged
from desktop.store.atomic import write_atomic


@dataclass
class Written:
    cadre_id: int
    number: str
    path: str
    sha256: str
    pages: int


Files = tuple[list[Written], set[str]]  # what a worker returns for its files: written, characters missing
Chunk = tuple[bytes, int, set[str]]  # what a worker returns for a chunk PDF: bytes, pages, characters missing


def warm(fontset: FontSet) -> None:
    follow_parent()
    book_for(fontset)  # parse the role fonts once, before the first report


def ready() -> None:
    """A task that does nothing: submitted once per worker so that the workers start (import,
    fonts) while the parent is still gathering the reports' data."""


def follow_parent() -> None:
    """End this worker when the program that started it is gone (killed, it cannot say so):
    an orphaned worker would otherwise wait forever on a pipe it holds itself. The parent's
    sentinel closes when it dies, on Linux and Windows alike."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="frontline-parent-watch", daemon=True).start()


def write_files(items: list[tuple[int, Content, Stamp, str, str]], fmt: str, fontset: FontSet) -> Files:
    out: list[Written] = []
    missing: set[str] = set()
    for cadre_id, content, mark, path, number in items:
        made = render(content, mark, fmt, fontset)
        write_atomic(path, made.pdf)
        missing |= made.missing
        out.append(Written(cadre_id, number, path, hashlib.sha256(made.pdf).hexdigest(), made.pages))
    return out, missing


def render_chunk(items: list[tuple[Content, Stamp]], fontset: FontSet) -> Chunk:
    made = render_merged(items, fontset)
    return made.pdf, made.pages, set(made.missing)
