"""The demo's work results, consistent with its campaigns: task lists (targets of the
campaigns' units and of some of their cadres), quarterly problem lists (some raised from the
campaigns' visits and talks), implementation lists (most past-deadline targets verified, the
result judged by models.results.judge, some with a small evidence file) and a year of
quarterly indicator values under an active rule set, with the bottom three's notes.

Drawn from a random stream of its own, so everything the demo made before stays as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.demo import results_words as w
from desktop.models import (
    Cadre,
    Indicator,
    IndicatorSet,
    IndicatorValue,
    Post,
    Problem,
    RankingNote,
    Target,
    Unit,
    Verification,
    VerificationEvidence,
)
from desktop.models.indicators import ACTIVE, MANUAL, RANKING, SUBJECT_UNIT, Reading, Rule, standings
from desktop.models.results import MET, NOT_MET, PARTLY, PROBLEM_STATUSES, SEVERITIES, judge
from desktop.services.indicators import subjects as indicator_subjects

Add = Callable[..., None]
AREA_KINDS = ("镇街", "区", "指挥部")
KIND_SCALE = {"指挥部": 2.5, "镇街": 1.0, "区直部门": 0.6}


@dataclass
class CampaignFacts:
    """What the assessment generator made of one campaign, for the lists to agree with it."""

    id: int
    kind: str
    status: str
    start: dt.date
    end: dt.date | None
    units: list[int]
    assessed: list[int]
    team: list[str]
    visits: dict[int, tuple[dt.date, list[int]]] = field(default_factory=dict)  # id → day, units
    talks: dict[int, tuple[dt.date, int]] = field(default_factory=dict)  # id → day, cadre


@dataclass
class _Target:
    id: int
    unit_id: int | None
    cadre_id: int | None
    duty: w.Duty
    value: float | None
    deadline: dt.date


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _quarter_span(year: int, q: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * q - 2, 1)
    last = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
    return first, last


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def _round(value: float, measure: str) -> float:
    if measure == "万元":
        return float(round(value / 100) * 100)
    if measure in ("亿元", "%", "微克/立方米", "分"):
        return round(value, 1)
    return float(round(value))


def _text(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _png(rng: random.Random, size: tuple[int, int] = (160, 100)) -> bytes:
    """A tiny bar chart, standing in for a photographed statistics sheet."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.line((10, 90, 150, 90), fill=(60, 60, 60))
    for i in range(6):
        height = rng.randint(15, 75)
        draw.rectangle((16 + i * 22, 90 - height, 30 + i * 22, 89), fill=(200, 40 + i * 20, 40))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


class ResultsGenerator:
    def __init__(self, session: Session, add: Add, seed: int, today: dt.date,
                 standing: dict[int, float]) -> None:
        self.s = session
        self.add = add
        self.r = random.Random(seed * 6151 + 29)
        self.today = today
        self.standing = standing
        self.ids: dict[str, int] = {}
        for name, model in (("target", Target), ("problem", Problem), ("verification", Verification),
                            ("evidence", VerificationEvidence), ("set", IndicatorSet), ("indicator", Indicator)):
            self.ids[name] = int(self.s.scalar(select(func.max(model.id))) or 0)
        self.units = {uid: (name, kind, parent) for uid, name, kind, parent in self.s.execute(
            select(Unit.id, Unit.name, Unit.kind, Unit.parent_id))}
        self.cadre_names = dict(self.s.execute(select(Cadre.id, Cadre.name)).all())
        self.cadre_unit = dict(self.s.execute(select(Post.cadre_id, Post.unit_id).where(
            Post.end.is_(None), Post.is_main.is_(True)).order_by(Post.id)).all())
        self.strength: dict[int, float] = {}
        self.pictures = [_png(self.r) for _ in range(3)]
        self.counts = {"targets": 0, "problems": 0, "verifications": 0, "indicator_values": 0}

    def _next(self, key: str) -> int:
        self.ids[key] += 1
        return self.ids[key]

    def unit_name(self, uid: int | None) -> str:
        if uid is None or uid not in self.units:
            return ""
        name, kind, parent = self.units[uid]
        if parent is not None and kind in ("科室", "镇街", "区直部门"):
            return self.units[parent][0] + (name.removeprefix("区") if kind == "区直部门" else name)
        return name

    def _unit_strength(self, uid: int) -> float:
        if uid not in self.strength:
            self.strength[uid] = min(1.1, max(0.45, self.r.gauss(0.85, 0.15)))
        return self.strength[uid]

    def _strength(self, unit_id: int | None, cadre_id: int | None) -> float:
        if cadre_id is not None:
            return self.standing.get(cadre_id, 0.8)
        return self._unit_strength(unit_id or 0)

    # --- task lists -------------------------------------------------------------------------

    def _duties_for(self, uid: int | None) -> list[w.Duty]:
        name, kind, _ = self.units.get(uid or 0, ("", "", None))
        if kind in AREA_KINDS:
            return [d for d in w.DUTIES if d.scope in ("area", "any")]
        own = [d for d in w.DUTIES if d.scope not in ("area", "any") and d.scope in name]
        return own + [d for d in w.DUTIES if d.scope == "any"]

    def _period(self, c: CampaignFacts) -> tuple[dt.date, dt.date]:
        """When the campaign's targets fall due: within its period (a planned one for the
        campaigns not yet closed)."""
        if c.status == "closed" and c.end is not None:
            return c.start, c.end
        if c.status == "draft":
            first = max(c.start, self.today) + dt.timedelta(days=30)
            return first, first + dt.timedelta(days=150)
        return c.start, c.start + dt.timedelta(days=150)

    def _targets(self, c: CampaignFacts) -> list[_Target]:
        r = self.r
        first, last = self._period(c)
        span = (last - first).days
        holders: list[tuple[int | None, int | None]] = [(u, None) for u in c.units]
        leaders = r.sample(c.assessed, min(len(c.assessed), r.randint(3, 6)))
        holders += [(self.cadre_unit.get(cid), cid) for cid in leaders]
        out: list[_Target] = []
        for unit_id, cadre_id in holders:
            pool = self._duties_for(unit_id)
            size = r.randint(2, 3) if cadre_id else r.randint(3, 5)
            for duty in r.sample(pool, min(len(pool), size)):
                value = None
                if duty.lo is not None and duty.hi is not None:
                    value = _round(r.uniform(duty.lo, duty.hi), duty.measure)
                    value = float(round(value)) if duty.measure == "%" else value  # rates are set whole
                deadline = first + dt.timedelta(days=r.randint(span // 3, span))
                t = _Target(self._next("target"), None if cadre_id else unit_id, cadre_id, duty, value, deadline)
                self.add(Target.__table__, id=t.id, campaign_id=c.id, cadre_id=cadre_id, unit_id=t.unit_id,
                         duty=duty.duty, indicator=duty.indicator, target_value=value, measure=duty.measure,
                         lower_is_better=duty.lower_is_better, deadline=deadline,
                         hard=r.random() < duty.hard_share, source_department=duty.source,
                         post_duty=duty.post_duty, seq=len(out) + 1, created_by="admin", created_at=_at(c.start))
                out.append(t)
        self.counts["targets"] += len(out)
        return out

    # --- implementation lists ---------------------------------------------------------------

    def _verifications(self, c: CampaignFacts, targets: list[_Target]) -> None:
        due = [t for t in targets if t.deadline < self.today]
        left = {t.id for t in due if self.r.random() < 0.12} or {t.id for t in due[-1:]}  # a few stay overdue
        for t in due:
            if t.id not in left:
                self._verify(c, t)

    def _achieved(self, t: _Target, strength: float) -> tuple[float | None, str]:
        r, duty = self.r, t.duty
        if t.value is None:
            roll = r.random()
            result = MET if roll < strength * 0.85 else (PARTLY if roll < strength * 0.85 + 0.15 else NOT_MET)
            return None, result
        ratio = max(0.0, r.gauss(strength * 1.12, 0.18))
        raw = t.value * (max(0.0, 2 - ratio) if duty.lower_is_better else ratio)
        if duty.measure == "%":
            raw = min(raw, 100.0)
        achieved = _round(raw, duty.measure)
        return achieved, judge(t.value, achieved, lower_is_better=duty.lower_is_better)

    def _verify(self, c: CampaignFacts, t: _Target) -> None:
        r, duty = self.r, t.duty
        achieved, result = self._achieved(t, self._strength(t.unit_id, t.cadre_id))
        if achieved is None or t.value is None:
            fact = r.choice(w.PLAIN_FACTS[result])
        else:
            pattern = w.CEILING_FACT if duty.lower_is_better else w.NUMERIC_FACT
            fact = pattern.format(source=duty.source, indicator=duty.indicator, achieved=_text(achieved),
                                  measure=duty.measure, target=_text(t.value), verdict=w.VERDICTS[result])
        vid = self._next("verification")
        on = min(self.today, t.deadline + dt.timedelta(days=r.randint(1, 20)))
        by = r.choice(c.team)
        self.add(Verification.__table__, id=vid, target_id=t.id, achieved_value=achieved, result=result, fact=fact,
                 verified_by=by, verified_on=on, recorded_by="admin", recorded_at=_at(on, 16))
        self.counts["verifications"] += 1
        if r.random() < 0.4:
            if r.random() < 0.5:
                name, mime = r.choice(("统计报表截图.png", "现场照片.png")), "image/png"
                content = r.choice(self.pictures)
            else:
                name, mime = "核查记录.txt", "text/plain"
                content = w.EVIDENCE_NOTE.format(duty=duty.duty, indicator=duty.indicator, fact=fact, by=by,
                                                 on=on.isoformat()).encode("utf-8")
            self.add(VerificationEvidence.__table__, id=self._next("evidence"), verification_id=vid, filename=name,
                     mime=mime, size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content,
                     added_at=_at(on, 16))

    # --- problem lists ----------------------------------------------------------------------

    def _problems(self, c: CampaignFacts, targets: list[_Target]) -> None:
        r = self.r
        last = min(c.end or self.today, self.today)
        day, quarters = c.start, []
        while day <= last:
            quarters.append((day.year, _quarter(day)))
            day = _quarter_span(day.year, _quarter(day))[1] + dt.timedelta(days=1)
        for year, q in quarters:
            first, end = _quarter_span(year, q)
            first, end = max(first, c.start), min(end, last)
            visits = [(v, d, u) for v, (d, u) in c.visits.items() if first <= d <= end]
            talks = [(t, d, cid) for t, (d, cid) in c.talks.items() if first <= d <= end]
            for _ in range(r.randint(2, 4)):
                roll = r.random()
                visit_id = talk_id = target_id = unit_id = cadre_id = None
                if visits and roll < 0.4:
                    visit_id, raised, units = visits.pop(r.randrange(len(visits)))
                    unit_id = r.choice(units) if units else None
                elif talks and roll < 0.75:
                    talk_id, raised, cadre_id = talks.pop(r.randrange(len(talks)))
                else:
                    raised = first + dt.timedelta(days=r.randint(0, (end - first).days))
                    t = r.choice(targets) if targets else None
                    if t is not None:
                        target_id, unit_id, cadre_id = t.id, t.unit_id, t.cadre_id
                    else:
                        unit_id = r.choice(c.units) if c.units else None
                self._problem(c, raised, unit_id, cadre_id, visit_id, talk_id, target_id)

    def _problem(self, c: CampaignFacts, raised: dt.date, unit_id: int | None, cadre_id: int | None,
                 visit_id: int | None, talk_id: int | None, target_id: int | None) -> None:
        r = self.r
        problem, bottleneck = r.choice(w.PROBLEMS)
        age = (self.today - raised).days
        if age > 60:
            status = PROBLEM_STATUSES[3] if r.random() < 0.7 else PROBLEM_STATUSES[2]
        elif age > 20:
            status = r.choice(PROBLEM_STATUSES[1:3])
        else:
            status = r.choice(PROBLEM_STATUSES[:2])
        fed = status != PROBLEM_STATUSES[0]
        fed_on = min(self.today, raised + dt.timedelta(days=r.randint(2, 10))) if fed else None
        who = f"{self.cadre_names.get(cadre_id, '')}同志" if cadre_id else w.FED_BACK_TO.format(
            name=self.unit_name(unit_id))
        self.add(Problem.__table__, id=self._next("problem"), year=raised.year, quarter=_quarter(raised),
                 campaign_id=c.id, cadre_id=cadre_id, unit_id=unit_id, target_id=target_id, problem=problem,
                 bottleneck=bottleneck, severity=r.choices(SEVERITIES, (6, 3, 1))[0],
                 fed_back_to=who if fed else "", fed_back_on=fed_on,
                 follow_up=r.choice(w.FOLLOW_UPS) if status in PROBLEM_STATUSES[2:] else "",
                 status=status, visit_id=visit_id, talk_id=talk_id, raised_by="admin", raised_at=_at(raised))
        self.counts["problems"] += 1

    # --- the campaigns' lists ---------------------------------------------------------------

    def campaigns(self, facts: list[CampaignFacts]) -> None:
        for c in facts:
            targets = self._targets(c)
            if c.status == "draft":
                continue  # a task list drawn up before the assessment; nothing done yet
            self._verifications(c, targets)
            self._problems(c, targets)

    # --- quarterly indicators ---------------------------------------------------------------

    def _subjects(self) -> list[int]:
        # Every unit a unit rule set ranks: one left without values would sit at the bottom of
        # every ranking as 未报, which is not what a demo should show.
        return [s.id for s in indicator_subjects.eligible(self.s, SUBJECT_UNIT)]

    def indicators(self) -> None:
        """Last year's rule set with all four quarters reported and the bottom three's notes,
        and this year's with the quarters over so far (the latest one's meeting still to come)."""
        subjects = self._subjects()
        size = {u: KIND_SCALE.get(self.units[u][1], 1.0) * self.r.uniform(0.7, 1.3) for u in subjects}
        last_year = self.today.year - 1
        (set_id, rules), readings = self._year(last_year, 4, subjects, size)
        self._notes(set_id, last_year, rules, readings, subjects)
        self._year(self.today.year, _quarter(self.today) - 1, subjects, size)

    def _year(self, year: int, quarters: int, subjects: list[int], size: dict[int, float],
              ) -> tuple[tuple[int, list[Rule]], dict[int, dict[int, Reading]]]:
        """A year's active rule set and `quarters` quarters of values: ((set id, rules), the
        last quarter's readings)."""
        r = self.r
        set_id = self._next("set")
        self.add(IndicatorSet.__table__, id=set_id, name="重点工作考核指标", year=year, version=1,
                 subject=SUBJECT_UNIT, status=ACTIVE, created_by="admin", created_at=_at(dt.date(year, 1, 10)))
        rules: list[Rule] = []
        for seq, m in enumerate(w.INDICATORS):
            iid = self._next("indicator")
            self.add(Indicator.__table__, id=iid, set_id=set_id, seq=seq, name=m.name, weight=m.weight, rule=m.rule,
                     cap=m.cap, min_value=m.min_value, max_value=m.max_value, lower_is_better=m.lower_is_better,
                     measure=m.measure, source_department=m.source)
            rules.append(Rule(iid, m.weight, m.rule, m.cap, m.min_value, m.max_value, m.lower_is_better))
        readings: dict[int, dict[int, Reading]] = {}
        for q in range(1, quarters + 1):
            reported = _at(_quarter_span(year, q)[1] + dt.timedelta(days=r.randint(5, 15)))
            readings = {rule.id: {} for rule in rules}
            for u in subjects:
                form = self._unit_strength(u) + r.gauss(0, 0.12)  # this quarter's form
                for m, rule in zip(w.INDICATORS, rules, strict=True):
                    if r.random() < 0.03:
                        continue  # not reported (未报)
                    value, target = self._reading(m, size[u], form + r.gauss(0, 0.08))
                    readings[rule.id][u] = Reading(value, target)
                    self.add(IndicatorValue.__table__, indicator_id=rule.id, year=year, quarter=q, unit_id=u,
                             cadre_id=None, value=value, target=target, reported_by="admin",
                             reported_at=min(reported, _at(self.today)))
                    self.counts["indicator_values"] += 1
        return (set_id, rules), readings

    def _reading(self, m: w.Measure, size: float, form: float) -> tuple[float, float | None]:
        """A quarter's value (and target, for the target rule) of a unit of `size` in `form`."""
        if m.rule == MANUAL:
            return round(min(m.max_value, max(m.min_value, 70 + form * 25 + self.r.gauss(0, 3))), 1), None
        if m.lower_is_better:  # a count of incidents: the weaker, the more
            return float(max(0, round(self.r.gauss((1.2 - form) * 3 * size, 0.8)))), None
        if m.measure == "%" and m.rule == RANKING:  # a growth rate, around the base
            return round(m.base + (form - 0.85) * 20, 1), None
        if m.measure == "%":  # a rate against a fixed target
            return round(min(100.0, m.base * form / 0.9), 1), m.base
        target = _round(m.base * size, m.measure)
        value = _round(max(0.0, target * form), m.measure)
        return value, (None if m.rule == RANKING else target)

    def _notes(self, set_id: int, year: int, rules: list[Rule], readings: dict[int, dict[int, Reading]],
               subjects: list[int]) -> None:
        """The bottom three's explanations and measures, as the quarterly analysis meeting took them."""
        bottom = [s for s in standings(rules, readings, subjects) if s.bottom]
        for n, s in enumerate(bottom):
            self.add(RankingNote.__table__, set_id=set_id, year=year, quarter=4, unit_id=s.subject, cadre_id=None,
                     explanation=w.BOTTOM_EXPLANATIONS[n % len(w.BOTTOM_EXPLANATIONS)],
                     measures=w.BOTTOM_MEASURES[n % len(w.BOTTOM_MEASURES)], recorded_by="admin",
                     recorded_at=_at(dt.date(year + 1, 1, 20)))


def generate(session: Session, add: Add, seed: int, today: dt.date, standing: dict[int, float],
             campaigns: list[CampaignFacts]) -> dict[str, int]:
    gen = ResultsGenerator(session, add, seed, today, standing)
    gen.campaigns(campaigns)
    gen.indicators()
    return gen.counts
