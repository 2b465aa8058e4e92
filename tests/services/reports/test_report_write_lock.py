"""A single report is laid out outside the write transaction, as a batch is: other writers
(the window, the command line, a field laptop's import) are not held up for the seconds a
report takes, and the report's number is still never used twice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.models import AuditEntry, Cadre
from desktop.services.operations import OpContext
from desktop.services.reports.reports import RENDER_TRIES, Prefs, Request, allocate_numbers, generate, now_local
from desktop.services.workspace import Workspace
from tests.reports.pdf_helpers import compact


def write_lock_free(ws: Workspace) -> bool:
    """Whether another connection could start writing right now (asked without waiting)."""
    if ws.db.is_server:
        return _head_lock_free(ws)
    raw = ws.db.engine.raw_connection()
    cur = raw.cursor()
    try:
        cur.execute("PRAGMA busy_timeout = 0")
        try:
            cur.execute("BEGIN IMMEDIATE")
        except Exception as exc:
            assert "locked" in str(exc), exc
            return False
        cur.execute("ROLLBACK")
        return True
    finally:
        cur.execute("PRAGMA busy_timeout = 10000")  # as the engine sets every connection
        cur.close()
        raw.close()


def _head_lock_free(ws: Workspace) -> bool:
    """On the office server a write holds the audit chain's head row (services/operations.py)."""
    raw = ws.db.engine.raw_connection()
    cur = raw.cursor()
    try:
        try:
            cur.execute("SELECT id FROM audit_head WHERE id = 1 FOR UPDATE NOWAIT")
        except Exception as exc:
            assert "could not obtain lock" in str(exc), exc
            return False
        return True
    finally:
        raw.rollback()
        cur.close()
        raw.close()


class Layouts:
    """Stands in for the layout engine: notes the number stamped on each report and whether the
    write lock was free while it was laid out; `meanwhile` runs first, as another writer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, ws: Workspace,
                 meanwhile: Callable[[], None] | None = None) -> None:
        self.ws, self.meanwhile = ws, meanwhile
        self.numbers: list[str] = []
        self.lock_free: list[bool] = []
        from desktop.reports import render  # imported by the report service when a report is made

        self.real = render.render
        monkeypatch.setattr(render, "render", self)

    def __call__(self, content: Any, mark: Any, *args: Any) -> Any:
        self.numbers.append(mark.number)
        self.lock_free.append(write_lock_free(self.ws))
        if self.meanwhile is not None and self.lock_free[-1]:
            self.meanwhile()
        return self.real(content, mark, *args)


def take_next_number(ws: Workspace) -> None:
    """Another report (in another window or process) takes the next number."""

    def op(ctx: OpContext) -> None:
        allocate_numbers(ctx.session, Prefs.read(ctx.session), 1, now_local().year)
        ctx.record("report", kind="create", after={"reserved": "elsewhere"})

    ws.run("report.reserve", op)


def generated(ws: Workspace) -> list[AuditEntry]:
    with ws.read("test.inspect") as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "report.generate",
                                                       AuditEntry.entity == "report")))


def first_cadre(ws: Workspace) -> int:
    with ws.read("test.inspect") as s:
        return int(s.scalar(select(Cadre.id).order_by(Cadre.id).limit(1)) or 0)


def test_other_writers_may_write_while_a_report_is_laid_out(demo_ws: Workspace, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    layouts = Layouts(monkeypatch, demo_ws)
    out = tmp_path / "report.pdf"
    made = generate(demo_ws, Request("comprehensive", cadre_id=first_cadre(demo_ws)), out=out)
    assert layouts.lock_free == [True]
    assert made.number.endswith("-000001") and layouts.numbers == [made.number]
    assert f"报表编号：{made.number}" in compact(out.read_bytes())
    entry, = generated(demo_ws)
    assert entry.after["number"] == made.number
    assert entry.after["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest() == made.sha256


def test_a_number_taken_during_the_layout_is_not_printed_twice(demo_ws: Workspace, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch):
    taken = []

    def once() -> None:
        if not taken:
            taken.append(True)
            take_next_number(demo_ws)

    layouts = Layouts(monkeypatch, demo_ws, once)
    out = tmp_path / "report.pdf"
    made = generate(demo_ws, Request("comprehensive", cadre_id=first_cadre(demo_ws)), out=out)
    # Laid out with 000001, which the other report took; laid out again, outside, with 000002.
    assert [n[-6:] for n in layouts.numbers] == ["000001", "000002"] and layouts.lock_free == [True, True]
    assert made.number.endswith("-000002") and f"报表编号：{made.number}" in compact(out.read_bytes())
    entry, = generated(demo_ws)
    assert entry.after["number"] == made.number and entry.after["sha256"] == made.sha256
    again = generate(demo_ws, Request("adform", cadre_id=first_cadre(demo_ws)))
    assert again.number.endswith("-000003")


def test_a_report_whose_number_keeps_being_taken_is_laid_out_under_the_lock(demo_ws: Workspace,
                                                                            monkeypatch: pytest.MonkeyPatch):
    layouts = Layouts(monkeypatch, demo_ws, lambda: take_next_number(demo_ws))
    made = generate(demo_ws, Request("comprehensive", cadre_id=first_cadre(demo_ws)))
    # Each layout outside lost its number; the last one, inside the write, cannot.
    assert layouts.lock_free == [True] * RENDER_TRIES + [False]
    assert [n[-6:] for n in layouts.numbers] == [f"{n:06d}" for n in range(1, RENDER_TRIES + 2)]
    assert made.number == layouts.numbers[-1] and f"报表编号：{made.number}" in compact(made.data)
    assert [e.after["number"] for e in generated(demo_ws)] == [made.number]
