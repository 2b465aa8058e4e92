"""The unit tree: add, rename, move, merge, delete — each one audited operation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, NotFound
from desktop.models import Cadre, Post, Unit
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class UnitNode:
    id: int
    parent_id: int | None
    name: str
    kind: str
    sort_order: int
    cadres: int  # cadres holding a current post in this unit itself (not sub-units)


def tree(session: Session, *, counts: bool = True, scope: ColumnElement[bool] | None = None) -> list[UnitNode]:
    """Every unit, parents before children, with its direct current-post head count when
    asked (counting reads every post: skip it where no count is shown); `scope`, a condition
    on Cadre.id (services/scopes.py), counts only the cadres it holds."""
    heads: dict[int, int] = {}
    if counts:
        stmt = (select(Post.unit_id, func.count(func.distinct(Post.cadre_id)))
                .where(Post.end.is_(None), Post.unit_id.is_not(None)).group_by(Post.unit_id))
        if scope is not None:
            stmt = stmt.where(Post.cadre_id.in_(select(Cadre.id).where(scope)))
        heads = dict(session.execute(stmt).all())  # type: ignore[arg-type]
    rows = session.execute(select(Unit.id, Unit.parent_id, Unit.name, Unit.kind, Unit.sort_order)).all()
    nodes = [UnitNode(i, p, n, k, o, int(heads.get(i, 0))) for i, p, n, k, o in rows]
    children: dict[int | None, list[UnitNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    ordered: list[UnitNode] = []
    stack = sorted(children[None], key=lambda n: (n.sort_order, n.id), reverse=True)
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(sorted(children[node.id], key=lambda n: (n.sort_order, n.id), reverse=True))
    return ordered


def _printed(node: UnitNode, nodes: dict[int, UnitNode]) -> str:
    """How a post in this unit prints by default: a unit two levels down carries its parent's
    name (市财政局 + 预算科); the clerk can edit the printed text afterwards."""
    parent = nodes.get(node.parent_id) if node.parent_id is not None else None
    if parent is not None and parent.parent_id is not None and not node.name.startswith(parent.name):
        return parent.name + node.name
    return node.name


def choices(session: Session) -> dict[str, tuple[int, str]]:
    """Unit pickers: full path label (甲 / 乙 / 丙) → (unit id, name as a post prints it)."""
    nodes = tree(session, counts=False)
    by_id = {n.id: n for n in nodes}
    labels: dict[int, str] = {}
    out: dict[str, tuple[int, str]] = {}
    for n in nodes:  # parents come first
        labels[n.id] = f"{labels[n.parent_id]} / {n.name}" if n.parent_id in labels else n.name
        out[labels[n.id]] = (n.id, _printed(n, by_id))
    return out


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise FrontlineError("单位名称不能为空")
    if len(name) > 100:
        raise FrontlineError("单位名称不能超过100个字")
    return name


def _get(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("单位不存在（可能已被删除或合并）")
    return unit


def create(ws: Workspace, name: str, parent_id: int | None, kind: str = "") -> int:
    name = _check_name(name)

    def op(ctx: OpContext) -> int:
        if parent_id is not None:
            _get(ctx.session, parent_id)
        last = ctx.session.scalar(select(func.max(Unit.sort_order)).where(Unit.parent_id == parent_id))
        unit = Unit(name=name, parent_id=parent_id, kind=kind, sort_order=(last or 0) + 1)
        ctx.session.add(unit)
        ctx.session.flush()
        return int(unit.id)

    return ws.run("unit.create", op).value


def rename(ws: Workspace, unit_id: int, name: str) -> None:
    name = _check_name(name)

    def op(ctx: OpContext) -> None:
        _get(ctx.session, unit_id).name = name

    ws.run("unit.update", op)


def subtree_ids(session: Session, roots: Iterable[int]) -> set[int]:
    """The units given and all below them."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for uid, parent in session.execute(select(Unit.id, Unit.parent_id)):
        children[parent].append(uid)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        unit = stack.pop()
        if unit not in found:
            found.add(unit)
            stack.extend(children.get(unit, ()))
    return found


def _descendants(session: Session, unit_id: int) -> set[int]:
    return subtree_ids(session, [unit_id])


def move(ws: Workspace, unit_id: int, new_parent_id: int | None, position: int | None = None) -> None:
    """Put a unit under another (None: top level), optionally at a position among siblings."""

    def op(ctx: OpContext) -> None:
        s = ctx.session
        unit = _get(s, unit_id)
        if new_parent_id is not None:
            _get(s, new_parent_id)
            if new_parent_id in _descendants(s, unit_id):
                raise FrontlineError(f"不能把“{unit.name}”移到它自己的下级单位中")
        siblings = list(s.scalars(select(Unit).where(Unit.parent_id == new_parent_id, Unit.id != unit_id)
                                  .order_by(Unit.sort_order, Unit.id)))
        index = len(siblings) if position is None else max(0, min(position, len(siblings)))
        siblings.insert(index, unit)
        unit.parent_id = new_parent_id
        for order, sibling in enumerate(siblings):
            if sibling.sort_order != order:
                sibling.sort_order = order

    ws.run("unit.move", op)


@dataclass(frozen=True)
class MergeSummary:
    posts: int
    children: int


def merge_preview(session: Session, source_id: int, target_id: int) -> MergeSummary:
    posts = session.scalar(select(func.count()).select_from(Post).where(Post.unit_id == source_id)) or 0
    children = session.scalar(select(func.count()).select_from(Unit).where(Unit.parent_id == source_id)) or 0
    return MergeSummary(int(posts), int(children))


def merge(ws: Workspace, source_id: int, target_id: int) -> MergeSummary:
    """Merge `source` into `target`: its posts (and so its cadres) and sub-units move, then
    it is removed. Every moved post is in the audit log, so the merge can be traced."""
    if source_id == target_id:
        raise FrontlineError("不能把单位合并到它自己")

    def op(ctx: OpContext) -> MergeSummary:
        s = ctx.session
        source, target = _get(s, source_id), _get(s, target_id)
        if target_id in _descendants(s, source_id):
            raise FrontlineError(f"不能把“{source.name}”合并到它的下级单位“{target.name}”")
        summary = merge_preview(s, source_id, target_id)
        for post in s.scalars(select(Post).where(Post.unit_id == source_id)):
            post.unit_id = target.id
        for child in s.scalars(select(Unit).where(Unit.parent_id == source_id)):
            child.parent_id = target.id
        s.flush()
        s.delete(source)
        return summary

    return ws.run("unit.merge", op).value


def delete(ws: Workspace, unit_id: int) -> None:
    def op(ctx: OpContext) -> None:
        s = ctx.session
        unit = _get(s, unit_id)
        summary = merge_preview(s, unit_id, unit_id)
        if summary.posts or summary.children:
            raise FrontlineError(f"“{unit.name}”还有 {summary.posts} 条任职记录和 {summary.children} 个下级单位，"
                                 "请先合并到其他单位")
        s.delete(unit)

    ws.run("unit.delete", op)

