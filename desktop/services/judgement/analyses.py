"""Writing, versioning and signing the conclusion on a cadre (综合研判结论).

Saving writes into the cadre's latest version while it is an unsigned draft, and starts the
next version when the latest is signed: at most one draft exists, always the latest, and
every earlier version is signed and stays as it was. A 领导 (or an 管理员) signs the draft,
which locks it; a change to a signed version is refused.

Every sentence (models/sentences.py) may cite facts of the cadre (citations.py). A citation
made in the window keeps the text of its sentence (its anchor): on save it follows that
sentence wherever it now stands, and is dropped — listed in the result, which the window
shows — when the sentence was changed or deleted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, NotFound
from desktop.models import Analysis, Cadre, Citation
from desktop.models.base import utcnow
from desktop.models.judgement import CITED_KINDS, OWNER_ANALYSIS, PARTS
from desktop.models.sentences import locate, split
from desktop.services import scopes
from desktop.services.judgement.citations import Subject, checked_ref
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, StaleRecord, differences, last_saved
from desktop.services.workspace import Workspace

MAX_PART = 5000  # characters per part: a conclusion is a page or two, not a file


@dataclass(frozen=True)
class Cite:
    """One citation as the window or the command line gives it."""

    part: str  # a key of PARTS
    sentence: int  # 0-based, in the text being saved (or where the anchor was)
    kind: str  # a key of CITED_KINDS
    ref_id: int
    anchor: str = ""  # the sentence's text when it was cited ("": the index alone counts)
    ref_uid: str = ""


@dataclass(frozen=True)
class Dropped:
    """A citation left out because its sentence was changed or deleted."""

    part: str
    anchor: str
    kind: str
    ref_id: int

    def text(self) -> str:
        what = CITED_KINDS.get(self.kind, "")
        return f"{PARTS.get(self.part, self.part)}“{self.anchor}”引用的第{self.ref_id}号{what}"


@dataclass(frozen=True)
class Saved:
    analysis_id: int
    version: int
    new_version: bool  # the latest was signed (or there was none): this save started a version
    dropped: tuple[Dropped, ...]

    def message(self) -> str:
        text = f"已保存综合研判第 {self.version} 版（草稿）"
        if self.dropped:
            listed = "；".join(d.text() for d in self.dropped)
            text += f"。以下 {len(self.dropped)} 条引用所在的句子已修改或删除，引用已移除：{listed}"
        return text


def _clean_texts(texts: Mapping[str, str]) -> dict[str, str]:
    unknown = [k for k in texts if k not in PARTS]
    if unknown:
        raise FrontlineError(f"结论没有“{'、'.join(unknown)}”部分：只有{'、'.join(PARTS.values())}")
    out = {k: texts.get(k, "").strip() for k in PARTS}
    for key, text in out.items():
        if len(text) > MAX_PART:
            raise FrontlineError(f"{PARTS[key]}超过 {MAX_PART} 字（现有 {len(text)} 字），请精简")
    return out


def _placed(texts: dict[str, str], cite: Cite) -> int | None:
    """The sentence a citation now belongs to (None: its sentence is gone)."""
    if cite.part not in PARTS:
        raise FrontlineError(f"结论没有“{cite.part}”部分：只有{'、'.join(PARTS.values())}")
    sentences = split(texts[cite.part])
    if cite.anchor:
        return locate(sentences, cite.anchor.strip(), cite.sentence)
    if not 0 <= cite.sentence < len(sentences):
        raise FrontlineError(f"{PARTS[cite.part]}只有 {len(sentences)} 句，没有第 {cite.sentence + 1} 句，不能引用")
    return cite.sentence


def locked_message(a: Analysis) -> str:
    when = a.signed_at.astimezone().strftime("%Y-%m-%d %H:%M") if a.signed_at else ""
    return (f"综合研判第 {a.version} 版已由 {a.signed_by} 于 {when} 签发，已锁定，不能修改；"
            f"在此基础上修改并保存，将生成第 {a.version + 1} 版")


@dataclass(frozen=True)
class Opened:
    """What the window had open when the clerk began writing: the draft and its row version,
    or no draft (None, None: the latest was signed, or there was none)."""

    analysis_id: int | None
    row_version: int | None


@dataclass(frozen=True)
class Texts:
    """The three parts of a conclusion, as compared when two clerks wrote the same draft."""

    strengths: str
    weaknesses: str
    recommendation: str
    version: int | None = None  # the draft's row version these were read at
    analysis_id: int | None = None  # the draft they were read from (None: none was open)

    def opened(self) -> Opened:
        return Opened(self.analysis_id, self.version)

    def parts(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in PARTS}


CONCLUSION = RecordKind("综合研判结论", dict(PARTS))


def _refuse_if_written(s: Session, latest: Analysis | None, opened: Opened, mine: dict[str, str]) -> None:
    """Another clerk saved the draft since it was opened here (or started one): refused with both."""
    draft = latest if latest is not None and not latest.signed_by else None
    if draft is None:
        return  # signed since, or none: this save starts a version and overwrites nothing
    if (draft.id, draft.row_version) == (opened.analysis_id, opened.row_version):
        return
    theirs = Texts(draft.strengths, draft.weaknesses, draft.recommendation, draft.row_version, draft.id)
    ours = Texts(mine["strengths"], mine["weaknesses"], mine["recommendation"], opened.row_version,
                 opened.analysis_id)
    found = differences(CONCLUSION, ours, theirs)
    if not found:
        return  # the same words: nothing of the other's is lost
    who, when = last_saved(s, "analysis", draft.id)
    raise StaleRecord(CONCLUSION, f"第{draft.version}版", ours, theirs, found, who, when)


def _latest(session: Session, cadre_id: int) -> Analysis | None:
    return session.scalar(select(Analysis).where(Analysis.cadre_id == cadre_id)
                          .order_by(Analysis.version.desc()).limit(1))


def _write(ctx: OpContext, a: Analysis, texts: dict[str, str], cites: Sequence[Cite]) -> tuple[Dropped, ...]:
    s = ctx.session
    subject = Subject(cadre_id=a.cadre_id)
    rows: dict[tuple[str, int, str, int], str] = {}
    dropped = []
    for cite in cites:
        where = _placed(texts, cite)
        if where is None:
            dropped.append(Dropped(cite.part, cite.anchor, cite.kind, cite.ref_id))
            continue
        row_id, uid = checked_ref(s, subject, cite.kind, cite.ref_id, cite.ref_uid)
        rows.setdefault((cite.part, where, cite.kind, row_id), uid)
    a.strengths, a.weaknesses, a.recommendation = texts["strengths"], texts["weaknesses"], texts["recommendation"]
    a.author = ctx.actor
    a.written_at = utcnow()
    existing = a.id is not None
    s.flush()
    if existing:
        s.execute(delete(Citation).where(Citation.owner == OWNER_ANALYSIS, Citation.owner_id == a.id))
        ctx.record("citation", kind="delete", cadre_id=a.cadre_id, before={"analysis_id": a.id})
    for (part, sentence, kind, row_id), uid in rows.items():
        s.add(Citation(owner=OWNER_ANALYSIS, owner_id=a.id, part=part, sentence=sentence, kind=kind,
                       ref_id=row_id, ref_uid=uid))
    s.flush()
    return tuple(dropped)


def save_draft(ws: Workspace, cadre_id: int, texts: Mapping[str, str], cites: Sequence[Cite] = (),
               opened: Opened | None = None) -> Saved:
    """Save the conclusion on a cadre: into the latest version while it is a draft, as the
    next version when the latest is signed (or as version 1). `opened`: the draft the window
    had open (StaleRecord when another clerk has written it since); None: not checked."""
    clean = _clean_texts(texts)

    def op(ctx: OpContext) -> Saved:
        s = ctx.session
        if s.get(Cadre, cadre_id) is None:
            raise NotFound(f"干部 {cadre_id} 不存在")
        scopes.check_cadre(s, None, cadre_id)
        latest = _latest(s, cadre_id)
        if opened is not None:
            _refuse_if_written(s, latest, opened, clean)
        fresh = latest is None or bool(latest.signed_by)
        if fresh and not any(clean.values()):
            raise FrontlineError("结论是空的：请至少写主要优点、不足和问题、使用建议中的一部分再保存")
        if fresh:
            a = Analysis(cadre_id=cadre_id, version=latest.version + 1 if latest is not None else 1)
            s.add(a)
        else:
            assert latest is not None
            a = latest
        dropped = _write(ctx, a, clean, cites)
        return Saved(a.id, a.version, fresh, dropped)

    return ws.run("analysis.save", op).value


def update_version(ws: Workspace, analysis_id: int, texts: Mapping[str, str], cites: Sequence[Cite] = ()) -> Saved:
    """Change one named version: refused when it is signed (a signed version is never changed)."""
    clean = _clean_texts(texts)

    def op(ctx: OpContext) -> Saved:
        a = _get(ctx.session, analysis_id)
        if a.signed_by:
            raise FrontlineError(locked_message(a))
        return Saved(a.id, a.version, False, _write(ctx, a, clean, cites))

    return ws.run("analysis.save", op).value


def _get(session: Session, analysis_id: int) -> Analysis:
    a = session.get(Analysis, analysis_id)
    if a is None:
        raise NotFound(f"综合研判记录 {analysis_id} 不存在")
    scopes.check_cadre(session, None, a.cadre_id)
    return a


def sign(ws: Workspace, analysis_id: int) -> int:
    """A leader signs a draft off, which locks it; returns the version signed."""

    def op(ctx: OpContext) -> int:
        s = ctx.session
        a = _get(s, analysis_id)
        if a.signed_by:
            raise FrontlineError(locked_message(a).split("；")[0] + "，不能重复签发")
        latest = _latest(s, a.cadre_id)
        if latest is not None and latest.id != a.id:
            raise FrontlineError(f"第 {a.version} 版已不是最新版本（最新为第 {latest.version} 版），不能签发")
        if not (a.strengths or a.weaknesses or a.recommendation):
            raise FrontlineError("结论是空的，不能签发")
        a.signed_by = ws.actor.username
        a.signed_at = utcnow()
        s.flush()
        return a.version

    return ws.run("analysis.sign", op).value


def delete_draft(ws: Workspace, analysis_id: int) -> None:
    """Throw away an unsigned draft (and its citations); a signed version is refused."""

    def op(ctx: OpContext) -> None:
        s = ctx.session
        a = _get(s, analysis_id)
        if a.signed_by:
            raise FrontlineError(locked_message(a).split("；")[0] + "，不能删除")
        s.execute(delete(Citation).where(Citation.owner == OWNER_ANALYSIS, Citation.owner_id == a.id))
        ctx.record("citation", kind="delete", cadre_id=a.cadre_id, before={"analysis_id": a.id})
        s.delete(a)
        s.flush()

    ws.run("analysis.save", op)
