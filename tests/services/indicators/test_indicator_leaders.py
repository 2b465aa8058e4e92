"""A leader rule set: who is ranked (cadres in office holding a leadership post), the groups by
职务层次, a note for a bottom-ranked leader; and exports refused before a byte is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models import Cadre, Post
from desktop.models.accounts import ROLE_ADMIN
from desktop.services import permissions
from desktop.services.indicators import queries, rankings, rule_sets, values, workbooks
from desktop.services.indicators.rule_sets import IndicatorSpec, SetSpec
from desktop.services.indicators.values import Entry
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from tests.services.indicators.indicator_scenario import build

PEOPLE = (  # name, status, level, grade, title
    ("张三", "在职", "县处级", "正", "局长"),
    ("李四", "在职", "县处级", "副", "副局长"),
    ("王五", "在职", "乡科级", "正", "科长"),
    ("赵六", "在职", "", "", "科员"),  # not a leader
    ("钱七", "退休", "县处级", "正", "局长"),  # retired
)


def _people(ws: Workspace) -> dict[str, int]:
    def op(ctx: OpContext) -> dict[str, int]:
        out = {}
        for name, status, level, grade, title in PEOPLE:
            cadre = Cadre(name=name, status=status)
            ctx.session.add(cadre)
            ctx.session.flush()
            ctx.session.add(Post(cadre_id=cadre.id, unit_name="海滨市财政局", title=title, leadership_level=level,
                                 grade=grade, is_main=True))
            out[name] = cadre.id
        return out

    return ws.run("test.people", op).value


def test_leaders_ranked_by_rank_level(ws: Workspace):
    ids = _people(ws)
    set_id = rule_sets.create(ws, SetSpec("领导干部重点任务", 2026, "leader",
                                          (IndicatorSpec("履职评价", 100, "manual", min_value=0, max_value=100),)))
    rule_sets.activate(ws, set_id)
    indicator = queries.set_detail(ws, set_id).indicators[0].id
    values.record_many(ws, set_id, 2026, 1, [Entry(ids["张三"], indicator, 90), Entry(ids["李四"], indicator, 90),
                                             Entry(ids["王五"], indicator, 50)])
    table = queries.rankings(ws, set_id, 2026, 1)
    assert [(r.subject, r.group, r.rank, r.group_rank, r.total) for r in table.rows] == [
        ("张三（海滨市财政局局长）", "县处级正职", 1, 1, 90.0),
        ("李四（海滨市财政局副局长）", "县处级副职", 1, 1, 90.0),
        ("王五（海滨市财政局科长）", "乡科级正职", 3, 1, 50.0),
    ]
    # Three leaders: the last three would be all of them, so nobody is 末位 or asked to explain.
    assert table.subject_label == "领导干部" and not any(r.bottom for r in table.rows)
    with pytest.raises(FrontlineError, match="不在末位"):
        rankings.record_note(ws, set_id, 2026, 1, ids["王五"], "征迁任务重", "增派力量")
    # A value recorded for someone outside the list still ranks them.
    values.record(ws, set_id, 2026, 1, ids["赵六"], indicator, 70)
    assert "赵六（海滨市财政局科员）" in [r.subject for r in queries.rankings(ws, set_id, 2026, 1).rows]


def test_exports_are_refused_before_a_byte_is_written(ws: Workspace, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    sc = build(ws)
    monkeypatch.setattr(permissions, "RULES", {**permissions.RULES, "export.rankings": frozenset(),
                                               "export.template.indicators": frozenset()})
    assert not permissions.allowed(ROLE_ADMIN, "export.rankings")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(PermissionDenied):
        workbooks.export_rankings(ws, sc.set_id, 2026, 1, out / "排名.xlsx")
    with pytest.raises(PermissionDenied):
        workbooks.write_template(ws, sc.set_id, 2026, 1, out / "模板.xlsx")
    assert list(out.iterdir()) == []
