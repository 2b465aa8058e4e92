"""The implementation list (落实清单): each target checked after the fact.

The result is computed (models.results.judge) where the target is numeric and chosen by the
clerk otherwise. Every verification rests on something: a fact in the clerk's words, or an
evidence file (a statistics sheet, a photo of the site), or both; one with neither is
refused. Evidence is kept inside the database like the ledger's (size limit, SHA-256).
Verifying a target again replaces its verification and its evidence: the implementation
list holds one line per target, the latest check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop import safe_read
from desktop.errors import FrontlineError, NotFound
from desktop.models import Target, Verification, VerificationEvidence
from desktop.models.results import MET, NOT_MET, PARTLY, RESULT_LABELS, judge
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
MAX_EVIDENCE_FILES = 50
RESULTS = (MET, PARTLY, NOT_MET)


@dataclass(frozen=True)
class VerificationInput:
    target_id: int
    achieved_value: float | None = None
    result: str | None = None  # MET, PARTLY, NOT_MET: chosen where the target is not numeric
    fact: str = ""
    evidence: tuple[Path, ...] = ()
    verified_by: str = ""  # the acting account's name when empty
    verified_on: dt.date | None = None  # today when None
    # The earlier verification's evidence files to keep (their ids); None: replace them all
    # with `evidence` (the command line). The window keeps what is still listed.
    keep_evidence: tuple[int, ...] | None = None


def _label(result: str) -> str:
    return RESULT_LABELS.get(result, result)


def _plain_checks(data: VerificationInput) -> list[str]:
    out = []
    if not data.fact.strip() and not data.evidence and not data.keep_evidence:
        out.append("检验须有依据：请写明核实的事实，或附上佐证材料（统计报表、现场照片等），不能只填结果")
    if data.achieved_value is not None and (isinstance(data.achieved_value, bool)
                                            or not math.isfinite(data.achieved_value)):
        out.append("完成值：应为数字")
    if data.result is not None and data.result not in RESULTS:
        out.append("检验结果：应为 met（完成）、partly（部分完成）或 not_met（未完成）")
    if data.verified_on is not None and data.verified_on > dt.date.today():
        out.append(f"检验日期：{data.verified_on} 晚于今天")
    if len(data.evidence) > MAX_EVIDENCE_FILES:
        out.append(f"佐证材料：一次最多 {MAX_EVIDENCE_FILES} 个文件")
    return out


def decide(target: Target, data: VerificationInput) -> str:
    """The result: judged from the achieved value for a numeric target, else the one chosen."""
    if target.target_value is None:
        if data.result is None:
            raise FrontlineError(f"任务“{target.duty[:20]}”没有数值目标，请选择检验结果：完成、部分完成或未完成")
        return data.result
    if data.achieved_value is None:
        raise FrontlineError(f"任务“{target.duty[:20]}”的目标是 {target.target_value:g}{target.measure}，"
                             "请填写实际完成值")
    computed = judge(target.target_value, data.achieved_value, lower_is_better=target.lower_is_better)
    if data.result is not None and data.result != computed:
        raise FrontlineError(f"目标 {target.target_value:g}{target.measure}、完成 {data.achieved_value:g}"
                             f"{target.measure}，按规则为“{_label(computed)}”，不能另选“{_label(data.result)}”")
    return computed


def _read_files(paths: tuple[Path, ...]) -> list[tuple[str, bytes]]:
    files = []
    for path in paths:
        path = Path(path)
        if safe_read.check_regular(path, f"佐证材料 {path.name}").st_size > MAX_EVIDENCE_BYTES:
            raise FrontlineError(f"佐证材料 {path.name} 超过 50 MB")
        files.append((path.name, safe_read.read_limited(path, MAX_EVIDENCE_BYTES, f"佐证材料 {path.name}")))
    return files


def verify(ws: Workspace, data: VerificationInput) -> int:
    """Record (or replace) a target's verification; returns its id."""
    found = _plain_checks(data)
    if found:
        raise FrontlineError("；".join(found))
    files = _read_files(data.evidence)  # before the transaction: no lock held while reading disks
    by = data.verified_by.strip() or ws.actor.display_name or ws.actor.username
    on = data.verified_on or dt.date.today()

    def op(ctx: OpContext) -> int:
        s = ctx.session
        target = s.get(Target, data.target_id)
        if target is None:
            raise NotFound(f"任务清单第 {data.target_id} 号不存在（可能已被删除）")
        result = decide(target, data)
        row = s.scalar(select(Verification).where(Verification.target_id == target.id))
        if row is None:
            row = Verification(target_id=target.id, result=result, verified_by=by, verified_on=on)
            s.add(row)
        else:
            # One by one (their content stays deferred): the audit log names each file removed.
            kept = set(data.keep_evidence or ())
            for old in s.scalars(select(VerificationEvidence).where(VerificationEvidence.verification_id == row.id)):
                if old.id not in kept:
                    s.delete(old)
        row.achieved_value = None if data.achieved_value is None else float(data.achieved_value)
        row.result, row.fact, row.verified_by, row.verified_on = result, data.fact.strip(), by, on
        row.recorded_by = ctx.actor
        s.flush()
        for name, content in files:
            s.add(VerificationEvidence(verification_id=row.id, filename=name, size=len(content), content=content,
                                       mime=mimetypes.guess_type(name)[0] or "application/octet-stream",
                                       sha256=hashlib.sha256(content).hexdigest()))
        return int(row.id)

    return ws.run("verification.create", op).value
