"""Synthetic front-line assessment records for a demo database, consistent with each other:
instruction ledger, campaigns of every type, visits, talks, sheets, ballots, ledger entries.

Each assessed cadre has a hidden standing that colours everything said about them (sheet
grades, ballots, ledger facts), so tallies and reports read like real ones. Deterministic
for a seed; written with bulk inserts in one operation.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from sqlalchemy import func, insert, select

from desktop.demo import assessment_words as d
from desktop.demo import results as demo_results
from desktop.models import (
    Ballot,
    BallotBatch,
    Cadre,
    Campaign,
    CampaignMember,
    Directive,
    DirectiveItem,
    PointEntry,
    PointRule,
    Post,
    Sheet,
    SheetAnswer,
    Talk,
    Unit,
    Visit,
    campaign_cadre,
    campaign_directive_item,
    campaign_unit,
    talk_cadre,
    visit_unit,
)
from desktop.models.base import Base, utcnow
from desktop.models.campaigns import CAMPAIGN_KINDS
from desktop.models.dates import PartialDate
from desktop.models.scoring import grade_labels, is_flag
from desktop.services.evaluation import templates
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace

RATERS = {"上级": ["分管领导"], "同级": ["同级干部一", "同级干部二"], "下级": ["下级干部一", "下级干部二"],
          "考核组": ["考核组"]}
WEIGHTS = {"上级": 30, "同级": 25, "下级": 20, "服务对象": 10, "考核组": 15}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute).astimezone()


class AssessmentGenerator:
    def __init__(self, ctx: OpContext, seed: int, today: dt.date) -> None:
        self.s = ctx.session
        self.r = random.Random(seed * 7919 + 17)
        self.ballot_r = random.Random(seed * 104729 + 3)
        self.today = today
        self.rows: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        self.ids: dict[str, int] = defaultdict(int)
        for name, model in (("campaign", Campaign), ("visit", Visit), ("talk", Talk), ("sheet", Sheet),
                            ("batch", BallotBatch), ("entry", PointEntry), ("directive", Directive),
                            ("item", DirectiveItem)):
            self.ids[name] = int(self.s.scalar(select(func.max(model.id))) or 0)
        self.standing: dict[int, float] = {}
        self.seed = seed
        # What the results' lists need to agree with (visit → day and units, talk → day and cadre).
        self.visit_facts: dict[int, tuple[dt.date, list[int]]] = {}
        self.talk_facts: dict[int, tuple[dt.date, int]] = {}

    def _next(self, key: str) -> int:
        self.ids[key] += 1
        return self.ids[key]

    def add(self, table: Any, **values: Any) -> None:
        self.rows[table].append(values)

    def standing_of(self, cadre_id: int) -> float:
        """0.5 (weak) … 1.0 (outstanding): how raters and facts will see this cadre."""
        if cadre_id not in self.standing:
            self.standing[cadre_id] = min(1.0, max(0.45, self.r.gauss(0.8, 0.12)))
        return self.standing[cadre_id]

    def grade(self, labels: list[str], standing: float, rng: random.Random | None = None) -> str:
        # The better the standing, the likelier the top grades (labels run best first).
        roll = (rng or self.r).random()
        if roll < standing * 0.75:
            return labels[0]
        if roll < standing * 0.75 + 0.22 or len(labels) < 3:
            return labels[1]
        return labels[2] if roll < 0.985 or len(labels) < 4 else labels[3]

    # --- generating -----------------------------------------------------------------------

    def run(self, cadres: int) -> dict[str, int]:
        r = self.r
        # Every read the random draws walk is ordered: without ORDER BY an office server returns
        # rows in the order they lie on disk and SQLite in the order of whichever index it picks,
        # and the same seed made another demo on the server (a third fewer ledger entries). The
        # orders are the ones SQLite's plans gave, so the demo in a file stays what it was.
        cadre_ids = list(self.s.scalars(select(Cadre.id).order_by(Cadre.citizen_id.asc().nulls_first(), Cadre.id)))
        if not cadre_ids:
            return {}
        unit_ids = list(self.s.scalars(select(Unit.id).where(Unit.parent_id.is_not(None))
                                       .order_by(Unit.parent_id, Unit.id)))
        hqs = list(self.s.scalars(select(Unit.name).where(Unit.kind == "指挥部", Unit.parent_id.is_not(None))
                                  .order_by(Unit.id)))
        item_ids = self._directives()
        posts = dict(self.s.execute(select(Post.cadre_id, Post.unit_id).where(Post.end.is_(None),
                                                                              Post.is_main.is_(True))
                                    .order_by(Post.id)).all())
        by_unit: dict[int, list[int]] = defaultdict(list)
        for cid, uid in posts.items():
            if uid is not None:  # a main post always has its unit in the demo data
                by_unit[uid].append(cid)
        pq = templates.current(self.s, "政治素质评议")
        dem = templates.current(self.s, "民主测评")
        annual = templates.current(self.s, "年度考核")
        rules = list(self.s.scalars(select(PointRule).order_by(PointRule.id)))
        count = 6 + cadres // 5000
        facts: list[demo_results.CampaignFacts] = []
        for n in range(count):
            kind = CAMPAIGN_KINDS[n % len(CAMPAIGN_KINDS)]
            start = self.today - dt.timedelta(days=r.randint(30, 700))
            status = "draft" if n == count - 1 else ("active" if n % 3 == 2 else "closed")
            if status != "closed":
                start = self.today - dt.timedelta(days=r.randint(10, 60))
            end = start + dt.timedelta(days=r.randint(10, 25) if kind in ("点穴式", "应急") else r.randint(40, 120))
            if status == "closed":
                end = min(end, self.today - dt.timedelta(days=1))  # a closed campaign has ended
            cid = self._next("campaign")
            hq = r.choice(hqs) if hqs else "重大片区指挥部"
            name = r.choice(d.TOPICS[kind]).format(hq=hq, q=(start.month - 1) // 3 + 1, y=start.year - 1)
            chosen_units = r.sample(unit_ids, min(len(unit_ids), r.randint(2, 5)))
            pool = [c for u in chosen_units for c in by_unit.get(u, [])] or cadre_ids
            assessed = r.sample(pool, min(len(pool), r.randint(12, 30)))
            self.add(Campaign.__table__, id=cid, name=name, kind=kind, topic_source=(
                "突发事件" if kind == "应急" else r.choice(("工作台账", "中心工作"))),
                source_detail="", follows=hq if kind in ("点穴式", "沉浸式") else "", follows_unit_id=None,
                start=start, end=end if status == "closed" else None,
                description=f"按照市委组织部一线考核工作安排，考核组深入{hq if kind == '沉浸式' else '一线'}开展考核。",
                status=status, rater_weights=WEIGHTS, created_at=utcnow(),
                closed_at=utcnow() if status == "closed" else None)
            team = r.sample(d.STAFF, r.randint(3, 5))
            for seq, member in enumerate(team):
                self.add(CampaignMember.__table__, campaign_id=cid, name=member,
                         role="组长" if seq == 0 else ("副组长" if seq == 1 else "成员"), account_id=None, seq=seq)
            for u in chosen_units:
                self.add(campaign_unit, campaign_id=cid, unit_id=u)
            for c in assessed:
                self.add(campaign_cadre, campaign_id=cid, cadre_id=c)
            fact = demo_results.CampaignFacts(cid, kind, status, start, end if status == "closed" else None,
                                              chosen_units, assessed, team)
            facts.append(fact)
            # An emergency follows the event, not the instruction ledger. (Drawn all the same,
            # so that a seed gives the same database as it always has.)
            linked = r.sample(item_ids, min(len(item_ids), r.randint(1, 3)))
            for item in linked if kind != "应急" else []:
                self.add(campaign_directive_item, campaign_id=cid, item_id=item)
            if status == "draft":
                continue
            done = status == "closed"
            visits = self._visits(cid, start, end, chosen_units, team)
            talks = self._talks(cid, start, end, assessed, team)
            fact.visits = {v: self.visit_facts[v] for v in visits}
            fact.talks = {t: self.talk_facts[t] for t in talks.values()}
            template = annual if kind == "年度" else pq
            if template is not None and kind != "应急":
                self._sheets(cid, template, assessed, done, team[0])
            if dem is not None and kind in ("沉浸式", "年度"):
                for cadre_id in assessed[:4]:
                    self._ballots(cid, dem, cadre_id, done)
                for n, cadre_id in enumerate(assessed[:8]):
                    others = ("上级", "同级") if n < 4 else ("上级", "同级", "下级")
                    self._more_ballots(cid, dem, cadre_id, done, others)
            self._entries(cid, start, min(end, self.today), assessed, rules, talks, visits, team)
        self._other_entries(cadre_ids, rules, max(10, cadres // 50))
        results = demo_results.generate(self.s, self.add, self.seed, self.today, self.standing, facts)
        # Parents before children whatever order the rows were made in (a first campaign
        # with no talks would otherwise put its ledger entries ahead of every talk).
        tables = Base.metadata.sorted_tables
        assert set(self.rows) <= set(tables), "every generated row belongs to a mapped table"
        for table in tables:
            rows = self.rows.get(table, [])
            for chunk in range(0, len(rows), 2000):
                self.s.execute(insert(table), rows[chunk:chunk + 2000])
        return {"campaigns": count, "rows": sum(len(v) for v in self.rows.values()), **results}

    def _directives(self) -> list[int]:
        r = self.r
        items = []
        for title, source, issuer, texts in d.DIRECTIVES:
            did = self._next("directive")
            issued = self.today - dt.timedelta(days=r.randint(60, 720))
            self.add(Directive.__table__, id=did, title=title, source=source, issued_by=issuer, issued_on=issued,
                     doc_no=f"海委〔{issued.year}〕{r.randint(1, 90)}号", content="", created_at=utcnow())
            for seq, text in enumerate(texts):
                iid = self._next("item")
                due = issued + dt.timedelta(days=r.randint(90, 360))
                # Instructions mostly give a month (6月底前); some a day.
                deadline = PartialDate(due.year, due.month, due.day if seq % 3 == 2 else None)
                self.add(DirectiveItem.__table__, id=iid, directive_id=did, seq=seq, text=text,
                         deadline=deadline, responsible="")
                items.append(iid)
        return items

    def _day(self, start: dt.date, end: dt.date) -> dt.date:
        last = min(end, self.today)
        return start + dt.timedelta(days=self.r.randint(0, max(0, (last - start).days)))

    def _visits(self, cid: int, start: dt.date, end: dt.date, units: list[int], team: list[str]) -> list[int]:
        ids = []
        for _ in range(self.r.randint(3, 7)):
            vid = self._next("visit")
            # The place matches what was seen there; the draws keep each seed's old sequence.
            day = self._day(start, end)
            where = self.r.randrange(len(d.SEEN))
            unannounced = self.r.random() < 0.5
            members = self.r.sample(team, min(len(team), 2))
            self.r.randrange(len(d.SEEN))
            self.add(Visit.__table__, id=vid, campaign_id=cid, date=day,
                     place=d.VISIT_PLACES[where], unannounced=unannounced,
                     members=members, seen=d.SEEN[where],
                     findings=self.r.choice(d.FINDINGS), author="admin", created_at=utcnow())
            seen_units = self.r.sample(units, min(len(units), self.r.randint(1, 2)))
            for u in seen_units:
                self.add(visit_unit, visit_id=vid, unit_id=u)
            self.visit_facts[vid] = (day, seen_units)
            ids.append(vid)
        return ids

    def _talks(self, cid: int, start: dt.date, end: dt.date, assessed: list[int], team: list[str]) -> dict[int, int]:
        names = dict(self.s.execute(select(Cadre.id, Cadre.name).where(Cadre.id.in_(assessed))).all())
        posts = {cid: (unit, title) for cid, unit, title in self.s.execute(
            select(Post.cadre_id, Post.unit_name, Post.title).where(
                Post.cadre_id.in_(assessed), Post.end.is_(None), Post.is_main.is_(True)).order_by(Post.id))}
        talks = {}
        for cadre_id in assessed:
            if self.r.random() > 0.6:
                continue
            tid = self._next("talk")
            day = self._day(start, end)
            hour = self.r.randint(9, 16)
            name = names[cadre_id]
            unit, post = posts.get(cadre_id, ("", ""))
            self.add(Talk.__table__, id=tid, campaign_id=cid, interviewers=self.r.sample(team, 2),
                     interviewee_cadre_id=cadre_id, interviewee_name=name,
                     interviewee_unit=unit, interviewee_post=post,
                     start_at=_at(day, hour), end_at=_at(day, hour, 50), place="考核组临时办公室",
                     purpose="了解一线工作表现和政治素质情况",
                     content=self.r.choice(d.TALK_CONTENT).format(name=name, n=self.r.randint(20, 300),
                                                                  m=self.r.randint(3, 40)),
                     conclusion=self.r.choice(d.CONCLUSIONS).format(name=name), follow_up=self.r.choice(d.FOLLOW_UPS),
                     recorder=team[-1], confidentiality="内部", author="admin", created_at=utcnow())
            self.add(talk_cadre, talk_id=tid, cadre_id=cadre_id)
            talks[cadre_id] = tid
            self.talk_facts[tid] = (day, cadre_id)
        return talks

    def _sheets(self, cid: int, template: Any, assessed: list[int], done: bool, leader: str) -> None:
        items = template.items
        for cadre_id in assessed:
            standing = self.standing_of(cadre_id)
            for category, raters in RATERS.items():
                for rater in raters:
                    sid = self._next("sheet")
                    complete = done or self.r.random() < 0.6
                    self.add(Sheet.__table__, id=sid, campaign_id=cid, template_id=template.id, cadre_id=cadre_id,
                             rater_category=category, rater_name=leader if category == "考核组" else rater,
                             status="complete" if complete else "pending", author="admin", created_at=utcnow(),
                             completed_at=utcnow() if complete else None)
                    if not complete:
                        continue
                    for item in items:
                        value, fact = "", ""
                        if is_flag(item):
                            if self.r.random() < (1 - standing) * 0.05:
                                value, fact = "1", self.r.choice(d.SHEET_FACTS)
                        else:
                            value = self.grade(grade_labels(item), standing)
                            if grade_labels(item).index(value) >= 2:
                                fact = self.r.choice(d.SHEET_FACTS)
                        self.add(SheetAnswer.__table__, sheet_id=sid, item_id=item.id, value=value, fact=fact)

    def _ballots(self, cid: int, template: Any, cadre_id: int, done: bool) -> None:
        items = [i for i in template.items if not is_flag(i)]
        standing = self.standing_of(cadre_id)
        bid = self._next("batch")
        issued = self.r.randint(20, 35)
        entered = issued - self.r.randint(0, 4) if done else self.r.randint(0, issued)
        self.add(BallotBatch.__table__, id=bid, campaign_id=cid, template_id=template.id, cadre_id=cadre_id,
                 rater_category="下级", issued=issued, title="民主测评", created_at=utcnow())
        for seq in range(1, entered + 1):
            marks = {str(i.id): ("" if self.r.random() < 0.02 else self.grade(grade_labels(i), standing))
                     for i in items}
            self.add(Ballot.__table__, batch_id=bid, seq=seq, marks=marks, author="admin", created_at=utcnow())

    def _more_ballots(self, cid: int, template: Any, cadre_id: int, done: bool, categories: tuple[str, ...]) -> None:
        """Ballots of the other rater categories of a democratic evaluation meeting. They draw
        on their own random stream, so everything else the demo makes stays as it was."""
        r = self.ballot_r
        items = [i for i in template.items if not is_flag(i)]
        standing = self.standing_of(cadre_id)
        sizes = {"上级": (3, 6), "同级": (8, 15), "下级": (20, 35)}
        for category in categories:
            bid = self._next("batch")
            issued = r.randint(*sizes[category])
            entered = issued - r.randint(0, max(1, issued // 8)) if done else r.randint(0, issued)
            self.add(BallotBatch.__table__, id=bid, campaign_id=cid, template_id=template.id, cadre_id=cadre_id,
                     rater_category=category, issued=issued, title="民主测评", created_at=utcnow())
            for seq in range(1, entered + 1):
                marks = {str(i.id): ("" if r.random() < 0.02 else self.grade(grade_labels(i), standing, r))
                         for i in items}
                self.add(Ballot.__table__, batch_id=bid, seq=seq, marks=marks, author="admin", created_at=utcnow())

    def _entry(self, cadre_id: int, day: dt.date, rules: list[PointRule], source: str, campaign_id: int | None,
               talk_id: int | None = None, visit_id: int | None = None) -> None:
        standing = self.standing_of(cadre_id)
        positive = self.r.random() < standing
        choices = [rule for rule in rules if rule.positive == positive] or rules
        rule = self.r.choice(choices)
        pool = (d.POSITIVE_FACTS if rule.positive else d.NEGATIVE_FACTS)[rule.dimension]
        fact = self.r.choice(pool).format(n=self.r.randint(20, 200))
        eid = self._next("entry")
        points = self.r.randint(rule.min_points, rule.max_points)
        self.add(PointEntry.__table__, id=eid, cadre_id=cadre_id, date=day, dimension=rule.dimension,
                 points=points if rule.positive else -points, rule_id=rule.id, behaviour=rule.behaviour, source=source,
                 fact=fact, campaign_id=campaign_id, talk_id=talk_id, visit_id=visit_id, reverses_id=None, reason="",
                 author="admin", recorded_at=utcnow())
        if not rule.positive and self.r.random() < 0.1:
            self.add(PointEntry.__table__, id=self._next("entry"), cadre_id=cadre_id,
                     date=min(self.today, day + dt.timedelta(days=30)), dimension=rule.dimension, points=points,
                     rule_id=rule.id, behaviour=rule.behaviour, source=source, fact=f"冲正第 {eid} 号记录：{fact}",
                     campaign_id=campaign_id, talk_id=None, visit_id=None, reverses_id=eid,
                     reason=self.r.choice(d.REVERSAL_REASONS), author="admin", recorded_at=utcnow())

    def _entries(self, cid: int, start: dt.date, end: dt.date, assessed: list[int], rules: list[PointRule],
                 talks: dict[int, int], visits: list[int], team: list[str]) -> None:
        for cadre_id in assessed:
            if self.r.random() < 0.4:
                continue
            for _ in range(self.r.randint(1, 2)):
                self._entry(cadre_id, self._day(start, end), rules, "一线考核", cid, talks.get(cadre_id),
                            self.r.choice(visits) if visits and self.r.random() < 0.3 else None)

    def _other_entries(self, cadre_ids: list[int], rules: list[PointRule], count: int) -> None:
        sources = ("巡视巡察", "审计", "信访", "个人档案", "重点业绩", "民主生活会发言")
        for _ in range(count):
            day = self.today - dt.timedelta(days=self.r.randint(1, 700))
            self._entry(self.r.choice(cadre_ids), day, rules, self.r.choice(sources), None)


def fill(ws: Workspace, cadres: int, *, seed: int = 1, today: dt.date | None = None) -> dict[str, int]:
    def op(ctx: OpContext) -> dict[str, int]:
        summary = AssessmentGenerator(ctx, seed, today or dt.date.today()).run(cadres)
        ctx.record("database", kind="create", after={"demo_assessment": True, "seed": seed, **summary})
        return summary

    return ws.run("demo.generate", op).value

