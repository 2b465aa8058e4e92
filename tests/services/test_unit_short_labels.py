"""Lists name a unit so that a reader can tell it apart: a name shared by several units is
written with its parent's, a unique name alone."""

from __future__ import annotations

import datetime as dt

from desktop.services.results import queries
from desktop.services.results.targets import TargetInput, create
from desktop.services.units import units
from desktop.services.units.labels import short_labels, with_parent
from desktop.services.workspace import Workspace


def test_parent_and_name_share_their_common_character_once():
    assert with_parent("区委办公室", "海港区") == "海港区委办公室"
    assert with_parent("党政办", "东湖镇") == "东湖镇党政办"
    assert with_parent("海港区财政局", "海港区") == "海港区财政局"


def test_only_shared_names_carry_their_parent(ws: Workspace):
    city = units.create(ws, "海滨市财政局", None)
    town = units.create(ws, "东湖镇", None)
    office_a = units.create(ws, "办公室", city)
    office_b = units.create(ws, "办公室", town)
    alone = units.create(ws, "预算科", city)
    with ws.read("test.inspect") as s:
        labels = short_labels(s, [office_a, office_b, alone])
    assert labels == {office_a: "海滨市财政局办公室", office_b: "东湖镇办公室", alone: "预算科"}


def test_the_task_list_names_which_office(ws: Workspace):
    town = units.create(ws, "东湖镇", None)
    units.create(ws, "办公室", units.create(ws, "西山镇", None))
    office = units.create(ws, "办公室", town)
    create(ws, TargetInput(duty="编制年度工作方案", unit_id=office, deadline=dt.date(2027, 1, 31)))
    assert [r.subject for r in queries.targets(ws, unit_id=office)] == ["东湖镇办公室"]
