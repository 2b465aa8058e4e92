"""The window's reads about units and code tables (services/units/queries.py): what they return
on the demo database, that it is plain data, and that each passes the permission hook."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from desktop.errors import PermissionDenied
from desktop.models import CodeItem, Post, Unit
from desktop.models.accounts import ROLE_ADMIN
from desktop.services import permissions
from desktop.services.units import codes, queries
from desktop.services.workspace import Workspace
from tests.services.cadres.plain import assert_frozen, assert_plain, query_names


def test_the_unit_tree_and_its_labels(demo_ws: Workspace):
    nodes = queries.unit_tree(demo_ws)
    with demo_ws.read("test.inspect") as s:
        count = s.scalar(select(func.count()).select_from(Unit))
        heads = dict(s.execute(select(Post.unit_id, func.count(func.distinct(Post.cadre_id)))
                               .where(Post.end.is_(None), Post.unit_id.is_not(None)).group_by(Post.unit_id)).all())
    assert len(nodes) == count > 100
    seen: set[int] = set()
    for node in nodes:  # parents before children
        assert node.parent_id is None or node.parent_id in seen
        seen.add(node.id)
        assert node.cadres == heads.get(node.id, 0)
    assert sum(n.cadres for n in nodes) >= 300  # every demo cadre holds a current post
    assert all(n.cadres == 0 for n in queries.unit_tree(demo_ws, counts=False))
    for node in nodes:
        assert_frozen(node)
        assert_plain(node)

    labels = queries.unit_choices(demo_ws)
    assert len(labels) == count
    by_id = {n.id: n for n in nodes}
    child = next(n for n in nodes if n.parent_id is not None)
    label = next(label for label, (uid, _printed) in labels.items() if uid == child.id)
    assert label == f"{next(lb for lb, (u, _p) in labels.items() if u == child.parent_id)} / {child.name}"
    assert by_id[child.parent_id].name in label
    assert_plain(labels)


def test_what_a_merge_would_move(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        source, posts = s.execute(select(Post.unit_id, func.count()).where(Post.unit_id.is_not(None))
                                  .group_by(Post.unit_id).order_by(func.count().desc()).limit(1)).one()
        children = s.scalar(select(func.count()).select_from(Unit).where(Unit.parent_id == source))
        target = s.scalar(select(Unit.id).where(Unit.id != source).limit(1))
    summary = queries.merge_preview(demo_ws, source, target)
    assert (summary.posts, summary.children) == (posts, children) and posts > 0
    assert_frozen(summary)


def test_code_tables(demo_ws: Workspace):
    items = queries.code_items(demo_ws, "sex")
    assert [(i.name, i.active, i.state) for i in items] == [("男", True, "使用中"), ("女", True, "使用中")]
    for item in items:
        assert_frozen(item)
        assert_plain(item)
    ranks = queries.code_names(demo_ws, "civil_rank")
    with demo_ws.read("test.inspect") as s:
        stored = list(s.scalars(select(CodeItem.name).where(CodeItem.table_name == "civil_rank")
                                .order_by(CodeItem.sort_order, CodeItem.id)))
    assert ranks == stored and len(ranks) > 5
    retired = next(i for i in queries.code_items(demo_ws, "civil_rank") if i.name == ranks[0])
    codes.set_active(demo_ws, retired.id, False)
    assert queries.code_names(demo_ws, "civil_rank") == ranks[1:]
    assert queries.code_items(demo_ws, "civil_rank")[0].active is False


QUERIES: dict[str, tuple[str, Callable[[Workspace], object]]] = {
    "unit_tree": ("unit.read", queries.unit_tree),
    "unit_choices": ("unit.read", queries.unit_choices),
    "merge_preview": ("unit.read", lambda ws: queries.merge_preview(ws, 1, 2)),
    "code_items": ("code.read", lambda ws: queries.code_items(ws, "sex")),
    "code_names": ("code.read", lambda ws: queries.code_names(ws, "sex")),
}


def test_every_query_is_listed_here():
    assert query_names(queries) == set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_query_passes_the_permission_hook(demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch, name: str):
    action, query = QUERIES[name]
    monkeypatch.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), action: frozenset()})
    with pytest.raises(PermissionDenied, match=re.escape(action)):
        query(demo_ws)
    # The other family's right is not what it needs: with only that one refused, it reads.
    other = "code.read" if action == "unit.read" else "unit.read"
    monkeypatch.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), other: frozenset()})
    query(demo_ws)
