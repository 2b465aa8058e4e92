"""The implementation list (落实清单) as an xlsx table, for the leaders' meeting.

An export like the others: refused before a byte is written without its right
("export.implementation", traces.action), written atomically, and leaving an audit entry
with the file's SHA-256 (or removed again when the entry cannot be written).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from desktop.errors import FrontlineError
from desktop.interchange.xlsx_export import Column, Sheet, write_tables
from desktop.services import traces
from desktop.services.results import queries
from desktop.services.results.queries import ImplementationRow
from desktop.services.workspace import Workspace
from desktop.store.atomic import atomic_writer

KIND = "implementation"
COLUMNS = (Column("序号", "number", 6), Column("任务", "text", 36), Column("指标", "text", 16),
           Column("责任对象", "text", 18), Column("目标值", "number", 10), Column("计量单位", "text", 8),
           Column("硬性指标", "text", 8), Column("完成时限", "date", 12), Column("完成值", "number", 10),
           Column("检验结果", "text", 10), Column("核实的事实", "text", 40), Column("检验人", "text", 10),
           Column("检验日期", "date", 12), Column("佐证材料", "text", 30), Column("来源部门", "text", 10))


def _rows(rows: Sequence[ImplementationRow]) -> Iterator[list[Any]]:
    for r in rows:
        t = r.target
        goal = "" if t.target_value is None else t.target_value
        yield [t.seq, t.duty, t.indicator, t.subject, goal, t.measure, "是" if t.hard else "", t.deadline,
               "" if t.achieved_value is None else t.achieved_value, t.result_label, r.fact, r.verified_by,
               r.verified_on, "、".join(e.filename for e in r.evidence), t.source_department]


def export_implementation(ws: Workspace, path: Path | str, *, campaign_id: int | None = None,
                          cadre_id: int | None = None, unit_id: int | None = None, title: str = "落实清单") -> int:
    """Write the verified targets of the selection; returns how many lines were written."""
    ws.require(traces.action(KIND))  # refused before a byte is written
    rows = queries.implementation(ws, campaign_id=campaign_id, cadre_id=cadre_id, unit_id=unit_id)
    if not rows:
        raise FrontlineError("没有已核验的任务，没有生成文件")
    met = sum(r.target.result == "met" for r in rows)
    subtitle = f"已核验 {len(rows)} 条，完成 {met} 条"
    with atomic_writer(path) as fh:
        write_tables(fh, [Sheet(title, COLUMNS, _rows(rows), len(rows), subtitle, unit="条", name="落实清单")])
    traces.record(ws, KIND, [Path(path)], records=len(rows),
                  detail={"campaign_id": campaign_id, "cadre_id": cadre_id, "unit_id": unit_id})
    return len(rows)
