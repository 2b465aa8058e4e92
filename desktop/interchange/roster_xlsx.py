"""Reading roster and annual-results workbooks into `Incoming` cadres.

A roster workbook has one main sheet (one row per cadre) and optionally detail sheets named
任职 / 学习经历 / 家庭成员 / 年度考核 whose rows name their cadre by 身份证号 or 姓名. An
annual-results workbook has rows of 姓名, 身份证号, 年度, 考核等次, or one column per year.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.interchange import cells as cv
from desktop.interchange import safety
from desktop.interchange.errors import Cancelled, FileRefused
from desktop.interchange.fields import (
    ANNUAL,
    DETAIL_SHEETS,
    KEY_FIELDS,
    READONLY_HEADERS,
    ROSTER,
    SKIPPED_SHEETS,
    YEAR_HEADER,
    FieldSpec,
    lookup,
    normalize_header,
    to_bool,
)
from desktop.interchange.incoming import Incoming, ParsedSource, Rejection, Where
from desktop.interchange.vocab import Vocabulary
from desktop.interchange.xlsx_table import (
    HEADER_SCAN_ROWS,
    Cell,
    Table,
    close_workbook,
    describe_expected,
    find_table,
    open_workbook,
    sheet_rows,
)

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
_TAG_SPLIT = re.compile(r"[、,，;；/\s]+")
ROSTER_LOOKUP = lookup(ROSTER)
ANNUAL_LOOKUP = lookup(KEY_FIELDS + ANNUAL)
PROGRESS_EVERY = 500
HIGHEST = "最高"  # latest_study key of the roster's 最高学历/最高学位 columns


def _is_year(h: str) -> bool:
    m = YEAR_HEADER.match(h)
    return m is not None and 1950 <= int(m[1]) <= 2100


def refuse_odd(spec: FieldSpec, cell: Cell) -> None:
    """Values no clerk typed into a text or date column: a formula's error, a logical value,
    a number too large to be anything here. Taken as text they would become a cadre named
    "#N/A" or a 309-digit number."""
    value = cell.value
    if cell.error:
        raise cv.CellError(f"单元格是公式的错误值 {value}，不是填写的内容：请改为实际内容")
    if isinstance(value, bool) and spec.kind != "bool":
        raise cv.CellError("单元格是逻辑值（TRUE/FALSE），不是填写的内容")
    if isinstance(value, float) and spec.kind not in ("id",) and (not math.isfinite(value) or abs(value) >= 1e15):
        raise cv.CellError("数字过大，不可能是此栏的内容")


def convert(spec: FieldSpec, cell: Cell, vocab: Vocabulary) -> Any:
    """A typed value for the spec's kind; raises CellError with the reason."""
    refuse_odd(spec, cell)
    value, fmt = cell.value, cell.number_format
    if spec.kind == "date":
        return cv.to_date(value, fmt)
    if spec.kind == "id":
        return cv.to_citizen_id(value, fmt)
    if spec.kind == "int":
        return cv.to_int(value, fmt)
    if spec.kind == "name":
        return cv.compact(value)
    if spec.kind == "bool":
        text = cv.clean_text(value)
        flag = to_bool(text)
        if flag is None:
            raise cv.CellError(f"应填“是”或“否”（或“主职”“兼职”），而不是“{text}”")
        return flag
    if spec.kind == "code":
        text = cv.compact(value) if spec.code_table in ("sex", "grade") else cv.clean_text(value)
        return vocab.normalize(spec.code_table, text)
    text = cv.clean_text(value)
    if spec.key == "tags":
        return [t for t in _TAG_SPLIT.split(text) if t]
    if spec.key == "mode":
        return "在职" if "在职" in text else ("全日制" if text else "")
    return text


# A cell's reading: blank?, the text shown for it, its value, why it cannot be read, and
# which reading was taken of a cell that could mean two things.
_Reading = tuple[bool, str, Any, str | None, str]
# Distinct cells remembered per column: a column of 性别 or 学历 repeats a few values
# thousands of times; one of names or ID numbers stops being remembered at this many.
MEMO_LIMIT = 2048


def _reading(spec: FieldSpec, cell: Cell, vocab: Vocabulary) -> _Reading:
    value = cell.value
    raw = cv.display(value, cell.number_format)
    if value is None or (isinstance(value, str) and not cv.clean_text(value)):
        return True, raw, None if spec.kind in ("date", "int", "bool") else "", None, ""
    try:
        if spec.kind == "date":
            refuse_odd(spec, cell)
            date, reading = cv.read_date(value, cell.number_format)
            return False, raw, date, None, reading
        return False, raw, convert(spec, cell, vocab), None, ""
    except cv.CellError as exc:
        return False, raw, None, str(exc), ""


class _Cells:
    """Reads the rows of one table. What depends on the column alone (its label, its spec)
    is worked out once, and a cell equal to one read before in the same column is not read
    again: per cell, this was most of an import's own time."""

    def __init__(self, table: Table, vocab: Vocabulary) -> None:
        self.table = table
        self.vocab = vocab
        self.labels = {key: table.label(key) for key in table.columns}
        self.columns: list[tuple[str, int, FieldSpec, dict[tuple[Any, ...], _Reading]]] = [
            (key, col - 1, table.specs[key], {}) for key, col in table.columns.items()]

    def read(self, row: list[Cell], where: Where, keep_empty: bool, readings: list[str] | None = None
             ) -> tuple[dict[str, Any], dict[str, str], dict[str, str], list[Rejection]]:
        """Values, raw texts, column labels and errors of a row; `readings` receives the reading
        taken of each cell that could mean two things (a 2008.1 stored for 2008.10)."""
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        errors: list[Rejection] = []
        width = len(row)
        for key, index, spec, memo in self.columns:
            cell = row[index] if index < width else Cell(None, "General", index + 1)
            value = cell.value
            # The type is part of the key: True == 1 and 1 == 1.0, but they read differently.
            seen = (value.__class__, value, cell.number_format, cell.error)
            found = memo.get(seen)
            if found is None:
                found = _reading(spec, cell, self.vocab)
                if len(memo) < MEMO_LIMIT:
                    memo[seen] = found
            empty, raw[key], converted, problem, reading = found
            if empty and not keep_empty:
                continue
            if problem is not None:
                errors.append(Rejection(where, self.labels[key], raw[key], problem))
                continue
            if reading and readings is not None:
                readings.append(f"{self.labels[key]}：{reading}")
            values[key] = list(converted) if isinstance(converted, list) else converted
        return values, raw, dict(self.labels), errors


def _main_item(cells: _Cells, number: int, row: list[Cell], source: str, notes: list[str]) -> Incoming | None:
    table, vocab = cells.table, cells.vocab
    where = Where(source, table.sheet, number)
    readings: list[str] = []
    values, raw, labels, errors = cells.read(row, where, keep_empty=False, readings=readings)
    if table.is_example(number, raw):
        notes.append(table.example_note())
        return None
    if not values and not errors:
        return None  # a note below the table, or values only in ignored columns
    if set(values) == {"name"} and any(ch in str(values["name"]) for ch in "：:"):
        return None  # 制表人：某某 under the table
    item = Incoming(where=where, columns=labels, raw=raw, errors=errors, warnings=readings)
    for key, value in values.items():
        if key == "uid":
            item.uid = str(value).strip().lower()
        elif key == "tags":
            item.tags = value
        elif key == "post.leadership_level" and str(value).endswith(("正职", "副职")):
            # The roster's 职务层次 column reads 县处级正职: level and grade in one.
            item.main_post["leadership_level"] = vocab.normalize("leadership_level", str(value)[:-2])
            item.main_post["grade"] = str(value)[-2]
        elif key.startswith("post."):
            item.main_post[key[5:]] = value
        elif key.startswith(("ft.", "is.", "hi.")):
            mode = {"ft": "全日制", "is": "在职", "hi": HIGHEST}[key[:2]]
            item.latest_study.setdefault(mode, {})[key[3:]] = value
        else:
            item.fields[key] = value
    return item


class _Linker:
    """Finds the main-sheet cadre a detail row belongs to."""

    def __init__(self, items: list[Incoming]) -> None:
        self.by_uid = {i.uid: i for i in items if i.uid}
        self.by_id = {i.fields["citizen_id"]: i for i in items if i.fields.get("citizen_id")}
        self.by_name: dict[str, list[Incoming]] = {}
        for i in items:
            self.by_name.setdefault(i.name, []).append(i)

    def find(self, keys: dict[str, Any]) -> Incoming | None:
        if keys.get("uid") and keys["uid"].lower() in self.by_uid:
            return self.by_uid[keys["uid"].lower()]
        if keys.get("citizen_id"):
            return self.by_id.get(keys["citizen_id"])
        same = self.by_name.get(keys.get("name") or "", [])
        if keys.get("birth") is not None:
            month = keys["birth"].month_only()
            same = [i for i in same if i.fields.get("birth") and i.fields["birth"].month_only() == month]
        return same[0] if len(same) == 1 else None


def _head(rows: Any) -> tuple[list[tuple[int, list[Cell]]], Any]:
    head = []
    for entry in rows:
        head.append(entry)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    return head, rows


def read_workbook(path: Path, vocab: Vocabulary, *, progress: Progress | None = None,
                  cancelled: Check | None = None, display_name: str | None = None,
                  opened: Any = None) -> ParsedSource:
    """`opened`: the workbook already open (from open_workbook); the caller closes it."""
    source = display_name or path.name
    wb = opened if opened is not None else open_workbook(path)
    try:
        with safety.parser_errors(source, " Excel 工作簿"):
            return _read(wb, path, source, vocab, progress, cancelled)
    finally:
        if opened is None:
            close_workbook(wb)


def _read(wb: Any, path: Path, source: str, vocab: Vocabulary, progress: Progress | None,
          cancelled: Check | None) -> ParsedSource:
    main_items: list[Incoming] = []
    details: list[tuple[str, Table, list[tuple[int, list[Cell]]]]] = []
    annual_tables: list[tuple[Table, Any, list[tuple[int, list[Cell]]]]] = []
    notes: list[str] = []
    done = 0
    total = sum((ws.max_row or 0) for ws in wb.worksheets if isinstance(ws.max_row, int)) or 0
    empty_sheets = 0
    for ws in wb.worksheets:
        name = ws.title
        if normalize_header(name) in {normalize_header(s) for s in SKIPPED_SHEETS}:
            continue
        rows = sheet_rows(ws, name, source=source)
        head, rest = _head(rows)
        if not head:
            empty_sheets += 1
            continue
        detail_kind = next((k for k, (_t, _s, names) in DETAIL_SHEETS.items()
                            if normalize_header(name) in {normalize_header(n) for n in names}), None)
        if detail_kind is not None:
            specs = KEY_FIELDS + DETAIL_SHEETS[detail_kind][1]
            table = find_table(name, head, lookup(specs), ("name",))
            if table is None:
                notes.append(f"工作表“{name}”没有可识别的表头，已跳过")
                continue
            data = [r for r in head if r[0] > table.header_row] + list(rest)
            details.append((detail_kind, table, data))
            done += len(data)
            continue
        roster = find_table(name, head, ROSTER_LOOKUP, ("name",), READONLY_HEADERS)
        annual = find_table(name, head, ANNUAL_LOOKUP, ("name",), READONLY_HEADERS, extra=_is_year)
        is_annual = annual is not None and (("year" in annual.columns and "grade" in annual.columns)
                                            or bool(annual.extra))
        if is_annual and annual is not None and (roster is None or len(roster.columns) <= len(annual.columns)
                                                 + len(annual.extra)):
            data = [r for r in head if r[0] > annual.header_row]
            annual_tables.append((annual, rest, data))
            continue
        if roster is None or len(roster.columns) < 2:
            notes.append(f"工作表“{name}”没有可识别的表头（需要“姓名”及“性别”“出生年月”“身份证号”等列），已跳过")
            continue
        if roster.unknown:
            notes.append(f"工作表“{name}”中以下列不认识，已忽略：{'、'.join(roster.unknown)}")
        if roster.ignored:
            notes.append(f"工作表“{name}”中以下列由程序计算，导入时忽略：{'、'.join(roster.ignored)}")
        cells = _Cells(roster, vocab)
        for number, row in itertools.chain((r for r in head if r[0] > roster.header_row), rest):
            item = _main_item(cells, number, row, source, notes)
            if item is not None:
                main_items.append(item)
            done += 1
            if done % PROGRESS_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(done, max(total, done))
    if not main_items and details and all(kind == "annual_results" for kind, _t, _d in details):
        # A sheet named 年度考核结果 on its own (our own annual template) is an annual-results
        # file, not the detail sheet of a roster: its rows name cadres already on file.
        annual_tables += [(table, [], data) for _kind, table, data in details]
        details = []
    parsed = ParsedSource("roster" if main_items else "annual", source, notes=notes, digest=_digest(path))
    if not main_items and any(n.endswith("是模板中的示例，已跳过") for n in notes):
        raise FileRefused(f"{source} 中只有模板的示例行（张三），没有可导入的数据。请在示例行处填写后再导入")
    if not main_items and not annual_tables:
        if details:
            raise FileRefused(f"{source} 只有明细表（任职、学习经历等），缺少一行一人的干部名册工作表")
        if empty_sheets and not notes:
            raise FileRefused(f"{source} 中的工作表是空的，没有可导入的数据")
        expected = describe_expected(ROSTER)
        raise FileRefused(f"{source} 中没有找到可识别的表头：前{HEADER_SCAN_ROWS}行中应有“姓名”以及 {expected} 等列。"
                          "可以下载导入模板对照填写")
    parsed.items = list(main_items)
    linker = _Linker(main_items)
    for kind, table, data in details:
        _read_detail(kind, table, data, source, vocab, linker, parsed)
    for table, rest, head_data in annual_tables:
        _read_annual(table, head_data + list(rest), source, vocab, linker if main_items else None, parsed)
    return parsed


def _read_detail(kind: str, table: Table, data: list[tuple[int, list[Cell]]], source: str, vocab: Vocabulary,
                 linker: _Linker, parsed: ParsedSource) -> None:
    key_names = {s.key for s in KEY_FIELDS}
    cells = _Cells(table, vocab)
    for number, row in data:
        where = Where(source, table.sheet, number)
        readings: list[str] = []
        values, raw, labels, errors = cells.read(row, where, keep_empty=True, readings=readings)
        if table.is_example(number, raw):
            parsed.notes.append(table.example_note())
            continue
        keys = {k: v for k, v in values.items() if k in key_names}
        record = {k: v for k, v in values.items() if k not in key_names}
        owner = linker.find(keys)
        if owner is None:
            parsed.rejections.append(Rejection(where, labels.get("name", ""), raw.get("name", ""),
                                               "在干部名册工作表中找不到这名干部（请核对姓名、身份证号）"))
            continue
        owner.errors.extend(errors)
        owner.warnings += [f"工作表“{table.sheet}”第{number}行{text}" for text in readings]
        if kind == "annual_results":
            owner.upserts.setdefault(kind, []).append(record)
        else:
            if kind == "posts" and record.get("is_main") is None:
                record["is_main"] = True
            if kind == "studies" and not record.get("mode"):
                record["mode"] = "全日制"
            owner.records.setdefault(kind, []).append(record)
        for k, label in labels.items():
            owner.columns.setdefault(f"{kind}.{k}", label)


def _read_annual(table: Table, data: list[tuple[int, list[Cell]]], source: str, vocab: Vocabulary,
                 linker: _Linker | None, parsed: ParsedSource) -> None:
    key_names = {s.key for s in KEY_FIELDS}
    grouped: dict[tuple[Any, ...], Incoming] = {}
    cells = _Cells(table, vocab)
    for number, row in data:
        where = Where(source, table.sheet, number)
        values, raw, labels, errors = cells.read(row, where, keep_empty=True)
        if table.is_example(number, raw):
            parsed.notes.append(table.example_note())
            continue
        keys = {k: v for k, v in values.items() if k in key_names and v not in (None, "")}
        entries = []
        if "year" in table.columns:
            entries.append({k: v for k, v in values.items() if k in ("year", "grade", "note")})
        for col, header in table.extra.items():
            cell = row[col - 1] if col - 1 < len(row) else Cell(None, "General", col)
            text = cv.clean_text(cell.value)
            if text:
                m = YEAR_HEADER.match(header)
                assert m is not None
                entries.append({"year": int(m[1]), "grade": vocab.normalize("annual_grade", text),
                                "_column": table.column_label(col), "_raw": text})
        if linker is not None:
            owner = linker.find(keys)
            if owner is None:
                parsed.rejections.append(Rejection(where, labels.get("name", ""), raw.get("name", ""),
                                                   "在干部名册工作表中找不到这名干部（请核对姓名、身份证号）"))
                continue
            owner.errors.extend(errors)
            owner.upserts.setdefault("annual_results", []).extend(entries)
            continue
        ident = (keys.get("uid") or "", keys.get("citizen_id") or "", keys.get("name") or "",
                 keys["birth"].month_only() if keys.get("birth") else None)
        item = grouped.get(ident)
        if item is None:
            item = Incoming(where=where, must_exist=True, columns=dict(labels), raw=dict(raw))
            item.fields = {k: v for k, v in keys.items() if k != "uid"}
            item.uid = str(keys.get("uid") or "").lower()
            grouped[ident] = item
            parsed.items.append(item)
        item.errors.extend(errors)
        item.upserts.setdefault("annual_results", []).extend(entries)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
