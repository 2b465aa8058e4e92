"""Domain entities and rules. No Qt, no files, no printing."""

from desktop.models.accounts import ROLE_ADMIN, Account, AccountScope
from desktop.models.audit import AuditEntry
from desktop.models.base import Base
from desktop.models.cadres import Cadre, CadrePhoto, Tag, cadre_tag
from desktop.models.campaigns import (
    Campaign,
    CampaignMember,
    Directive,
    DirectiveItem,
    campaign_cadre,
    campaign_directive_item,
    campaign_unit,
)
from desktop.models.codes import CODE_TABLES, CodeItem
from desktop.models.dates import DateFormatError, PartialDate
from desktop.models.fieldwork import Draft, Talk, Visit, talk_cadre, visit_unit
from desktop.models.grading import Appraisal, GradeProposal, GradeRound, NoticeObjection
from desktop.models.indicators import Indicator, IndicatorSet, IndicatorValue, RankingNote
from desktop.models.judgement import Analysis, Citation
from desktop.models.ledger import PointEntry, PointEvidence, PointRule
from desktop.models.meta import DatabaseMeta
from desktop.models.records import (
    AnnualResult,
    Attachment,
    FamilyMember,
    Post,
    Punishment,
    Reward,
    Study,
    Training,
    WorkRecord,
)
from desktop.models.results import Problem, Target, Verification, VerificationEvidence
from desktop.models.results_use import ResultUse
from desktop.models.settings import SavedFilter, Setting
from desktop.models.sheets import Ballot, BallotBatch, Sheet, SheetAnswer, SheetTemplate, TemplateItem, TemplateSection
from desktop.models.units import Unit

__all__ = [
    "CODE_TABLES",
    "ROLE_ADMIN",
    "Account",
    "AccountScope",
    "Analysis",
    "AnnualResult",
    "Appraisal",
    "Attachment",
    "AuditEntry",
    "Ballot",
    "BallotBatch",
    "Base",
    "Cadre",
    "CadrePhoto",
    "Campaign",
    "CampaignMember",
    "Citation",
    "CodeItem",
    "DatabaseMeta",
    "DateFormatError",
    "Directive",
    "DirectiveItem",
    "Draft",
    "FamilyMember",
    "GradeProposal",
    "GradeRound",
    "Indicator",
    "IndicatorSet",
    "IndicatorValue",
    "NoticeObjection",
    "PartialDate",
    "PointEntry",
    "PointEvidence",
    "PointRule",
    "Post",
    "Problem",
    "Punishment",
    "RankingNote",
    "ResultUse",
    "Reward",
    "SavedFilter",
    "Setting",
    "Sheet",
    "SheetAnswer",
    "SheetTemplate",
    "Study",
    "Tag",
    "Talk",
    "Target",
    "TemplateItem",
    "TemplateSection",
    "Training",
    "Unit",
    "Verification",
    "VerificationEvidence",
    "Visit",
    "WorkRecord",
    "cadre_tag",
    "campaign_cadre",
    "campaign_directive_item",
    "campaign_unit",
    "talk_cadre",
    "visit_unit",
]
