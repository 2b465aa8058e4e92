"""The demo's annual grading: 政治素质鉴定 for the cadres of two units, one round signed off (its
public notice over, an objection handled, the annual results written) and one still in draft
with more 优秀 than its quota, to be stopped at the cap and approved or changed.

Written through the grading services, as a clerk and a leader would; drawn from a random stream
of its own, so everything the demo made before stays as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from sqlalchemy import select

from desktop.models import Post, Unit
from desktop.models.grading_rules import HEADQUARTERS_KIND
from desktop.services.grading import appraisals, queries, rounds
from desktop.services.grading.appraisals import AppraisalInput
from desktop.services.grading.rounds import RoundInput
from desktop.services.workspace import Workspace

COMMENTS = ("政治立场坚定，严守纪律规矩，工作扎实有成效。", "对党忠诚，敢于担当，在重大任务中表现突出。",
            "能够完成本职工作，政治理论学习有待加强。", "服从组织安排，作风务实，群众评价较好。")


def grading_year(today: dt.date) -> int:
    """The year being graded: the current one from November (考核 runs at the year's end), else the last."""
    return today.year if today.month >= 11 else today.year - 1


def _units(ws: Workspace, r: random.Random) -> list[int]:
    """Two units (none of them a 指挥部) with 6 to 15 cadres in post in them and the units below."""
    with ws.read("grading.read") as s:
        units = {uid: (parent, kind) for uid, parent, kind in s.execute(select(Unit.id, Unit.parent_id, Unit.kind))}
        # Ordered: the same seed draws the same units on a file and on an office server.
        posts = list(s.scalars(select(Post.unit_id).where(Post.end.is_(None), Post.is_main.is_(True))
                               .order_by(Post.id)))
    counts: Counter[int] = Counter()
    for unit_id in posts:
        while unit_id is not None:  # a cadre counts in the unit and every unit above it
            counts[unit_id] += 1
            unit_id = units[unit_id][0]
    fitting = sorted(u for u, n in counts.items()
                     if 6 <= n <= 15 and units[u][1] != HEADQUARTERS_KIND and units[u][0] is not None)
    return r.sample(fitting, min(2, len(fitting)))


def _appraise(ws: Workspace, r: random.Random, cadre_id: int, year: int, strong: bool) -> None:
    valid = r.randint(15, 25)
    if strong:
        good, fair, average = valid - 1, 1, 0
    else:
        good = r.randint(valid // 4, valid * 2 // 5)  # at most 88 points: only the strong are 优秀
        fair = r.randint(0, valid - good)
        average = r.randint(0, valid - good - fair)
    returned = valid + r.randint(0, 2)
    appraisals.save(ws, AppraisalInput(cadre_id, year, returned + r.randint(0, 2), returned, valid, good, fair,
                                       average, valid - good - fair - average,
                                       supervisor_comment=r.choice(COMMENTS), suggested_grade="优秀" if strong else "",
                                       committee_opinion="同意主管领导意见。"))


def fill(ws: Workspace, *, seed: int = 1, today: dt.date | None = None) -> int:
    """Returns the number of rounds made (0 when the demo has no unit to grade)."""
    today = today or dt.date.today()
    r = random.Random(f"grading-{seed}")
    year = grading_year(today)
    units = _units(ws, r)
    if len(units) < 2:
        return 0
    done_unit, draft_unit = units
    done = _appraised_round(ws, r, done_unit, year, extra=0)
    view = queries.round_view(ws, done)
    excellent = [p for p in view.proposals if p.grade == "优秀"]
    for p in excellent[view.count.ordinary_cap:]:  # the committee keeps within the quota
        rounds.set_grade(ws, p.id, view.words[1], "考核委员会审定：优秀名额有限，按得分排序确定")
    start = today - dt.timedelta(days=21)
    rounds.start_notice(ws, done, start)
    first = queries.round_view(ws, done).proposals[0]
    oid = rounds.record_objection(ws, done, f"反映{first.name}同志年内下基层次数偏少", start + dt.timedelta(days=1),
                                  cadre_id=first.cadre_id)
    rounds.handle_objection(ws, oid, "经核实，该同志驻点记录齐全，反映情况不属实，维持拟定等次")
    rounds.finalise(ws, done, today=today)

    # One 优秀 more than even the front-line cap allows: stopped at the quota (优秀 2/1 for 6 people).
    _appraised_round(ws, r, draft_unit, year, extra=1)
    return 2


def _appraised_round(ws: Workspace, r: random.Random, unit_id: int, year: int, extra: int) -> int:
    """A round of the unit, its cadres (those the round takes, sub-units included) appraised and
    the grades proposed from the appraisals: as many 优秀 as the quota allows (at least one), and
    `extra` more."""
    round_id = rounds.create_round(ws, RoundInput(unit_id, year))
    rounds.propose(ws, round_id)
    view = queries.round_view(ws, round_id)
    strong = max(1, view.count.frontline_cap if extra else view.count.ordinary_cap) + extra
    for n, p in enumerate(view.proposals):
        _appraise(ws, r, p.cadre_id, year, strong=n < strong)
    rounds.propose(ws, round_id)
    return round_id
