"""A task-list or problem-list line changed by another clerk after this one's list was read: the
edit is refused with both versions, never written over the other's change."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest

from desktop.services.record_versions import StaleRecord, merged
from desktop.services.results import problems, queries, targets
from desktop.services.results.problems import ProblemInput
from desktop.services.results.targets import TargetInput
from desktop.services.units import units
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import cadre


def _as_input(row: object, kind: type) -> object:
    return kind(**{f.name: getattr(row, f.name) for f in dataclasses.fields(kind)})


def test_a_task_line_changed_since_the_list_was_read_is_not_overwritten(ws: Workspace):
    zhang = cadre(ws, "张三")
    li = cadre(ws, "李四")
    tid = targets.create(ws, TargetInput("新增规上工业企业", cadre_id=zhang, target_value=10, measure="个"))
    (row,) = queries.targets(ws)  # the list on this clerk's screen
    assert row.version == 1
    targets.update(ws, tid, replace(targets_input(ws, tid), cadre_id=li))  # another clerk reassigns it

    mine = replace(_as_input(row, TargetInput), target_value=12.0)
    with pytest.raises(StaleRecord) as caught:
        targets.update(ws, tid, mine)
    assert "任务清单「第 1 项」在您打开之后已由 admin" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("目标值", "12.0", "10.0"), ("责任干部", "张三", "李四")]
    (still,) = queries.targets(ws)
    assert (still.target_value, still.cadre, still.version) == (10.0, "李四", 2)

    targets.update(ws, tid, merged(caught.value, {"target_value"}))
    (saved,) = queries.targets(ws)
    assert (saved.target_value, saved.cadre, saved.version) == (12.0, "李四", 3)


def targets_input(ws: Workspace, target_id: int) -> TargetInput:
    with ws.read("test.inspect") as s:
        return targets.load(s, target_id)


def test_a_problem_whose_status_changed_meanwhile_keeps_it(ws: Workspace):
    """The edit dialog does not change the status: a status set by another clerk meanwhile is
    no longer written back to the old one — the conflict shows it, unticked."""
    port = units.create(ws, "市港务局", None)
    pid = problems.create(ws, ProblemInput(year=2026, quarter=2, problem="台账不全", unit_id=port))
    (row,) = queries.problems(ws, 2026, 2)
    problems.set_status(ws, pid, "整改中", follow_up="已约谈")

    mine = replace(_as_input(row, ProblemInput), bottleneck="人手不足")
    with pytest.raises(StaleRecord) as caught:
        problems.update(ws, pid, mine)
    labels = [d.label for d in caught.value.differences]
    assert labels == ["堵点难点", "跟进整改", "状态"]
    problems.update(ws, pid, merged(caught.value, {"bottleneck"}))
    (saved,) = queries.problems(ws, 2026, 2)
    assert (saved.bottleneck, saved.status, saved.follow_up) == ("人手不足", "整改中", "已约谈")


def test_every_field_of_a_task_or_problem_line_is_compared():
    assert {f.name for f in dataclasses.fields(TargetInput)} - {"version"} == set(targets.TARGET.labels)
    assert {f.name for f in dataclasses.fields(ProblemInput)} - {"version"} == set(problems.PROBLEM.labels)
