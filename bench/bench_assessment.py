"""The 测评 screens at the size of a city's annual assessment: one campaign rating 300 cadres,
six named political-quality sheets each (1,800 sheets, 74,000 answers) and a stack of
40 paper ballots each (12,000 ballots).

Figures: the campaign's tally table (every cadre's weighted score), against the baseline
of tallying cadre by cadre (sheets.cadre_tally, four queries each); the sheet list; and
the storage cost of one keyed ballot (services.sheets.add_ballot, an audited
transaction), against an audited no-op transaction.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.common import PASSWORD, demo_database, ms, percentiles, timed

CADRES = int(os.environ.get("BENCH_ASSESSED", "300"))
RATERS = {"上级": ["分管领导"], "同级": ["同级一", "同级二"], "下级": ["下级一", "下级二"], "考核组": ["考核组"]}
BALLOTS = 40


def _fill(ws, campaign_id: int, cadre_ids: list[int]) -> int:  # type: ignore[no-untyped-def]
    """Complete sheets and ballot stacks written in bulk (the demo generator's way)."""
    from desktop.models import Ballot, BallotBatch, Sheet, SheetAnswer
    from desktop.models.scoring import grade_labels, is_flag
    from desktop.services.evaluation import templates

    r = random.Random(7)
    with ws.read("bench.inspect") as s:
        political = templates.current(s, "政治素质评议")
        democratic = templates.current(s, "民主测评")
        p_items = [(i.id, grade_labels(i), is_flag(i)) for i in political.items]
        d_items = [(i.id, grade_labels(i)) for i in democratic.items if not is_flag(i)]
        p_id, d_id = political.id, democratic.id

    def op(ctx):  # type: ignore[no-untyped-def]
        s = ctx.session
        sheet_id = int(s.scalar(select(func.max(Sheet.id))) or 0)
        batch_id = int(s.scalar(select(func.max(BallotBatch.id))) or 0)
        sheets, answers, batches, ballots = [], [], [], []
        for cadre in cadre_ids:
            for category, names in RATERS.items():
                for name in names:
                    sheet_id += 1
                    sheets.append({"id": sheet_id, "campaign_id": campaign_id, "template_id": p_id,
                                   "cadre_id": cadre, "rater_category": category, "rater_name": name,
                                   "status": "complete", "uid": f"b{sheet_id:031x}"})
                    for item, labels, flag in p_items:
                        value = "" if flag else r.choice(labels[:3])
                        answers.append({"sheet_id": sheet_id, "item_id": item, "value": value,
                                        "fact": "事例" if value == "一般" else "", "uid": f"a{len(answers):031x}"})
            batch_id += 1
            batches.append({"id": batch_id, "campaign_id": campaign_id, "template_id": d_id, "cadre_id": cadre,
                            "rater_category": "下级", "issued": BALLOTS + 5, "title": "", "uid": f"c{batch_id:031x}"})
            for seq in range(1, BALLOTS + 1):
                ballots.append({"batch_id": batch_id, "seq": seq, "uid": f"d{len(ballots):031x}",
                                "marks": {str(i): r.choice([*labels, ""]) for i, labels in d_items}})
        for model, rows in ((Sheet, sheets), (SheetAnswer, answers), (BallotBatch, batches), (Ballot, ballots)):
            s.execute(insert(model), rows)
        return len(sheets)

    return ws.run("bench.fill", op).value


def main() -> None:
    from desktop.models import Cadre
    from desktop.services.campaigns import campaigns
    from desktop.services.campaigns.campaigns import CampaignInput
    from desktop.services.evaluation import evaluation, sheets
    from desktop.services.workspace import Workspace

    source = demo_database(2000)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        shutil.copy2(source, db)
        shutil.copy2(f"{source}.keys", f"{db}.keys")
        ws = Workspace.open(db, "admin", PASSWORD)
        try:
            with ws.read("bench.inspect") as s:
                cadre_ids = list(s.scalars(select(Cadre.id).order_by(Cadre.id).limit(CADRES)))
            cid = campaigns.create(ws, CampaignInput(name="年度考核（测评基准）", kind="年度",
                                                     rater_weights={"上级": 30, "同级": 25, "下级": 20, "考核组": 25}))
            campaigns.add_cadres(ws, cid, cadre_ids)
            campaigns.activate(ws, cid)
            n_sheets = _fill(ws, cid, cadre_ids)

            with ws.read("bench.inspect") as s:
                pairs = sheets.rated_cadres(s, cid)
                baseline = timed(lambda: [sheets.cadre_tally(s, c, t, cid) for c, t in pairs])
                table = min(timed(lambda: evaluation.tally_table(s, cid)) for _ in range(3))
                listing = min(timed(lambda: sheets.sheets_of(s, cid)) for _ in range(3))
            print(f"tally table, {len(pairs)} (cadre, template) pairs from {n_sheets} sheets and "
                  f"{CADRES * BALLOTS} ballots: {ms(table)} (cadre by cadre: {ms(baseline)}, "
                  f"{baseline / table:.1f}x faster)")
            print(f"sheet list of the campaign ({n_sheets} sheets with scores): {ms(listing)}")

            with ws.read("bench.inspect") as s:
                batch = sheets.batches(s, cid)[0].id
                items = sheets.ballot_items(s, batch)
            marks = {i.id: "好" for i in items}
            keyed = [timed(lambda: sheets.add_ballot(ws, batch, marks)) for _ in range(5)]
            noop = [timed(lambda: ws.run("bench.noop", lambda _ctx: None)) for _ in range(5)]
            (k50, k95), (n50, _n95) = percentiles(keyed), percentiles(noop)
            print(f"one keyed ballot stored: p50 {ms(k50)}, p95 {ms(k95)} (audited no-op transaction "
                  f"{ms(n50)}, ratio {k50 / n50:.1f}x)")
        finally:
            ws.close()


if __name__ == "__main__":
    main()
