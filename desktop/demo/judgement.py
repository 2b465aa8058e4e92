"""The demo's judgements and their use: a signed conclusion on the cadre with the most ledger
facts and a draft on the next, each sentence citing that cadre's facts; and results-use
records of every type, most of them citing the facts they rest on, dated this year so the
promotion figure has people behind it.

Drawn from a random stream of its own, so everything the demo made before stays as it was.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import Analysis, Cadre, Citation, PointEntry, ResultUse, Unit, campaign_cadre
from desktop.models.base import utcnow
from desktop.models.judgement import OWNER_ANALYSIS, OWNER_RESULT_USE
from desktop.models.sentences import split
from desktop.services.judgement.citations import Fact, Subject, facts_of
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace

SIGNED = {
    "strengths": "政治立场坚定，在重大任务中始终站在一线。面对急难险重任务敢于担当，工作有思路、有办法。",
    "weaknesses": "统筹协调能力有待进一步提高。",
    "recommendation": "建议在重大项目一线继续培养使用，条件成熟时提拔任用。",
}
DRAFT = {
    "strengths": "工作作风扎实，群众认可度较高。",
    "weaknesses": "抓落实的力度还需加强；对分管领域的新情况研究不够。",
    "recommendation": "建议安排到基层一线墩苗历练。",
}
# (kind, state, title, subtype, follow-up)
USES = (
    ("promotion", "已落实", "提拔为乡镇党委副书记", "", "已按程序任职"),
    ("promotion", "已落实", "提拔为区直部门副局长", "", "已按程序任职"),
    ("promotion", "拟办", "拟提拔为区发改局局长", "", ""),
    ("rank", "已落实", "晋升为一级主任科员", "", "已办理职级晋升手续"),
    ("pool_in", "办理中", "列入优秀年轻干部名单", "", "已报区委组织部审核"),
    ("reward", "已落实", "记三等功", "", "表彰文件已印发"),
    ("training", "拟办", "参加应急管理专题培训", "专业训练", ""),
    ("training", "办理中", "到信访窗口跟班学习", "实践锻炼", "已对接信访局"),
    ("care", "已落实", "安排年度体检", "体检", "已完成体检"),
    ("care", "拟办", "防汛任务结束后安排轮休", "轮休", ""),
    ("removal", "未采纳", "建议免去现职", "", "经研究暂不调整，予以诫勉"),
)


def _ranked_cadres(session: Session) -> list[int]:
    """Cadres by how many ledger facts they have (most first), then by id: a stable order."""
    rows = session.execute(select(PointEntry.cadre_id, func.count()).group_by(PointEntry.cadre_id)
                           .order_by(func.count().desc(), PointEntry.cadre_id)).all()
    return [cid for cid, _n in rows]


def _cite_analysis(session: Session, a: Analysis, facts: list[Fact], r: random.Random) -> int:
    count = 0
    usable = [f for f in facts if f.kind in ("point_entry", "talk", "sheet", "verification")]
    for part in ("strengths", "weaknesses"):
        for n, _sentence in enumerate(split(getattr(a, part))):
            for f in r.sample(usable, min(len(usable), r.randint(1, 2))):
                session.add(Citation(owner=OWNER_ANALYSIS, owner_id=a.id, part=part, sentence=n, kind=f.kind,
                                     ref_id=f.ref_id, ref_uid=f.uid))
                count += 1
    return count


def _analysis(session: Session, cadre_id: int, texts: dict[str, str], actor: str, signed: bool,
              r: random.Random) -> int:
    a = Analysis(cadre_id=cadre_id, version=1, author=actor, **texts)
    if signed:
        a.signed_by, a.signed_at = actor, utcnow()
    session.add(a)
    session.flush()
    return 1 + _cite_analysis(session, a, facts_of(session, Subject(cadre_id=cadre_id)), r)


def _uses(session: Session, cadres: list[int], today: dt.date, actor: str, r: random.Random) -> int:
    first_day = dt.date(today.year, 1, 1)
    assessed = set(session.scalars(select(campaign_cadre.c.cadre_id)))
    # Mostly cadres with front-line records, and one without: the figure is not all or nothing.
    outside = [c for c in session.scalars(select(Cadre.id).order_by(Cadre.id)) if c not in assessed
               and c not in cadres]
    chosen = cadres[2:2 + len(USES)]
    if outside and len(chosen) > 1:
        chosen[1] = outside[0]
    rows = 0
    for (kind, state, title, subtype, follow_up), cadre_id in zip(USES, chosen, strict=False):
        day = max(first_day, today - dt.timedelta(days=r.randint(5, 200)))
        use = ResultUse(kind=kind, cadre_id=cadre_id, date=day, title=title, subtype=subtype, state=state,
                        follow_up=follow_up, author=actor, detail="")
        session.add(use)
        session.flush()
        facts = facts_of(session, Subject(cadre_id=cadre_id))
        for f in r.sample(facts, min(len(facts), 2)):
            session.add(Citation(owner=OWNER_RESULT_USE, owner_id=use.id, kind=f.kind, ref_id=f.ref_id, ref_uid=f.uid))
            rows += 1
        rows += 1
    unit_id = session.scalar(select(Unit.id).where(Unit.parent_id.is_not(None)).order_by(Unit.id))
    if unit_id is not None:
        session.add(ResultUse(kind="team", unit_id=unit_id, date=max(first_day, today - dt.timedelta(days=30)),
                              title="调整班子分工，充实一线力量", state="办理中", author=actor,
                              follow_up="已征求班子成员意见"))
        rows += 1
    return rows


def fill(ws: Workspace, *, seed: int = 1, today: dt.date | None = None) -> int:
    """Add the demo's conclusions and results-use records; returns the rows written."""

    def op(ctx: OpContext) -> int:
        s = ctx.session
        r = random.Random(seed * 1000 + 14)
        cadres = _ranked_cadres(s)
        if len(cadres) < 2:
            return 0
        rows = _analysis(s, cadres[0], SIGNED, ctx.actor, True, r)
        rows += _analysis(s, cadres[1], DRAFT, ctx.actor, False, r)
        rows += _uses(s, cadres, today or dt.date.today(), ctx.actor, r)
        s.flush()
        ctx.record("database", kind="create", after={"demo_judgement": True, "seed": seed, "rows": rows})
        return rows

    return ws.run("demo.generate", op).value
