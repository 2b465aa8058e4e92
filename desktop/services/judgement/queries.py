"""What the window, the command line and the reports may read about written conclusions:
a cadre's citable facts, its versions, one version with its citations resolved, and the
signed version as the 综合分析报告 prints it.

Each ws function opens its session with `ws.read("analysis.read")` and returns plain values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFound
from desktop.models import Account, Analysis, Cadre, Citation
from desktop.models.judgement import OWNER_ANALYSIS, PARTS
from desktop.models.sentences import split
from desktop.reports.written_conclusion import WrittenConclusion, WrittenPart
from desktop.services import scopes
from desktop.services.judgement import citations
from desktop.services.judgement.analyses import Cite
from desktop.services.judgement.citations import Fact, Subject
from desktop.services.workspace import Workspace


def citable_facts(ws: Workspace, cadre_id: int) -> list[Fact]:
    """Every fact a conclusion on the cadre may cite, by kind, oldest first."""
    with ws.read("analysis.read") as s:
        scopes.check_cadre(s, None, cadre_id)
        return citations.facts_of(s, Subject(cadre_id=cadre_id))


def cited_fact(ws: Workspace, cadre_id: int, kind: str, ref_id: int, ref_uid: str = "") -> Fact | None:
    """One fact of the cadre by its citation; None when its record is gone (or is not the
    cadre's: a reader sees facts only through the cadres of its scope)."""
    with ws.read("analysis.read") as s:
        scopes.check_cadre(s, None, cadre_id)
        found = citations.fact(s, kind, ref_id, ref_uid)
        if found is None or not citations.belongs(s, Subject(cadre_id=cadre_id), kind, found.ref_id):
            return None
        return found


@dataclass(frozen=True)
class VersionRow:
    id: int
    version: int
    author: str
    written_at: dt.datetime
    signer: str  # "" for the draft
    signed_at: dt.datetime | None
    citations: int

    @property
    def signed(self) -> bool:
        return bool(self.signer)

    @property
    def state(self) -> str:
        if not self.signed_at:
            return "草稿"
        return f"已签发（{self.signer}，{self.signed_at.astimezone():%Y-%m-%d %H:%M}）"


def _names(session: Session, usernames: Sequence[str]) -> dict[str, str]:
    wanted = {u for u in usernames if u}
    rows = session.execute(select(Account.username, Account.display_name).where(Account.username.in_(wanted)))
    found = {u: f"{d}（{u}）" if d and d != u else u for u, d in rows}
    return {u: found.get(u, u) for u in wanted}


def _versions(session: Session, cadre_id: int) -> list[VersionRow]:
    rows = list(session.scalars(select(Analysis).where(Analysis.cadre_id == cadre_id)
                                .order_by(Analysis.version.desc())))
    counts = dict(session.execute(select(Citation.owner_id, func.count()).where(
        Citation.owner == OWNER_ANALYSIS, Citation.owner_id.in_([a.id for a in rows])).group_by(Citation.owner_id))
        .all())
    names = _names(session, [a.signed_by for a in rows])
    return [VersionRow(a.id, a.version, a.author, a.written_at, names.get(a.signed_by, ""), a.signed_at,
                       int(counts.get(a.id, 0))) for a in rows]


def versions(ws: Workspace, cadre_id: int) -> list[VersionRow]:
    """The cadre's versions, newest first (only the newest can be a draft)."""
    with ws.read("analysis.read") as s:
        scopes.check_cadre(s, None, cadre_id)
        return _versions(s, cadre_id)


@dataclass(frozen=True)
class CiteView:
    number: int  # the note number (one per distinct fact, in reading order)
    cite: Cite  # part, sentence, kind, ref id, anchor (the sentence's text), uid
    fact: Fact | None  # None: the cited record is gone


@dataclass(frozen=True)
class AnalysisView:
    id: int
    cadre_id: int
    cadre_name: str
    version: int
    texts: dict[str, str]  # by key of PARTS
    author: str
    written_at: dt.datetime
    signer: str
    signed_at: dt.datetime | None
    cites: tuple[CiteView, ...]
    row_version: int | None = None  # as read: a save over another clerk's later save is refused

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    def notes_of(self, part: str, sentence: int) -> tuple[int, ...]:
        return tuple(dict.fromkeys(c.number for c in self.cites if c.cite.part == part and c.cite.sentence == sentence))

    def notes(self) -> list[CiteView]:
        """One per note number, in number order."""
        seen: dict[int, CiteView] = {}
        for c in self.cites:
            seen.setdefault(c.number, c)
        return [seen[n] for n in sorted(seen)]


def _view(session: Session, a: Analysis) -> AnalysisView:
    texts = {"strengths": a.strengths, "weaknesses": a.weaknesses, "recommendation": a.recommendation}
    order = list(PARTS)
    rows = sorted(session.scalars(select(Citation).where(Citation.owner == OWNER_ANALYSIS, Citation.owner_id == a.id)),
                  key=lambda c: (order.index(c.part) if c.part in order else 9, c.sentence, c.id))
    split_parts = {k: split(v) for k, v in texts.items()}
    numbers: dict[tuple[str, str], int] = {}
    out = []
    for c in rows:
        found = citations.fact(session, c.kind, c.ref_id, c.ref_uid)
        key = (c.kind, found.uid if found is not None else c.ref_uid or str(c.ref_id))
        number = numbers.setdefault(key, len(numbers) + 1)
        sentences = split_parts.get(c.part, [])
        anchor = sentences[c.sentence] if 0 <= c.sentence < len(sentences) else ""
        out.append(CiteView(number, Cite(c.part, c.sentence, c.kind, c.ref_id, anchor, c.ref_uid), found))
    name = session.scalar(select(Cadre.name).where(Cadre.id == a.cadre_id)) or ""
    signer = _names(session, [a.signed_by]).get(a.signed_by, "") if a.signed_by else ""
    return AnalysisView(a.id, a.cadre_id, name, a.version, texts, a.author, a.written_at, signer, a.signed_at,
                        tuple(out), a.row_version)


def version(ws: Workspace, analysis_id: int) -> AnalysisView:
    with ws.read("analysis.read") as s:
        a = s.get(Analysis, analysis_id)
        if a is None:
            raise NotFound(f"综合研判记录 {analysis_id} 不存在")
        scopes.check_cadre(s, None, a.cadre_id)
        return _view(s, a)


def latest(ws: Workspace, cadre_id: int) -> AnalysisView | None:
    """The newest version (the draft if there is one), None before the first save."""
    with ws.read("analysis.read") as s:
        scopes.check_cadre(s, None, cadre_id)
        a = s.scalar(select(Analysis).where(Analysis.cadre_id == cadre_id).order_by(Analysis.version.desc()).limit(1))
        return _view(s, a) if a is not None else None


def _chinese_day(value: dt.datetime) -> str:
    day = value.astimezone().date()
    return f"{day.year}年{day.month}月{day.day}日"


def written(view: AnalysisView) -> WrittenConclusion:
    """A signed version as the report prints it."""
    assert view.signed_at is not None
    parts = []
    for key, title in PARTS.items():
        sentences = split(view.texts[key])
        parts.append(WrittenPart(title, tuple((text, view.notes_of(key, n)) for n, text in enumerate(sentences))))
    notes = tuple(c.fact.note if c.fact is not None else f"所引用的第{c.cite.ref_id}号记录已不存在。"
                  for c in view.notes())
    return WrittenConclusion(view.version, view.signer, _chinese_day(view.signed_at), tuple(parts), notes)


def signed_conclusions(session: Session, cadre_ids: Sequence[int]) -> dict[int, WrittenConclusion]:
    """Each cadre's newest signed version, for the 综合分析报告 (a cadre without one is absent)."""
    newest = (select(Analysis.cadre_id, func.max(Analysis.version).label("v"))
              .where(Analysis.cadre_id.in_(list(cadre_ids)), Analysis.signed_by != "").group_by(Analysis.cadre_id)
              .subquery())
    rows = session.scalars(select(Analysis).join(newest, (Analysis.cadre_id == newest.c.cadre_id)
                                                 & (Analysis.version == newest.c.v)))
    return {a.cadre_id: written(_view(session, a)) for a in rows}
