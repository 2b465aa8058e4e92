"""Plain values a reader makes of a file: one `Incoming` per cadre, and rejections.

Field keys follow the entities (desktop.models): cadre attributes by name, record lists by
the relationship name (posts, studies, work_records, family, annual_results …). A reader
fills only what its file actually says; what it leaves out stays as it is in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Where:
    """Where a value came from, as the clerk will look for it."""

    source: str  # file name, or archive/member for files inside a zip
    sheet: str = ""
    row: int | None = None

    def label(self) -> str:
        parts = [self.source]
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        return " ".join(parts)


@dataclass(frozen=True)
class Rejection:
    where: Where
    column: str  # "C列“出生年月”", an LRMX element name, or "" for the whole row/file
    value: str
    reason: str


@dataclass
class Resume:
    """The 简历 of a form: the text as written, and the records its lines could be read as."""

    text: str
    studies: list[dict[str, Any]] = field(default_factory=list)
    work: list[dict[str, Any]] = field(default_factory=list)
    exact: bool = False  # every line was read and the records print the same text


@dataclass
class Incoming:
    """One cadre as a file describes it."""

    where: Where
    fields: dict[str, Any] = field(default_factory=dict)
    # Values of the current main post and of the latest study per mode (全日制/在职), for
    # roster rows that carry them as columns.
    main_post: dict[str, Any] = field(default_factory=dict)
    latest_study: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Complete lists: the cadre's records of that kind become exactly these.
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Annual results and the like: merged by key (year), never removing others.
    upserts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    tags: list[str] | None = None
    photo: bytes | None = None
    resume: Resume | None = None
    current_post_text: str | None = None  # LRMX 现任职务, as written
    uid: str = ""
    must_exist: bool = False  # annual results update known cadres only
    # Field key → where to point the clerk (column label or element) and the value shown.
    columns: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    errors: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.fields.get("name") or "")

    def reject(self, key: str, reason: str) -> None:
        self.errors.append(Rejection(self.where, self.columns.get(key, key), self.raw.get(key, ""), reason))


@dataclass
class ParsedSource:
    """Everything read from one file, folder or archive, before any database is consulted."""

    kind: str  # "roster", "annual", "lrmx"
    name: str
    items: list[Incoming] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)  # rows no cadre could be made of
    notes: list[str] = field(default_factory=list)  # ignored columns, skipped sheets …
    digest: str = ""  # sha256 of the file(s), for the audit entry

    @property
    def kind_label(self) -> str:
        return {"roster": "干部名册", "annual": "年度考核结果", "lrmx": "任免审批表"}.get(self.kind, self.kind)
