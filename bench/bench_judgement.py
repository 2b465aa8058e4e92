"""The written conclusion on a cadre with a long record: 1,000 ledger entries (100 of them
reversed) and 200 evaluation sheets.

Figures: listing the cadre's citable facts (what the conclusion panel's picker loads), against
reading the same cadre's ledger timeline (the 积分 page); saving a draft citing 30 facts;
reading it back with its citations resolved; and the 综合分析报告 with the signed conclusion
printed, against the same report without one.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.common import PASSWORD, demo_database, ms, timed

ENTRIES, REVERSED, SHEETS, CITED = 1000, 100, 200, 30


def _fill(ws, cadre_id: int) -> None:  # type: ignore[no-untyped-def]
    from desktop.models import PointEntry, Sheet, SheetTemplate

    def op(ctx):  # type: ignore[no-untyped-def]
        s = ctx.session
        first = int(s.scalar(select(func.max(PointEntry.id))) or 0) + 1
        template = s.scalar(select(SheetTemplate.id).order_by(SheetTemplate.id))
        day = dt.date(2024, 1, 1)
        entries = [{"id": first + n, "cadre_id": cadre_id, "date": day + dt.timedelta(days=n % 700),
                    "dimension": "政治担当", "points": 3, "source": "一线考核", "fact": f"第{n}件事实，在一线值守",
                    "author": "admin", "uid": f"e{first + n:031x}"} for n in range(ENTRIES)]
        entries += [{"id": first + ENTRIES + n, "cadre_id": cadre_id, "date": day + dt.timedelta(days=720),
                     "dimension": "政治担当", "points": -3, "source": "一线考核", "fact": "冲正",
                     "reverses_id": first + n, "reason": "核实有误", "author": "admin",
                     "uid": f"r{first + n:031x}"} for n in range(REVERSED)]
        s.execute(insert(PointEntry), entries)
        sheet_id = int(s.scalar(select(func.max(Sheet.id))) or 0) + 1
        s.execute(insert(Sheet), [{"id": sheet_id + n, "template_id": template, "cadre_id": cadre_id,
                                   "rater_category": "同级", "status": "complete", "uid": f"s{sheet_id + n:031x}"}
                                  for n in range(SHEETS)])

    ws.run("bench.fill", op)


def main() -> None:
    from desktop.models import Cadre
    from desktop.services.judgement import analyses, queries
    from desktop.services.judgement.analyses import Cite
    from desktop.services.ledger import queries as ledger_queries
    from desktop.services.reports.reports import Request, generate
    from desktop.services.workspace import Workspace

    source = demo_database(2000)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        shutil.copy2(source, db)
        shutil.copy2(f"{source}.keys", f"{db}.keys")
        ws = Workspace.open(db, "admin", PASSWORD)
        try:
            with ws.read("bench.inspect") as s:
                cadre_id = int(s.scalar(select(Cadre.id).order_by(Cadre.id.desc())))
            _fill(ws, cadre_id)
            facts = queries.citable_facts(ws, cadre_id)
            listing = min(timed(lambda: queries.citable_facts(ws, cadre_id)) for _ in range(3))
            timeline = min(timed(lambda: ledger_queries.cadre_ledger(ws, cadre_id)) for _ in range(3))
            print(f"citable facts of a cadre with {ENTRIES + REVERSED} ledger entries and {SHEETS} sheets "
                  f"({len(facts)} facts): {ms(listing)} (the ledger timeline of the same cadre: {ms(timeline)}, "
                  f"ratio {listing / timeline:.1f}x)")
            text = "。".join(f"第{n}句" for n in range(CITED)) + "。"
            cites = [Cite("strengths", n, f.kind, f.ref_id) for n, f in enumerate(facts[:CITED])]
            saving = timed(lambda: analyses.save_draft(ws, cadre_id, {"strengths": text}, cites))
            reading = min(timed(lambda: queries.latest(ws, cadre_id)) for _ in range(3))
            print(f"draft citing {CITED} facts: saved in {ms(saving)}, read back with its citations resolved "
                  f"in {ms(reading)}")
            plain = min(timed(lambda: generate(ws, Request("comprehensive", cadre_id=cadre_id))) for _ in range(2))
            view = queries.latest(ws, cadre_id)
            assert view is not None
            analyses.sign(ws, view.id)
            signed = min(timed(lambda: generate(ws, Request("comprehensive", cadre_id=cadre_id))) for _ in range(2))
            print(f"综合分析报告 PDF with the signed conclusion and {CITED} cited facts: {ms(signed)} "
                  f"(without a conclusion: {ms(plain)}, ratio {signed / plain:.2f}x)")
        finally:
            ws.close()


if __name__ == "__main__":
    main()
