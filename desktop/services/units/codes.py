"""Code tables: the shipped defaults, the database's editable copy, and lookups."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import paths
from desktop.errors import FrontlineError
from desktop.models.codes import CODE_TABLES, CodeItem
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace


@lru_cache(maxsize=1)
def shipped_codes() -> dict[str, list[tuple[str, str]]]:
    """The defaults under resources/codes: table → [(code, name)] in display order."""
    folder = paths.resources_dir() / "codes"
    out: dict[str, list[tuple[str, str]]] = {}
    for table in CODE_TABLES:
        with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
            out[table] = [(row["code"].strip(), row["name"].strip()) for row in csv.DictReader(fh)]
    return out


def seed(session: Session) -> None:
    """Copy the shipped code tables into a new database."""
    for table, rows in shipped_codes().items():
        for order, (code, name) in enumerate(rows):
            session.add(CodeItem(table_name=table, code=code, name=name, sort_order=order))


def names(session: Session, table: str, *, include_inactive: bool = False) -> list[str]:
    stmt = select(CodeItem.name).where(CodeItem.table_name == table)
    if not include_inactive:
        stmt = stmt.where(CodeItem.active.is_(True))
    return list(session.scalars(stmt.order_by(CodeItem.sort_order, CodeItem.id)))


def all_names(session: Session) -> dict[str, list[str]]:
    rows = session.execute(
        select(CodeItem.table_name, CodeItem.name)
        .where(CodeItem.active.is_(True))
        .order_by(CodeItem.table_name, CodeItem.sort_order, CodeItem.id)
    )
    out: dict[str, list[str]] = {t: [] for t in CODE_TABLES}
    for table, name in rows:
        out.setdefault(table, []).append(name)
    return out


@dataclass(frozen=True)
class Item:
    id: int
    code: str
    name: str
    active: bool

    @property
    def state(self) -> str:
        return "使用中" if self.active else "已停用"


def items(session: Session, table: str) -> list[Item]:
    rows = session.execute(select(CodeItem.id, CodeItem.code, CodeItem.name, CodeItem.active)
                           .where(CodeItem.table_name == table).order_by(CodeItem.sort_order, CodeItem.id))
    return [Item(i, c, n, bool(a)) for i, c, n, a in rows]


def _check_table(table: str) -> None:
    if table not in CODE_TABLES:
        raise FrontlineError(f"没有名为 {table} 的代码表")


def add_item(ws: Workspace, table: str, code: str, name: str) -> int:
    _check_table(table)
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise FrontlineError("代码和名称都不能为空")

    def op(ctx: OpContext) -> int:
        s = ctx.session
        clash = s.scalar(select(CodeItem).where(
            CodeItem.table_name == table, (CodeItem.code == code) | (CodeItem.name == name)))
        if clash is not None:
            raise FrontlineError(f"{CODE_TABLES[table]}中已有代码 {clash.code}（{clash.name}）")
        last = s.scalar(select(func.max(CodeItem.sort_order)).where(CodeItem.table_name == table)) or 0
        item = CodeItem(table_name=table, code=code, name=name, sort_order=last + 1)
        s.add(item)
        s.flush()
        return int(item.id)

    return ws.run("codes.add", op).value


def set_active(ws: Workspace, item_id: int, active: bool) -> None:
    """Retire a code without deleting it: records that use it keep their text."""

    def op(ctx: OpContext) -> None:
        s = ctx.session
        item = s.get(CodeItem, item_id)
        if item is None:
            raise FrontlineError("代码项不存在")
        item.active = active

    ws.run("codes.update", op)
