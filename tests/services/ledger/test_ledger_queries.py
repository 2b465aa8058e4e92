"""What the window reads about the ledger (积分), through the named queries on the demo
database; and saving an entry's evidence out: checked by the permission hook before any file
is written, recorded in the audit log, and never outside the folder the clerk chose, whatever
file names a field-laptop package brought."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import paths
from desktop.errors import PermissionDenied
from desktop.models import AuditEntry, Campaign, PointEntry, PointEvidence
from desktop.models.accounts import ROLE_ADMIN
from desktop.models.ledger import DIMENSIONS
from desktop.services import permissions
from desktop.services.ledger import ledger, queries
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from tests.services.campaigns.plain_values import assert_plain


def _busiest_cadre(ws: Workspace) -> int:
    with ws.read("test.inspect") as s:
        return int(s.scalar(select(PointEntry.cadre_id).group_by(PointEntry.cadre_id)
                            .order_by(func.count().desc(), PointEntry.cadre_id).limit(1)))


def test_a_cadres_ledger(demo_ws: Workspace):
    cadre_id = _busiest_cadre(demo_ws)
    book = queries.cadre_ledger(demo_ws, cadre_id)
    with demo_ws.read("test.inspect") as s:
        points = list(s.execute(select(PointEntry.id, PointEntry.points, PointEntry.source)
                                .where(PointEntry.cadre_id == cadre_id).order_by(PointEntry.date, PointEntry.id)))
    assert [r.id for r in book.timeline] == [p[0] for p in points] and len(points) >= 2
    assert book.total == sum(p[1] for p in points) == book.timeline[-1].running
    assert set(book.by_dimension) == set(DIMENSIONS) and sum(book.by_dimension.values()) == book.total
    source = points[0][2]
    only = queries.cadre_ledger(demo_ws, cadre_id, [source])
    assert [r.id for r in only.timeline] == [p[0] for p in points if p[2] == source]
    later = queries.cadre_ledger(demo_ws, cadre_id, None, dt.date.today() + dt.timedelta(days=1), None)
    assert later.timeline == [] and later.total == 0
    assert_plain(book)
    assert type(book).__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_the_rules_and_the_entry_dialogs_choices(demo_ws: Workspace):
    shipped = json.loads((paths.resources_dir() / "ledger_rules.json").read_text("utf-8"))
    rules = queries.point_rules(demo_ws)
    assert sorted(r.behaviour for r in rules) == sorted(r["behaviour"] for r in shipped)
    first = next(r for r in rules if r.behaviour == shipped[0]["behaviour"])
    assert (first.dimension, first.positive, first.points, first.min_points, first.max_points) == (
        shipped[0]["dimension"], shipped[0]["positive"], shipped[0]["points"], shipped[0]["min"], shipped[0]["max"])
    ledger.save_rule(demo_ws, first.dimension, first.behaviour, first.positive, first.points, first.min_points,
                     first.max_points, rule_id=first.id, active=False)
    assert first.id not in {r.id for r in queries.point_rules(demo_ws)}
    assert first.id in {r.id for r in queries.point_rules(demo_ws, include_inactive=True)}

    choices = queries.entry_choices(demo_ws)
    assert [r.id for r in choices.rules] == [r.id for r in queries.point_rules(demo_ws)]
    with demo_ws.read("test.inspect") as s:
        still_open = list(s.execute(select(Campaign.id, Campaign.name).where(Campaign.status != "closed")
                                    .order_by(Campaign.start.desc(), Campaign.id.desc())))
    assert list(choices.campaigns) == [tuple(r) for r in still_open] and len(still_open) == 2
    assert_plain(choices)
    assert_plain(rules)


def test_every_ledger_read_passes_the_permission_hook(demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch):
    cadre_id = _busiest_cadre(demo_ws)
    for call in (lambda: queries.cadre_ledger(demo_ws, cadre_id), lambda: queries.point_rules(demo_ws),
                 lambda: queries.entry_choices(demo_ws)):
        call()
        with monkeypatch.context() as m:
            m.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), "ledger.read": frozenset()})
            with pytest.raises(PermissionDenied, match=r"ledger\.read"):
                call()


# --- evidence saved out -----------------------------------------------------------------------

HOSTILE = {
    # name as it could arrive in a field-laptop package → the name it is saved under
    "../../evil.txt": "evil.txt",
    "/etc/passwd": "passwd",
    "..\\..\\x.doc": "x.doc",
    "C:\\x.doc": "x.doc",  # taken already: saved as "x (2).doc"
    "C:x.doc": "C_x.doc",
    "bell\x07\x1b[31mred\n.txt": "bell__[31mred_.txt",
    "..": "佐证材料",
    "CON.txt": "_CON.txt",
}


def _entry_with_evidence(ws: Workspace, names: list[str]) -> tuple[int, int]:
    cadre_id = _busiest_cadre(ws)
    entry_id = ledger.add(ws, ledger.EntryInput(
        cadre_id=cadre_id, date=dt.date.today(), dimension=DIMENSIONS[0], positive=True, points=2,
        source=ledger.SOURCES[0], fact="抢修现场连续值守48小时"))

    def planted(ctx: OpContext) -> None:
        for name in names:
            ctx.session.add(PointEvidence(entry_id=entry_id, filename=name, content=name.encode("utf-8")))

    ws.run("test.plant", planted)
    return entry_id, cadre_id


def _exports(ws: Workspace) -> list[AuditEntry]:
    with ws.read("test.inspect") as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "export.evidence")
                              .order_by(AuditEntry.id)))


def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_evidence_names_from_the_database_never_leave_the_chosen_folder(demo_ws: Workspace, tmp_path: Path):
    entry_id, cadre_id = _entry_with_evidence(demo_ws, list(HOSTILE))
    deep = tmp_path / "a" / "b"
    folder = deep / "chosen"
    folder.mkdir(parents=True)
    before = _tree(tmp_path)
    written = ledger.save_evidence(demo_ws, entry_id, folder)
    expected = [safe if name != "C:\\x.doc" else "x (2).doc" for name, safe in HOSTILE.items()]
    assert [p.name for p in written] == expected
    assert all(p.resolve().parent == folder.resolve() for p in written)
    # Nothing appeared anywhere but in the chosen folder.
    assert _tree(tmp_path) - before == set(written)
    assert [p.read_bytes() for p in written] == [name.encode("utf-8") for name in HOSTILE]
    (trace,) = _exports(demo_ws)
    assert (trace.actor, trace.cadre_id, trace.after["entry"]) == ("admin", cadre_id, entry_id)
    assert {f["file"]: f["sha256"] for f in trace.after["files"]} == {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in written}


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_link_planted_in_the_folder_is_not_followed(demo_ws: Workspace, tmp_path: Path):
    entry_id, _ = _entry_with_evidence(demo_ws, ["/etc/passwd", "notes.txt"])
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.txt").write_bytes(b"kept")
    folder = tmp_path / "chosen"
    folder.mkdir()
    (folder / "passwd").symlink_to(outside / "passwd")  # dangling: where a write would create a file
    (folder / "notes.txt").symlink_to(outside / "notes.txt")
    written = ledger.save_evidence(demo_ws, entry_id, folder)
    assert all(p.parent == folder and not p.is_symlink() for p in written)
    assert not (outside / "passwd").exists()
    assert (outside / "notes.txt").read_bytes() == b"kept"
    assert sorted(p.name for p in outside.iterdir()) == ["notes.txt"]


def test_saving_evidence_is_refused_before_any_file_is_written(demo_ws: Workspace, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch):
    entry_id, _ = _entry_with_evidence(demo_ws, ["现场.jpg", "../../evil.txt"])
    folder = tmp_path / "chosen"
    folder.mkdir()
    for refused in ("export.evidence", "export.*"):
        with monkeypatch.context() as m:
            m.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), refused: frozenset()})
            # Refused up front: not written and then removed again by the missing trace.
            m.setattr(ledger, "write_atomic", lambda *a, **k: pytest.fail("a file was written"))
            with pytest.raises(PermissionDenied, match=r"export\.evidence"):
                ledger.save_evidence(demo_ws, entry_id, folder)
        assert list(folder.iterdir()) == [] and not (tmp_path / "evil.txt").exists()
    assert _exports(demo_ws) == []
    assert [p.name for p in ledger.save_evidence(demo_ws, entry_id, folder)] == ["现场.jpg", "evil.txt"]
    assert len(_exports(demo_ws)) == 1


def test_a_point_rule_changed_by_another_clerk_since_it_was_read_is_not_overwritten(ws: Workspace):
    from dataclasses import fields

    from desktop.services.ledger.ledger import RULE, RuleInput
    from desktop.services.record_versions import StaleRecord, merged

    rid = ledger.save_rule(ws, DIMENSIONS[0], "防汛一线值守", True, 3, 1, 5)
    (row,) = [r for r in queries.point_rules(ws) if r.id == rid]  # two administrators' lists
    ledger.save_rule(ws, row.dimension, row.behaviour, row.positive, 4, 1, 6, rid, version=row.version)
    with pytest.raises(StaleRecord) as caught:
        ledger.save_rule(ws, row.dimension, "防汛抢险一线值守", row.positive, 3, 1, 5, rid, version=row.version)
    assert "积分规则「防汛一线值守」在您打开之后" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("行为类型", "防汛抢险一线值守", "防汛一线值守"), ("默认分值", "3", "4"), ("最高", "5", "6")]
    chosen = merged(caught.value, {"behaviour"})
    ledger.save_rule(ws, chosen.dimension, chosen.behaviour, chosen.positive, chosen.points, chosen.low, chosen.high,
                     rid, chosen.active, version=chosen.version)
    (saved,) = [r for r in queries.point_rules(ws) if r.id == rid]
    assert (saved.behaviour, saved.points, saved.max_points) == ("防汛抢险一线值守", 4, 6)
    assert {f.name for f in fields(RuleInput)} - {"version"} == set(RULE.labels)
