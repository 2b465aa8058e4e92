"""Gathering the profiles of one or several cadres in one session, in a fixed set of queries
whatever their number or the size of their records (no N+1: relationships are lazy="raise").

The file is loaded as the reports load it (report_data.load_cadres, which also refuses unknown
cadres and those outside the account's scope); the front-line records are the 综合分析报告's
Assessment; the task list comes from the results' completion rates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Cadre, Problem
from desktop.models.results import PROBLEM_STATUSES
from desktop.reports import facts
from desktop.reports.assessment import Assessment, TallyTable
from desktop.services.analysis import excerpts, ranks
from desktop.services.analysis.profile import (
    AnnualLine,
    CategoryRow,
    Excerpt,
    ProblemLine,
    Profile,
    RankPlace,
    Summary,
)
from desktop.services.reports import report_assessment, report_data
from desktop.services.results import completion

SOLVED = PROBLEM_STATUSES[-1]  # 已解决


def summary(cadre: Cadre, today: dt.date) -> Summary:
    current = sorted((p for p in cadre.posts if p.end is None), key=lambda p: (not p.is_main, p.sort_order, p.id))
    main = current[0] if current else None
    unit = (main.unit_name or (main.unit.name if main.unit else "")) if main else ""
    return Summary(cadre.id, cadre.name, cadre.sex, cadre.birth, facts.age(cadre.birth, today),
                   facts.current_post(cadre), unit, main.unit_id if main else None, main.rank if main else "",
                   ranks.level_text(main.leadership_level, main.grade) if main else "")


def categories(tallies: Sequence[TallyTable]) -> tuple[CategoryRow, ...]:
    out = []
    for t in tallies:
        for r in t.rows:
            grades = "、".join(f"{g}{n}" for g, n in zip(t.grades, r.counts, strict=True) if n)
            if r.abstain:
                grades += ("、" if grades else "") + f"弃权{r.abstain}"
            out.append(CategoryRow(t.campaign, t.template, t.kind, r.category, r.issued, r.responses, grades, r.mean,
                                   t.weighted))
    return tuple(out)


def _problems(session: Session, ids: Sequence[int]) -> dict[int, list[ProblemLine]]:
    out: dict[int, list[ProblemLine]] = defaultdict(list)
    stmt = (select(Problem).where(Problem.cadre_id.in_(ids), Problem.status != SOLVED)
            .order_by(Problem.year, Problem.quarter, Problem.id))
    for p in session.scalars(stmt):
        out[p.cadre_id or 0].append(ProblemLine(p.id, f"{p.year}年第{p.quarter}季度", p.problem, p.severity, p.status))
    return out


def profiles(session: Session, ids: Sequence[int], today: dt.date | None = None) -> list[Profile]:
    """The profiles of `ids`, in that order; unknown cadres and those outside the scope are refused."""
    today = today or dt.date.today()
    cadres = report_data.load_cadres(session, ids)
    found = report_assessment.assessments(session, cadres)
    summaries = {c.id: summary(c, today) for c in cadres}
    places = ranks.places(session, list(summaries.values()),
                          {cid: ranks.political_total(a.dimensions) for cid, a in found.items()})
    said = excerpts.excerpts(session, {c.id: c.name for c in cadres})
    tasks = completion.for_cadres(session, ids, today)
    problems = _problems(session, ids)
    return [_profile(c, summaries[c.id], found[c.id], places[c.id], said[c.id], tasks[c.id],
                     tuple(problems.get(c.id, ()))) for c in cadres]


def _profile(cadre: Cadre, s: Summary, a: Assessment, places: tuple[RankPlace, RankPlace], said: tuple[Excerpt, ...],
             tasks: completion.CompletionRow, problems: tuple[ProblemLine, ...]) -> Profile:
    annual = tuple(AnnualLine(r.year, r.grade, r.note) for r in sorted(cadre.annual_results, key=lambda r: r.year))
    return Profile(
        summary=s, dimensions=a.dimensions, pq_total=ranks.political_total(a.dimensions), pq_sheets=a.pq_sheets,
        pq_campaigns=a.pq_campaigns, flags=a.flags, ledger=a.ledger, tallies=a.tallies,
        categories=categories(a.tallies), excerpts=said, campaigns=a.campaigns, tasks=tasks.all,
        hard_tasks=tasks.hard, problems=problems, annual=annual, ranks=places)
