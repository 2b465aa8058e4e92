"""`frontline visits`, `frontline talks`: the fieldwork records with their numbers, so that a
problem can be raised from one (`frontline problems add --visit ID` / `--talk ID`).

frontline visits --db x.db [--campaign 3] [--json]
frontline talks --db x.db [--campaign 3] [--json]

Parsing and printing only.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from desktop.cli.text import table

if TYPE_CHECKING:
    from desktop.cli.main import Commands
    from desktop.services.campaigns.queries import FieldworkRecords

EXCERPT = 40  # characters of findings or conclusion shown in the table


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT] + "…"


def _records(args: argparse.Namespace) -> FieldworkRecords:
    from desktop.cli.main import open_workspace
    from desktop.services.campaigns import queries

    ws = open_workspace(args)
    try:
        if args.campaign is not None:
            queries.campaign_name(ws, args.campaign)  # an unknown campaign is refused, not listed empty
        return queries.fieldwork_records(ws, args.campaign, with_units=True)
    finally:
        ws.close()


def cmd_visits(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK

    found = _records(args)
    labels, names = found.unit_labels, found.campaign_names
    if args.json:
        print(json.dumps([{"id": v.id, "date": v.date.isoformat(), "place": v.place, "unannounced": v.unannounced,
                           "campaign_id": v.campaign_id, "campaign": names.get(v.campaign_id or 0, ""),
                           "units": [{"id": u, "name": labels.get(u, "")} for u in v.unit_ids],
                           "findings": v.findings} for v in found.visits], ensure_ascii=False, indent=1))
        return EXIT_OK
    rows = [[str(v.id), v.date.isoformat(), v.place, "是" if v.unannounced else "",
             "、".join(f"{labels.get(u, '')}（{u}）" for u in v.unit_ids), names.get(v.campaign_id or 0, ""),
             _excerpt(v.findings)] for v in found.visits]
    print(table(["编号", "日期", "地点", "暗访", "走访单位（编号）", "所属考核", "发现的情况"], rows))
    print(f"共 {len(rows)} 次走访", file=sys.stderr)
    return EXIT_OK


def cmd_talks(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK

    found = _records(args)
    names = found.campaign_names
    if args.json:
        print(json.dumps([{"id": t.id, "start_at": t.start_at.isoformat() if t.start_at else None,
                           "interviewee": t.interviewee_name, "interviewers": list(t.interviewers),
                           "campaign_id": t.campaign_id, "campaign": names.get(t.campaign_id or 0, ""),
                           "conclusion": t.conclusion} for t in found.talks], ensure_ascii=False, indent=1))
        return EXIT_OK
    rows = [[str(t.id), t.start_at.strftime("%Y-%m-%d %H:%M") if t.start_at else "", t.interviewee_name,
             "、".join(t.interviewers), names.get(t.campaign_id or 0, ""), _excerpt(t.conclusion)]
            for t in found.talks]
    print(table(["编号", "时间", "谈话对象", "谈话人", "所属考核", "结论"], rows))
    print(f"共 {len(rows)} 次谈话", file=sys.stderr)
    return EXIT_OK


def register(c: Commands) -> None:
    for name, fn, text in (
            ("visits", cmd_visits, "列出走访记录及其编号（供 problems add --visit 使用），新的在前"),
            ("talks", cmd_talks, "列出谈话记录及其编号（供 problems add --talk 使用），新的在前")):
        p = c.add(name, fn, text)
        p.add_argument("--campaign", type=int, metavar="ID",
                       help="只列出该考核的记录（编号见 frontline report-campaigns）")
        p.add_argument("--json", action="store_true", help="以 JSON 输出")
