"""Importing cadre files from spreadsheets and 任免审批表 files: preview, then commit.

`preview` reads the file (interchange), matches every cadre against the database (by 档案
标识, then 身份证号, then 姓名 + 出生年月) and works out what would change, validated by the
same rules as the cadre editor. Nothing is written. `commit` does it in one transaction,
all or nothing, after checking that the database has not changed since the preview.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError
from desktop.interchange import posts_text
from desktop.interchange.assessment_xlsx import AssessmentSource
from desktop.interchange.errors import Cancelled, FileRefused
from desktop.interchange.incoming import Incoming, ParsedSource, Rejection
from desktop.interchange.vocab import Vocabulary
from desktop.models import AuditEntry, Cadre, CadrePhoto, CodeItem, Study, Tag, Unit
from desktop.models.unit_names import UnitNames
from desktop.models.validation import Problem
from desktop.services import collector, scopes, traces
from desktop.services.cadres import cadre_files
from desktop.services.cadres.cadre_files import EDITABLE_FIELDS, RECORD_KINDS, CadreFile, apply_file, check_file
from desktop.services.exchange import bulk_add
from desktop.services.exchange.import_diff import LABELS, Diff, FieldChange, describe, diff_cadre, record_values, show
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from desktop.store.atomic import atomic_writer

if TYPE_CHECKING:
    from desktop.services.exchange.assessment_imports import AssessmentPlan

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
Action = Literal["add", "update", "same"]
CHUNK = 500
REPORT_ACTION = "import.report"  # saving an import's error report


@dataclass
class PlannedRow:
    item: Incoming
    action: Action
    cadre_id: int | None
    match: str  # why this cadre: 身份证号相同 …
    changes: list[FieldChange]
    file: CadreFile
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.item.name


@dataclass
class ImportPlan:
    source: ParsedSource
    adds: list[PlannedRow] = field(default_factory=list)
    updates: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    rejects: list[Rejection] = field(default_factory=list)
    # The audit chain's last entry when the plan was made: while it is still the last one,
    # nothing was written since and the commit writes this plan without making it again.
    head: tuple[int, str] | None = None

    @property
    def writable(self) -> bool:
        return not self.rejects and bool(self.adds or self.updates)

    def signature(self) -> str:
        """What would be written; equal signatures mean the same import."""
        h = hashlib.sha256()
        for row in (*self.adds, *self.updates):
            h.update(f"{row.action}|{row.cadre_id}|{row.item.where.label()}|".encode())
            for c in row.changes:
                h.update(f"{c.label}|{c.old}|{c.new}\n".encode())
        for r in self.rejects:
            h.update(f"{r.where.label()}|{r.column}|{r.reason}\n".encode())
        return h.hexdigest()

    def summary(self) -> str:
        return (f"{self.source.kind_label}：新增 {len(self.adds)} 人，修改 {len(self.updates)} 人，"
                f"无变化 {len(self.unchanged)} 人，拒绝 {len(self.rejects)} 处")

    def preview_rows(self) -> list[tuple[str, str, Any, str]]:
        """(action, name, where, detail) for the preview table: rejects, then changes, then adds."""
        out: list[tuple[str, str, Any, str]] = []
        for r in self.rejects:
            cells = "，".join(p for p in (r.column, f"“{r.value}”" if r.value else "") if p)
            out.append(("拒绝", "", r.where, f"{cells}：{r.reason}" if cells else r.reason))
        for row in self.updates:
            detail = "；".join(str(c) for c in row.changes)
            if row.warnings:
                detail += "（提示：" + "；".join(row.warnings) + "）"
            out.append(("修改", row.name, row.item.where, f"[{row.match}] {detail}"))
        for row in self.adds:
            detail = "，".join(f"{c.label}：{c.new}" for c in row.changes[:8])
            if row.warnings:
                detail += "（提示：" + "；".join(row.warnings) + "）"
            out.append(("新增", row.name, row.item.where, detail))
        return out


@dataclass
class ImportResult:
    added: list[int]
    updated: list[int]
    op_id: str

    def message(self) -> str:
        return f"已导入：新增 {len(self.added)} 人，修改 {len(self.updated)} 人"


def vocabulary(session: Session) -> Vocabulary:
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, code, name in session.execute(
            select(CodeItem.table_name, CodeItem.code, CodeItem.name).where(CodeItem.active.is_(True))
            .order_by(CodeItem.table_name, CodeItem.sort_order, CodeItem.id)):
        tables.setdefault(table, []).append((code, name))
    return Vocabulary(tables)


# --- matching ---------------------------------------------------------------------------------

class _Index:
    """Every cadre's identifying values, loaded once (a few MB even for 100,000 cadres)."""

    def __init__(self, session: Session) -> None:
        # A scoped account's imports (services/scopes.py): a row naming a cadre outside the
        # scope is refused with its row number, so the whole file is refused.
        clause = scopes.session_cadre_clause(session)
        self.outside = set(session.scalars(select(Cadre.id).where(~clause))) if clause is not None else set()
        actor = scopes.acting(session)
        self.account = actor.username if actor is not None else ""
        self.by_uid: dict[str, int] = {}
        self.by_id_number: dict[str, list[int]] = {}
        self.by_name: dict[str, list[tuple[int, Any, str]]] = {}
        for cid, uid, number, name, birth in session.execute(
                select(Cadre.id, Cadre.uid, Cadre.citizen_id, Cadre.name, Cadre.birth)):
            self.by_uid[uid] = cid
            if number:
                self.by_id_number.setdefault(number, []).append(cid)
            self.by_name.setdefault(name, []).append((cid, birth, number or ""))

    def find(self, item: Incoming) -> tuple[int | None, str, str]:
        """(cadre id, how it matched, reason it cannot be decided or is refused)."""
        cid, how, problem = self._find(item)
        if cid is not None and cid in self.outside:
            return None, "", f"该干部（{item.name}）不在账户 {self.account} 的工作范围内"
        return cid, how, problem

    def _find(self, item: Incoming) -> tuple[int | None, str, str]:
        if item.uid and item.uid in self.by_uid:
            return self.by_uid[item.uid], "档案标识相同", ""
        number = str(item.fields.get("citizen_id") or "")
        name = item.name
        birth = item.fields.get("birth")
        if number:
            ids = self.by_id_number.get(number, [])
            if len(ids) == 1:
                return ids[0], "身份证号相同", ""
            if len(ids) > 1:
                return None, "", f"数据库中有 {len(ids)} 名干部使用身份证号 {number}，请先在档案中更正"
        same_name = self.by_name.get(name, [])
        if birth is not None:
            month = birth.month_only()
            found = [(cid, n) for cid, b, n in same_name if b is not None and b.month_only() == month]
            # A different ID number on file means a different person of the same name.
            found = [(cid, n) for cid, n in found if not number or not n]
            if len(found) == 1:
                return found[0][0], "姓名和出生年月相同", ""
            if len(found) > 1:
                return None, "", (f"数据库中有 {len(found)} 名同名且出生年月相同的干部，"
                                  "请填写身份证号以区分")
            return None, "", ""
        if item.must_exist and not number:
            if len(same_name) == 1:
                return same_name[0][0], "姓名相同", ""
            if len(same_name) > 1:
                return None, "", f"数据库中有 {len(same_name)} 名干部叫“{name}”，请填写身份证号或出生年月以区分"
        return None, "", ""


def _load(session: Session, ids: Sequence[int]) -> dict[int, Cadre]:
    out: dict[int, Cadre] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        stmt = select(Cadre).where(Cadre.id.in_(chunk)).options(
            *(selectinload(getattr(Cadre, kind)) for kind in RECORD_KINDS),
            selectinload(Cadre.tags), selectinload(Cadre.photo))
        out.update({c.id: c for c in session.scalars(stmt)})
    return out


# --- building files ---------------------------------------------------------------------------

def _new_file(item: Incoming) -> tuple[CadreFile, list[FieldChange]]:
    """A complete file for a cadre the database does not have yet."""
    fields = dict(item.fields)
    records: dict[str, list[dict[str, Any]]] = {k: [dict(r) for r in v] for k, v in item.records.items()}
    if "posts" not in records:
        if item.main_post and any(v not in ("", None) for v in item.main_post.values()):
            records["posts"] = [{"is_main": True, "end": None, **item.main_post}]
        elif item.current_post_text:
            current_start = next((w.get("start") for w in reversed(item.resume.work) if w.get("end") is None),
                                 None) if item.resume else None
            records["posts"] = posts_text.parse(item.current_post_text, current_start)
            if posts_text.compose(_objects(records["posts"])) != item.current_post_text.strip():
                fields["current_post_override"] = item.current_post_text.strip()
    if item.resume is not None:
        records.setdefault("work_records", [dict(w) for w in item.resume.work])
        records.setdefault("studies", [dict(s) for s in item.resume.studies])
        if not item.resume.exact and item.resume.text.strip():
            fields["resume_override"] = item.resume.text
    if "studies" not in records and item.latest_study:
        given = {mode: values for mode, values in item.latest_study.items()
                 if any(v not in ("", None) for v in values.values())}
        if "全日制" in given or "在职" in given:
            given.pop("最高", None)
        records["studies"] = [{"mode": "全日制" if mode == "最高" else mode, **values}
                              for mode, values in given.items()]
    for kind, rows in item.upserts.items():
        records.setdefault(kind, [])
        records[kind] += [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
    changes = [FieldChange(LABELS.get(k, k), "", show(v)) for k, v in fields.items() if v not in ("", None)]
    for kind, rows in records.items():
        changes += [FieldChange(f"{cadre_files.RECORD_LABELS[kind]}·新增", "", describe(kind, r)) for r in rows]
    if item.tags:
        changes.append(FieldChange("标签", "", "、".join(item.tags)))
    if item.photo:
        changes.append(FieldChange("照片", "", "有"))
    if item.uid:
        fields["uid"] = item.uid
    return CadreFile(fields=fields, records=records, tags=item.tags, photo=item.photo), changes


class _Obj:
    def __init__(self, values: dict[str, Any]) -> None:
        self.unit_name = values.get("unit_name") or ""
        self.title = values.get("title") or ""
        self.is_main = bool(values.get("is_main", True))
        self.end = values.get("end")
        self.sort_order = 0


def _objects(rows: Iterable[dict[str, Any]]) -> list[_Obj]:
    objs = [_Obj(r) for r in rows]
    for i, o in enumerate(objs):
        o.sort_order = i
    return objs


def _update_file(cadre: Cadre, diff: Diff) -> CadreFile:
    return CadreFile(fields=dict(diff.fields), records=diff.records, tags=diff.tags, photo=diff.photo)


def _complete(cadre: Cadre | None, file: CadreFile) -> CadreFile:
    """The whole file after the change, as plain values, for validation without a session."""
    if cadre is None:
        return file
    fields = {k: getattr(cadre, k) for k in EDITABLE_FIELDS}
    fields.update(file.fields)
    records: dict[str, list[dict[str, Any]]] = {}
    for kind in RECORD_KINDS:
        current = {o.id: record_values(o, kind) for o in getattr(cadre, kind)}
        if kind in file.records:
            records[kind] = [{**current.get(r.get("id"), {}), **{k: v for k, v in r.items() if k != "id"}}
                             for r in file.records[kind]]
        else:
            records[kind] = list(current.values())
    return CadreFile(fields=fields, records=records)


def _problems(file: CadreFile, codes: dict[str, list[str]]) -> list[Problem]:
    plain, problems = cadre_files.plain_file(file)
    return problems + [_soften(p) for p in check_file(plain, codes)]


def _soften(problem: Problem) -> Problem:
    """A post without a unit refuses a save in the editor, but a roster sheet often has a
    现任职务 column and no 单位 one: rejecting every row would lose the whole sheet, so the
    import takes it with a warning and the clerk fills the unit in when the file is opened."""
    if problem.field.startswith("posts[") and problem.field.endswith(".unit_name") and problem.severity == "error":
        return Problem(problem.field, f"{problem.message}（导入后请补填）", "warning")
    return problem


_RECORD_COLUMN = {"posts": "post.", "studies": "ft."}


def _column(item: Incoming, path: str) -> tuple[str, str]:
    base = path.split(".")[-1]
    kind = path.split("[")[0] if "[" in path else ""
    for key in (path, f"{kind}.{base}", _RECORD_COLUMN.get(kind, "-") + base, base):
        if key in item.columns:
            return item.columns[key], item.raw.get(key, "")
    return "", ""


# --- planning ---------------------------------------------------------------------------------

def plan(session: Session, parsed: ParsedSource, vocab: Vocabulary | None = None, *,
         progress: Progress | None = None, cancelled: Check | None = None) -> ImportPlan:
    """Match, diff and validate every item of `parsed` against the database. Writes nothing."""
    result = ImportPlan(parsed, rejects=list(parsed.rejections))
    code_names = {t: [n for _c, n in rows] for t, rows in (vocab or vocabulary(session)).tables.items()}
    index = _Index(session)
    matched: list[tuple[Incoming, int | None, str]] = []
    claimed: dict[int, Incoming] = {}
    new_keys: dict[Any, Incoming] = {}
    for item in parsed.items:
        if item.errors or not item.name:
            result.rejects += _row_problems(item, code_names)
            continue
        cid, how, problem = index.find(item)
        if problem:
            result.rejects.append(Rejection(item.where, item.columns.get("citizen_id", item.columns.get("name", "")),
                                            item.raw.get("citizen_id") or item.name, problem))
            continue
        if cid is None and item.must_exist:
            result.rejects.append(Rejection(item.where, item.columns.get("name", ""), item.name,
                                            "数据库中没有这名干部（请核对姓名、身份证号）"))
            continue
        key: Any = cid if cid is not None else (item.fields.get("citizen_id") or
                                                 (item.name, item.fields.get("birth") and
                                                  item.fields["birth"].month_only()))
        earlier = claimed.get(cid) if cid is not None else new_keys.get(key)
        if earlier is not None:
            advice = "请合并为一行" if item.where.row is not None else "同一人的任免审批表请只保留一份"
            result.rejects.append(Rejection(item.where, item.columns.get("name", ""), item.name,
                                            f"与{earlier.where.label()}是同一名干部，{advice}"))
            continue
        if cid is not None:
            claimed[cid] = item
        else:
            new_keys[key] = item
        matched.append((item, cid, how))
    existing = _load(session, [cid for _i, cid, _h in matched if cid is not None])
    units = UnitNames((i, n, p) for i, n, p in session.execute(select(Unit.id, Unit.name, Unit.parent_id)))
    for n, (item, cid, how) in enumerate(matched, start=1):
        if n % CHUNK == 0:
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(n, len(matched))
        cadre = existing.get(cid) if cid is not None else None
        if cadre is None:
            file, changes = _new_file(item)
            row = PlannedRow(item, "add", None, "", changes, file)
            baseline: set[str] = set()
        else:
            diff = diff_cadre(cadre, item)
            file = _update_file(cadre, diff)
            row = PlannedRow(item, "update" if diff.changes else "same", cid, how, diff.changes, file)
            if not diff.changes:
                result.unchanged.append(row)
                continue
            # Problems the file already had are not the import's doing and do not block it.
            baseline = {p.message for p in check_file(cadre, code_names)}
        problems = _problems(_complete(cadre, file), code_names)
        errors = [p for p in problems if p.severity == "error" and p.message not in baseline]
        row.warnings = [p.message for p in problems if p.severity == "warning" and p.message not in baseline]
        row.warnings += item.warnings + _place_posts(file, units)
        outside = _posts_outside(session, file)
        if outside:
            result.rejects += [Rejection(item.where, item.columns.get("posts", item.columns.get("name", "")), name,
                                         reason) for name, reason in outside]
            continue
        if errors:
            for p in errors:
                column, value = _column(item, p.field)
                result.rejects.append(Rejection(item.where, column, value, p.message))
            continue
        (result.adds if row.action == "add" else result.updates).append(row)
    if progress is not None:
        progress(len(matched), len(matched))
    return result


def _posts_outside(session: Session, file: CadreFile) -> list[tuple[str, str]]:
    """A scoped account's import places nobody in a unit outside its scope: the current posts
    of the file (placed in units, _place_posts) in such a unit, as (unit name, reason)."""
    actor = scopes.acting(session)
    scope = scopes.scope_of(session, actor) if actor is not None else None
    if scope is None or actor is None:
        return []
    return [(post.get("unit_name") or "", f"任职单位“{post.get('unit_name') or post['unit_id']}”"
                                          f"不在账户 {actor.username} 的工作范围内")
            for post in file.records.get("posts", [])
            if post.get("unit_id") is not None and post.get("end") is None and post["unit_id"] not in scope.units]


def _place_posts(file: CadreFile, units: UnitNames) -> list[str]:
    """Put each new post in the unit its printed name names; say which names name none."""
    unknown = []
    for post in file.records.get("posts", []):
        if "id" in post or post.get("unit_id") is not None or not (post.get("unit_name") or "").strip():
            continue
        unit_id = units.resolve(post["unit_name"])
        if unit_id is not None:
            post["unit_id"] = unit_id
        elif units:
            unknown.append(f"任职单位“{post['unit_name']}”在单位树中找不到（或对应多个单位）："
                           "已按文字保存，未归入单位，可在档案中选择单位")
    return unknown


def _row_problems(item: Incoming, code_names: dict[str, list[str]]) -> list[Rejection]:
    """Everything wrong with a row that cannot be imported, not only its first problem: the
    cells that cannot be read, 姓名为空, and what the cadre-file rules say about the values the
    row does give (a birth month that disagrees with the ID number …)."""
    found = list(item.errors)
    if not item.name:
        found.insert(0, Rejection(item.where, item.columns.get("name", ""), "", "姓名为空"))
    unreadable = {r.column for r in found}
    file, _changes = _new_file(item)
    for p in _problems(file, code_names):
        if p.severity != "error" or p.field not in item.fields or p.field == "name":
            continue  # only what the row itself says: a missing column is no problem of an update
        column, value = _column(item, p.field)
        if column not in unreadable:
            found.append(Rejection(item.where, column, value, p.message))
    return found


def known_schools(session: Session) -> list[str]:
    """School names already on file: they split 厦门大学经济学院… correctly when forms are read."""
    return [s for s in session.scalars(select(Study.school).distinct()) if s]


def read(path: Path, vocab: Vocabulary, *, progress: Progress | None = None,
         cancelled: Check | None = None, schools: Iterable[str] = ()) -> ParsedSource | AssessmentSource:
    from desktop.interchange.sources import read_any

    return read_any(path, vocab, progress=progress, cancelled=cancelled, known_schools=schools)


def preview(ws: Workspace, path: Path | str, *, progress: Progress | None = None,
            cancelled: Check | None = None) -> ImportPlan:
    """Read `path` (xlsx, lrmx, lrm, zip or a folder) and plan the import. Writes nothing."""
    from desktop.services.exchange.packages import file as package_file

    if package_file.is_package(path):
        raise FileRefused(f"{Path(path).name} 是外出考核数据包：请用“数据交换 → 导入外出考核数据包并合并”"
                          "（命令行：frontline package import）导入")
    with collector.paused():
        return _preview(ws, path, progress, cancelled)


def _preview(ws: Workspace, path: Path | str, progress: Progress | None, cancelled: Check | None) -> ImportPlan:
    with ws.read("import.read") as s:
        vocab = vocabulary(s)
        schools = known_schools(s)
    parsed = read(Path(path), vocab, progress=progress, cancelled=cancelled, schools=schools)
    if isinstance(parsed, AssessmentSource):
        # Ledger entries and ballots: planned by their own rules (services/assessment_imports).
        from desktop.services.exchange import assessment_imports

        with ws.read("import.read") as s:
            return assessment_imports.plan(s, ws, parsed, cancelled=cancelled)  # type: ignore[return-value]
    with ws.read("import.read") as s:
        planned = plan(s, parsed, vocab, progress=progress, cancelled=cancelled)
        planned.head = _chain_head(s)  # the same read transaction: what the plan saw
        return planned


def _chain_head(session: Session) -> tuple[int, str]:
    """The audit chain's last entry. Every change goes through Workspace.run, which appends
    to the chain in the change's own transaction: an unchanged head means unchanged data."""
    last = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return (int(last[0]), str(last[1])) if last else (0, "")


def commit(ws: Workspace, previewed: ImportPlan, *, progress: Progress | None = None,
           cancelled: Check | None = None, bulk: bool = True) -> ImportResult:
    """Write the previewed import in one transaction; refused whole if anything is wrong.
    New files are written with bulk INSERTs (services/exchange/bulk_add.py); `bulk=False`
    writes them through the ORM, as changed files always are (the tests compare the two)."""
    if not isinstance(previewed, ImportPlan):
        from desktop.services.exchange import assessment_imports

        return assessment_imports.commit(ws, previewed)
    if previewed.rejects:
        raise FrontlineError(f"有 {len(previewed.rejects)} 处数据被拒绝，请修改文件后重新导入（没有写入任何数据）")
    if not (previewed.adds or previewed.updates):
        raise FrontlineError("没有需要导入的变化")

    def op(ctx: OpContext) -> ImportResult:
        s = ctx.session
        # The write lock is held from here: the head cannot move before this commit ends.
        if previewed.head is not None and previewed.head == _chain_head(s):
            again = previewed  # nothing written since the preview: its matching and checks stand
        else:
            again = plan(s, previewed.source, vocabulary(s))
            if again.signature() != previewed.signature():
                raise FrontlineError("预览之后数据库已有变化，请重新预览后再导入（没有写入任何数据）")
        _ensure_tags(s, [t for row in (*again.adds, *again.updates) for t in (row.file.tags or [])])
        existing = _load(s, [row.cadre_id for row in again.updates if row.cadre_id is not None])
        new_cadres: list[Cadre] = []
        updated: list[int] = []
        todo = [*again.adds, *again.updates]
        total, added = len(todo), []
        if bulk:
            # Before the changed files, as the ORM's flush would log them: creations first.
            added = bulk_add.add_files(ctx, [row.file for row in again.adds], cancelled=cancelled,
                                       progress=None if progress is None else lambda n, _t: progress(n, total))
            todo = list(again.updates)
        for n, row in enumerate(todo, start=len(added) + 1):
            if n % 200 == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(n, total)
            if row.action == "add":
                cadre = Cadre()
                for kind in RECORD_KINDS:
                    setattr(cadre, kind, [])
                s.add(cadre)
            else:
                assert row.cadre_id is not None
                cadre = existing[row.cadre_id]
            with s.no_autoflush:
                apply_file(cadre, row.file, s)
                if row.file.photo is not None:
                    if cadre.photo is None:
                        cadre.photo = CadrePhoto(jpeg=row.file.photo)
                    else:
                        cadre.photo.jpeg = row.file.photo
            if row.action == "add":
                new_cadres.append(cadre)
            else:
                updated.append(int(cadre.id))
        # One flush for everything: a flush per cadre made large imports quadratic.
        s.flush()
        added += [int(c.id) for c in new_cadres]
        ctx.record("import", kind="create", after={
            "source": previewed.source.name, "kind": previewed.source.kind, "sha256": previewed.source.digest,
            "added": len(added), "updated": len(updated)})
        return ImportResult(added, updated, "")

    with collector.paused():
        result = ws.run(f"import.{previewed.source.kind}", op)
    result.value.op_id = result.op_id
    return result.value


def _ensure_tags(session: Session, names: list[str]) -> None:
    wanted = {n.strip() for n in names if n.strip()}
    if not wanted:
        return
    have = set(session.scalars(select(Tag.name).where(Tag.name.in_(wanted))))
    for name in sorted(wanted - have):
        session.add(Tag(name=name))
    session.flush()


def write_template(ws: Workspace, kind: str, path: Path | str) -> None:
    """The import template of `kind` ("roster", "annual", "ledger", "ballots") with this
    database's code tables, rules, campaigns and ballot items."""
    from desktop.interchange import templates

    if kind in ("ledger", "ballots"):
        from desktop.services.exchange import assessment_imports

        assessment_imports.write_template(ws, kind, path)
        return
    with ws.read(traces.action(f"template.{kind}")) as s:  # refused before a byte is written
        vocab = vocabulary(s)
    with atomic_writer(path) as fh:
        templates.build(kind, vocab, fh)
    traces.record(ws, f"template.{kind}", [Path(path)])


def write_error_report(ws: Workspace, previewed: ImportPlan | AssessmentPlan, path: Path | str) -> None:
    """The rejected rows of a preview as xlsx, for the clerk to correct the file. Refused
    before it is written without "import.report". It is not logged as an export: it holds the
    clerk's own rows back with the reasons, and saving it leaves the database as it was."""
    from desktop.interchange import error_report

    ws.require(REPORT_ACTION)
    with atomic_writer(path) as fh:
        error_report.write(fh, previewed.source.name, previewed.rejects)
