import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.models import AuditEntry, Post, Unit
from desktop.services.cadres import cadre_files
from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.units import units
from desktop.services.workspace import Workspace


def _tree(ws):
    with ws.read("test.inspect") as s:
        return [(n.name, n.parent_id, n.cadres) for n in units.tree(s)]


def test_create_rename_move_and_order(ws: Workspace):
    a = units.create(ws, "市财政局", None)
    b = units.create(ws, "预算科", a)
    c = units.create(ws, "国库科", a)
    units.rename(ws, b, "预算管理科")
    units.move(ws, c, a, 0)
    assert [n for n, _, _ in _tree(ws)] == ["市财政局", "国库科", "预算管理科"]
    with pytest.raises(FrontlineError, match="不能把“市财政局”移到它自己的下级单位中"):
        units.move(ws, a, b)
    with pytest.raises(FrontlineError, match="不能为空"):
        units.rename(ws, a, "  ")


def test_merge_moves_posts_and_children_then_removes_the_source(ws: Workspace):
    old = units.create(ws, "市信息中心", None)
    sub = units.create(ws, "网络科", old)
    new = units.create(ws, "市大数据管理局", None)
    cid = cadre_files.save(ws, CadreFile(fields={"name": "张三", "sex": "男", "birth": "1980.01"},
                                         records={"posts": [{"unit_id": old, "title": "主任", "start": "2020.01"}]}))
    with ws.read("test.inspect") as s:
        assert units.merge_preview(s, old, new) == units.MergeSummary(posts=1, children=1)
    units.merge(ws, old, new)
    with ws.read("test.inspect") as s:
        assert s.get(Unit, old) is None
        assert s.get(Unit, sub).parent_id == new
        assert s.scalar(select(Post.unit_id).where(Post.cadre_id == cid)) == new
        moved = s.scalars(select(AuditEntry).where(AuditEntry.action == "unit.merge",
                                                  AuditEntry.entity == "post")).one()
    assert moved.before == {"unit_id": old} and moved.after == {"unit_id": new}
    assert ("市大数据管理局", None, 1) in _tree(ws)


def test_merge_into_own_sub_unit_is_refused(ws: Workspace):
    a = units.create(ws, "甲", None)
    b = units.create(ws, "乙", a)
    with pytest.raises(FrontlineError, match="下级单位"):
        units.merge(ws, a, b)
    with pytest.raises(FrontlineError, match="合并到它自己"):
        units.merge(ws, a, a)


def test_delete_only_when_empty(ws: Workspace):
    a = units.create(ws, "甲", None)
    units.create(ws, "乙", a)
    with pytest.raises(FrontlineError, match="1 个下级单位"):
        units.delete(ws, a)
