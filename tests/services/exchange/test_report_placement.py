"""放在：a district's units new to the city come in under the city unit the clerk chooses (or
the default guessed from the report's header), not as stray top-level units; twice changes
nothing, and a unit the clerk has moved since stays where the clerk put it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.models import AuditEntry, Unit
from desktop.services.admin import settings
from desktop.services.exchange.levels import export as report_export
from desktop.services.exchange.levels import placement, queries, receive
from desktop.services.operations import OpContext
from desktop.services.units import units
from desktop.services.units.units import subtree_ids
from desktop.services.workspace import Workspace
from tests.conftest import data_digest

REPORT_PASSWORD = "district-2026"
ALL = frozenset(report_export.KINDS_OFFERED)


def _export(district: Workspace, out: Path) -> Path:
    with district.read("test.inspect") as s:
        top = s.scalar(select(Unit.id).where(Unit.name == "集贤区", Unit.parent_id.is_(None)))
    assert top is not None
    report_export.export(district, report_export.Scope(2025, 2026, ALL, (top,)), out, REPORT_PASSWORD)
    return out


def _export_unit(district: Workspace, name: str, out: Path) -> Path:
    with district.read("test.inspect") as s:
        top = s.scalar(select(Unit.id).where(Unit.name == name))
    assert top is not None
    report_export.export(district, report_export.Scope(2025, 2026, ALL, (top,)), out, REPORT_PASSWORD)
    return out


def _city(city: Workspace) -> dict[str, int]:
    """海滨市 with 市委 and 各区县 under it: where a clerk would want a district to go."""
    top = units.create(city, "海滨市", None)
    return {"海滨市": top, "市委": units.create(city, "市委", top), "各区县": units.create(city, "各区县", top)}


def _register(city: Workspace, path: Path) -> None:
    receive.trust_file(city, path, receive.read_header(path).fingerprint)


def _parent_of(city: Workspace, name: str) -> int | None:
    with city.read("test.inspect") as s:
        (parent,) = s.execute(select(Unit.parent_id).where(Unit.name == name)).one()
        return parent


def _roots(city: Workspace) -> list[str]:
    with city.read("test.inspect") as s:
        return sorted(s.scalars(select(Unit.name).where(Unit.parent_id.is_(None))))


def _uid(s: Session, unit_id: int) -> str:
    uid = s.scalar(select(Unit.uid).where(Unit.id == unit_id))
    assert uid is not None
    return uid


def _uid_of(city: Workspace, unit_id: int) -> str:
    with city.read("test.inspect") as s:
        return _uid(s, unit_id)


def _receive(city: Workspace, path: Path, choice: placement.Choice | None = None) -> receive.ReportImport:
    with receive.ReportImport(city, path, REPORT_PASSWORD) as job:
        plan = job.preview(city)
        if choice is not None:
            job.place(plan, choice)
        job.commit(city, plan)
    return job


def _same_file_again_changes_nothing(city: Workspace, path: Path) -> None:
    before = data_digest(city)
    with receive.ReportImport(city, path, REPORT_PASSWORD) as job:
        assert job.preview(city).changes == []
    assert data_digest(city) == before


def test_the_district_units_go_under_the_unit_the_clerk_chose_in_the_preview(
        demo_ws: Workspace, ws: Workspace, tmp_path: Path):
    out = _export(demo_ws, tmp_path / "集贤区.flrpt")
    city = _city(ws)
    _register(ws, out)
    with receive.ReportImport(ws, out, REPORT_PASSWORD) as job:
        plan = job.preview(ws)
        # Nothing in the city is named like the district, and nobody chose before: said plainly.
        assert job.choice == placement.Choice(None)
        assert ("上报文件中本级没有的顶层单位（集贤区）将作为本级单位树的顶层单位，与“海滨市”并列"
                "（本级没有与报送单位“集贤区”名称相符的单位，也没有上次的选择）") in plan.notes
        job.place(plan, queries.placement_named(ws, "各区县"))
        assert "上报文件中本级没有的顶层单位（集贤区）将放在“海滨市 / 各区县”之下" in plan.notes
        assert not any("顶层单位，与" in n for n in plan.notes)  # the earlier note went
        (top,) = [c for c in plan.of("add") if placement.at_top(c)]
        assert top.label.endswith("集贤区") and top.laptop is not None
        assert plan.names[top.laptop["parent_id"]] == "各区县"  # what the preview shows as 上级单位
        job.commit(ws, plan)

    assert _roots(ws) == ["海滨市"]  # no stray roots beside the city's own
    district = _parent_of(ws, "集贤区")
    assert district == city["各区县"]
    with ws.read("test.inspect") as s:
        below = subtree_ids(s, [city["各区县"]])
        added = set(s.scalars(select(Unit.id))) - set(city.values())
        assert added and added <= below  # the district's sub-units came in under their own parent
        (entry,) = [e.after for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "report_file.import",
                                                                          AuditEntry.entity == "report_file"))]
    assert entry["placed_under"] == "海滨市 / 各区县" and entry["placed_units"] == ["集贤区"]
    _same_file_again_changes_nothing(ws, out)


def test_the_default_is_the_city_unit_the_reports_issuing_office_names(demo_ws: Workspace, ws: Workspace,
                                                                         tmp_path: Path):
    # The district's 发文单位 is what its report names it by; the city keeps the district's
    # party committee (中共集贤区委) in its tree: that is about the same 集贤区.
    settings.put(demo_ws, settings.REPORT_ISSUER, "中共集贤区委组织部")
    out = _export(demo_ws, tmp_path / "集贤区.flrpt")
    city = _city(ws)
    committee = units.create(ws, "中共集贤区委", city["各区县"])
    units.create(ws, "集贤区人大", city["海滨市"])  # about 集贤区 too, but not an office's name for it
    _register(ws, out)
    with receive.ReportImport(ws, out, REPORT_PASSWORD) as job:
        plan = job.preview(ws)
        assert job.choice is not None and job.choice.path == "海滨市 / 各区县 / 中共集贤区委"
        assert ("上报文件中本级没有的顶层单位（集贤区）将放在“海滨市 / 各区县 / 中共集贤区委”之下"
                "（与报送单位“中共集贤区委组织部”的名称相符）") in plan.notes
        job.commit(ws, plan)
    assert _parent_of(ws, "集贤区") == committee


def test_without_a_name_match_the_last_choice_is_the_default(demo_ws: Workspace, ws: Workspace, tmp_path: Path):
    out = _export(demo_ws, tmp_path / "集贤区.flrpt")
    city = _city(ws)
    _register(ws, out)
    _receive(ws, out, queries.placement_named(ws, "市委"))
    assert _parent_of(ws, "集贤区") == city["市委"]
    with ws.read("test.inspect") as s:
        mine = placement.guess(s, "集贤区", receive.read_header(out).fingerprint)
        assert mine.why == "上次接收该单位的上报文件时所选"
        # Another district's first report: the last choice of all.
        assert placement.guess(s, "某某县", "0000") == placement.Choice(
            _uid(s, city["市委"]), "海滨市 / 市委", "上次接收上报文件时所选")
    units.merge(ws, city["市委"], city["各区县"])
    with ws.read("test.inspect") as s:  # a remembered unit merged away since is no default
        assert placement.guess(s, "某某县", "0000") == placement.Choice(None)


def test_a_unit_the_clerk_moved_afterwards_stays_where_the_clerk_put_it(demo_ws: Workspace, ws: Workspace,
                                                                         tmp_path: Path):
    first = _export(demo_ws, tmp_path / "第一次.flrpt")
    city = _city(ws)
    _register(ws, first)
    _receive(ws, first, queries.placement_named(ws, "各区县"))
    with ws.read("test.inspect") as s:
        district = s.scalar(select(Unit.id).where(Unit.name == "集贤区"))
    assert district is not None
    units.move(ws, district, city["市委"])  # the clerk thinks better of it
    _same_file_again_changes_nothing(ws, first)
    assert _parent_of(ws, "集贤区") == city["市委"]

    # Next year the district renames itself: the name comes, the place stays the clerk's.
    with demo_ws.read("test.inspect") as s:
        mine = s.scalar(select(Unit.id).where(Unit.name == "集贤区", Unit.parent_id.is_(None)))
    assert mine is not None
    units.rename(demo_ws, mine, "集贤新区")
    second = tmp_path / "第二次.flrpt"
    report_export.export(demo_ws, report_export.Scope(2025, 2026, ALL, (mine,)), second, REPORT_PASSWORD)
    with receive.ReportImport(ws, second, REPORT_PASSWORD) as job:
        plan = job.preview(ws)
        (renamed,) = [c for c in plan.changes if c.kind.table == "unit"]
        assert renamed.action == "update" and [(f.name, f.label) for f in renamed.fields] == [("name", "名称")]
        job.commit(ws, plan)
    assert _parent_of(ws, "集贤新区") == city["市委"]
    assert _roots(ws) == ["海滨市"]


def test_the_chosen_unit_is_named_by_path_name_or_code_and_a_bad_name_is_refused(ws: Workspace):
    city = _city(ws)
    units.create(ws, "办公室", city["市委"])
    office = units.create(ws, "办公室", city["各区县"])

    def give_code(ctx: OpContext) -> None:  # as an LRMX or roster import brings it
        found = ctx.session.get(Unit, office)
        assert found is not None
        found.code = "11370200MB0000001X"

    ws.run("unit.update", give_code)
    assert queries.placement_named(ws, "各区县").path == "海滨市 / 各区县"
    assert queries.placement_named(ws, " 海滨市 / 市委 / 办公室 ").path == "海滨市 / 市委 / 办公室"
    with pytest.raises(FrontlineError) as none:
        queries.placement_named(ws, "区县")
    assert str(none.value) == ("本级没有名称、代码或路径为“区县”的单位，没有导入任何数据。"
                               "请写出本级单位树中的单位名称、机构代码或完整路径（如“海滨市 / 各区县”）")
    with pytest.raises(FrontlineError) as several:
        queries.placement_named(ws, "办公室")
    assert str(several.value) == ("本级有 2 个单位与“办公室”相符：“海滨市 / 市委 / 办公室”、"
                                  "“海滨市 / 各区县 / 办公室”（代码 11370200MB0000001X），没有导入任何数据。"
                                  "请写出完整路径或机构代码")
    assert queries.placement_named(ws, "11370200MB0000001X").path == "海滨市 / 各区县 / 办公室"


def test_a_unit_the_district_moved_later_moves_in_the_city_unless_the_clerk_moved_it_too(
        demo_ws: Workspace, ws: Workspace, tmp_path: Path):
    first = _export(demo_ws, tmp_path / "第一次.flrpt")
    city = _city(ws)
    _register(ws, first)
    _receive(ws, first, queries.placement_named(ws, "各区县"))
    # The district puts itself under a new 区委 of its own, and reports again.
    with demo_ws.read("test.inspect") as s:
        mine = s.scalar(select(Unit.id).where(Unit.name == "集贤区", Unit.parent_id.is_(None)))
    assert mine is not None
    units.move(demo_ws, mine, units.create(demo_ws, "中共集贤区委员会", None))
    second = _export_unit(demo_ws, "中共集贤区委员会", tmp_path / "第二次.flrpt")
    with receive.ReportImport(ws, second, REPORT_PASSWORD) as job:
        plan = job.preview(ws)
        assert job.choice is not None and job.choice.path == "海滨市 / 各区县"  # this district's last choice
        moved = [c for c in plan.changes if c.kind.table == "unit" and c.action != "add"]
        assert [(c.action, [f.name for f in c.fields]) for c in moved] == [("update", ["parent_id", "sort_order"])]
        job.commit(ws, plan)
    committee = _parent_of(ws, "集贤区")
    assert _parent_of(ws, "中共集贤区委员会") == city["各区县"] and committee != city["各区县"]
    assert _roots(ws) == ["海滨市"]

    # Had the clerk moved it meanwhile, the two moves would be a conflict to decide.
    with ws.read("test.inspect") as s:
        district = s.scalar(select(Unit.id).where(Unit.name == "集贤区"))
    assert district is not None
    units.move(ws, district, city["市委"])
    units.move(demo_ws, mine, None)
    third = _export(demo_ws, tmp_path / "第三次.flrpt")
    with receive.ReportImport(ws, third, REPORT_PASSWORD) as job:
        (conflict,) = [c for c in job.preview(ws).conflicts if c.kind.table == "unit"]
    (parent,) = [f for f in conflict.fields if f.name == "parent_id"]
    assert (parent.changed, parent.office, parent.laptop) == ("both", "市委", "（空）")


def test_a_second_districts_unit_is_not_taken_for_a_unit_another_district_brought(
        demo_ws: Workspace, ws: Workspace, templates: dict[str, Path], tmp_path: Path):
    """集贤区 brought its 区委办公室; 翔安区's own 区委办公室 (the top of its tree) is another unit."""
    from desktop.models import Cadre, Post
    from desktop.services.cadres import cadre_files
    from tests.conftest import PASSWORD, _copy_db

    city = _city(ws)
    first = _export(demo_ws, tmp_path / "集贤区.flrpt")
    _register(ws, first)
    _receive(ws, first, queries.placement_named(ws, "各区县"))
    other = Workspace.open(_copy_db(templates["empty"], tmp_path / "翔安区.db"), "admin", PASSWORD)
    try:
        office = units.create(other, "区委办公室", None)
        cadre_files.save(other, cadre_files.CadreFile(
            fields={"name": "陈思远", "sex": "男", "birth": "1980.05"},
            records={"posts": [{"unit_id": office, "title": "主任", "start": "2020.01"}]}))
        second = _export_unit(other, "区委办公室", tmp_path / "翔安区.flrpt")
    finally:
        other.close()
    _register(ws, second)
    with receive.ReportImport(ws, second, REPORT_PASSWORD) as job:
        plan = job.preview(ws)
        assert not any("认定为本级已有的单位" in n for n in plan.notes)
        assert job.placed == ["区委办公室"]
        # Named like 集贤区's 区委办公室, which is no guess for 翔安区: the last choice is.
        assert job.choice == placement.Choice(_uid_of(ws, city["各区县"]), "海滨市 / 各区县", "上次接收上报文件时所选")
        job.commit(ws, plan)
    with ws.read("test.inspect") as s:
        offices = dict(s.execute(select(Unit.id, Unit.parent_id).where(Unit.name == "区委办公室")).all())
        assert len(offices) == 2 and city["各区县"] in offices.values()
        post_unit = s.scalar(select(Post.unit_id).join(Cadre, Cadre.id == Post.cadre_id).where(Cadre.name == "陈思远"))
        assert offices[post_unit] == city["各区县"]  # in 翔安区's own office, not 集贤区's


def test_the_picker_lists_the_city_tree_in_its_order_and_tells_namesakes_apart(ws: Workspace):
    city = _city(ws)
    units.create(ws, "办公室", city["各区县"])
    units.create(ws, "办公室", city["各区县"])
    units.create(ws, "办公室", city["市委"])
    assert [label for label, _uid in queries.placement_choices(ws)] == [
        "海滨市", "海滨市 / 市委", "海滨市 / 市委 / 办公室", "海滨市 / 各区县", "海滨市 / 各区县 / 办公室（第 1 个）",
        "海滨市 / 各区县 / 办公室（第 2 个）"]
