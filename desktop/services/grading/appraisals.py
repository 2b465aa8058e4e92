"""政治素质鉴定: one appraisal per cadre per year (sheets issued, returned and valid, the counts of
好/较好/一般/较差, the supervisor's comment and suggested grade, the party committee's opinion).
Its score (models/grading_rules.appraisal_score) is what a grading round proposes grades from."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.errors import FrontlineError, NotFound
from desktop.models import Cadre
from desktop.models.grading import GRADE_WORDS, UNDETERMINED, Appraisal
from desktop.models.grading_rules import check_appraisal_counts
from desktop.services import scopes
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, refuse_if_stale
from desktop.services.workspace import Workspace

FIRST_YEAR, LAST_YEAR = 2000, 2100
SUGGESTIONS = ("", *dict.fromkeys(w for words in GRADE_WORDS.values() for w in words), UNDETERMINED)


@dataclass(frozen=True)
class AppraisalInput:
    cadre_id: int
    year: int
    issued: int
    returned: int
    valid: int
    good: int  # 好
    fair: int  # 较好
    average: int  # 一般
    poor: int  # 较差
    supervisor_comment: str = ""
    suggested_grade: str = ""
    committee_opinion: str = ""
    # The appraisal's row version when the dialog opened it; 0: there was none yet (a save
    # over one entered since is refused too); None: not checked (the command line, imports).
    version: int | None = None


APPRAISAL = RecordKind("政治素质鉴定", {
    "issued": "发出", "returned": "收回", "valid": "有效", "good": "好", "fair": "较好", "average": "一般",
    "poor": "较差", "supervisor_comment": "主管领导评语", "suggested_grade": "等次建议",
    "committee_opinion": "党委（党组）意见"})


def load(row: Appraisal) -> AppraisalInput:
    return AppraisalInput(row.cadre_id, row.year, row.sheets_issued, row.sheets_returned, row.sheets_valid,
                          row.count_good, row.count_fair, row.count_average, row.count_poor, row.supervisor_comment,
                          row.suggested_grade, row.committee_opinion, row.row_version)


def problems_of(data: AppraisalInput) -> list[str]:
    problems = check_appraisal_counts(data.issued, data.returned, data.valid,
                                      (data.good, data.fair, data.average, data.poor))
    if not FIRST_YEAR <= data.year <= LAST_YEAR:
        problems.insert(0, f"年度 {data.year} 超出范围（{FIRST_YEAR}—{LAST_YEAR}）")
    if data.suggested_grade not in SUGGESTIONS:
        problems.append(f"等次建议“{data.suggested_grade}”不是可选的等次")
    return problems


def save(ws: Workspace, data: AppraisalInput) -> int:
    """Create or replace the cadre's appraisal of that year; refused when the counts do not add up."""
    problems = problems_of(data)
    if problems:
        raise FrontlineError("；".join(problems))

    def op(ctx: OpContext) -> int:
        s = ctx.session
        if s.get(Cadre, data.cadre_id) is None:
            raise NotFound("该干部档案不存在")
        scopes.check_cadre(s, None, data.cadre_id)
        row = s.scalar(select(Appraisal).where(Appraisal.cadre_id == data.cadre_id, Appraisal.year == data.year))
        if row is None:
            row = Appraisal(cadre_id=data.cadre_id, year=data.year)
            s.add(row)
        else:
            found = row
            refuse_if_stale(s, row, data, APPRAISAL, lambda: load(found), f"{data.year}年度")
        row.sheets_issued, row.sheets_returned, row.sheets_valid = data.issued, data.returned, data.valid
        row.count_good, row.count_fair, row.count_average, row.count_poor = (
            data.good, data.fair, data.average, data.poor)
        row.supervisor_comment = data.supervisor_comment.strip()
        row.suggested_grade = data.suggested_grade
        row.committee_opinion = data.committee_opinion.strip()
        s.flush()
        return int(row.id)

    return ws.run("appraisal.save", op).value
