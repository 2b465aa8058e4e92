"""Domain entities and rules. No Qt, no files, no printing."""

from desktop.models.accounts import ROLE_ADMIN, Account
from desktop.models.audit import AuditEntry
from desktop.models.base import Base
from desktop.models.cadres import Cadre, CadrePhoto, Tag, cadre_tag
from desktop.models.codes import CODE_TABLES, CodeItem
from desktop.models.dates import DateFormatError, PartialDate
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
from desktop.models.settings import SavedFilter, Setting
from desktop.models.units import Unit

__all__ = [
    "CODE_TABLES",
    "ROLE_ADMIN",
    "Account",
    "AnnualResult",
    "Attachment",
    "AuditEntry",
    "Base",
    "Cadre",
    "CadrePhoto",
    "CodeItem",
    "DateFormatError",
    "FamilyMember",
    "PartialDate",
    "Post",
    "Punishment",
    "Reward",
    "SavedFilter",
    "Setting",
    "Study",
    "Tag",
    "Training",
    "Unit",
    "WorkRecord",
    "cadre_tag",
]
