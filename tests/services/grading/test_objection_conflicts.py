"""公示异议的处理情况 written by two clerks at once: the later save is refused with both versions
and nothing of it written; the clerk's choice is saved at the stored version (both backends)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

import pytest

from desktop.services.grading import queries, rounds
from desktop.services.grading.rounds import Handling, RoundInput
from desktop.services.record_versions import StaleRecord, merged
from desktop.services.workspace import Workspace
from tests.services.grading.grading_scenario import YEAR, build

THURSDAY = dt.date(2026, 12, 3)


def _objection_on_notice(ws: Workspace) -> tuple[int, int]:
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)
    rounds.start_notice(ws, rid, THURSDAY)
    oid = rounds.record_objection(ws, rid, "反映乙同志年内请假较多", dt.date(2026, 12, 4), cadre_id=s.ids["乙"])
    return rid, oid


def _objection(ws: Workspace, rid: int) -> queries.ObjectionRow:
    (row,) = queries.round_view(ws, rid).objections
    return row


def test_a_handling_written_by_another_clerk_since_the_dialog_opened_is_not_overwritten(ws: Workspace):
    rid, oid = _objection_on_notice(ws)
    opened = _objection(ws, rid)  # both clerks' dialogs read the list here
    assert (opened.handling, opened.row_version) == ("", 1)
    rounds.handle_objection(ws, oid, "经核实，请假均经批准，不影响定等", opened.row_version)
    with pytest.raises(StaleRecord) as caught:
        rounds.handle_objection(ws, oid, "  已转纪检组核查  ", opened.row_version)
    assert "公示异议「反映乙同志年内请假较多」在您打开之后已由 admin" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("处理情况", "已转纪检组核查", "经核实，请假均经批准，不影响定等")]
    stored = _objection(ws, rid)
    assert (stored.handling, stored.row_version) == ("经核实，请假均经批准，不影响定等", 2)

    chosen = merged(caught.value, {"handling"})  # the clerk keeps their own, at the stored version
    assert chosen == Handling("已转纪检组核查", 2)
    rounds.handle_objection(ws, oid, chosen.handling, chosen.version)
    assert (_objection(ws, rid).handling, _objection(ws, rid).row_version) == ("已转纪检组核查", 3)
    with pytest.raises(StaleRecord):  # the choice made from version 2 is late again after a third save
        rounds.handle_objection(ws, oid, "再改一次", chosen.version)


def test_the_same_handling_or_an_unchecked_save_goes_ahead(ws: Workspace):
    rid, oid = _objection_on_notice(ws)
    opened = _objection(ws, rid)
    rounds.handle_objection(ws, oid, "经核实不属实", opened.row_version)
    rounds.handle_objection(ws, oid, "经核实不属实", opened.row_version)  # both wrote the same: no conflict
    rounds.handle_objection(ws, oid, "命令行写的处理情况")  # the command line's: not checked
    assert _objection(ws, rid).handling == "命令行写的处理情况"
    assert "row_version" not in _objection(ws, rid).as_json()


def test_every_field_of_a_handling_is_compared():
    assert {f.name for f in fields(Handling)} - {"version"} == set(rounds.OBJECTION.labels)
