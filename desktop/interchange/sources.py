"""Which reader a path needs, decided from content rather than the file name.

An xlsx and a zip of LRMX files are both zip archives; an LRMX is XML with a <Person>
root; a legacy .lrm is GBK text of quoted fields. A folder is read file by file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from desktop import safe_read
from desktop.errors import os_reason
from desktop.interchange import safety
from desktop.interchange.assessment_xlsx import AssessmentSource
from desktop.interchange.errors import FileRefused
from desktop.interchange.incoming import ParsedSource
from desktop.interchange.vocab import Vocabulary

Progress = Callable[[int, int], None]
Check = Callable[[], bool]


def sniff(path: Path) -> str:
    """"xlsx", "zip", "lrmx", "lrm", "xls", "dir" or "unknown"."""
    if path.is_dir():
        return "dir"
    # A named pipe or a device is refused before it is opened: reading one would hang.
    safe_read.check_regular(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise FileRefused(f"无法读取 {path.name}：{os_reason(exc)}") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except safety.ZIP_OR_OS_ERRORS:
            # Damaged: let the reader for the name's kind say so in its words.
            return "xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else "zip"
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<") or b"<Person" in head:
        return "lrmx"
    if head.startswith(b'"'):
        return "lrm"
    return "unknown"


def read_any(path: Path, vocab: Vocabulary, *, progress: Progress | None = None,
             cancelled: Check | None = None, known_schools: Iterable[str] = ()) -> ParsedSource | AssessmentSource:
    if not path.exists() and not path.is_symlink():
        raise FileRefused(f"找不到 {path}")
    kind = sniff(path)
    if kind == "xlsx":
        from desktop.interchange import assessment_xlsx
        from desktop.interchange.roster_xlsx import read_workbook
        from desktop.interchange.xlsx_table import close_workbook, open_workbook

        # Opened once for both looks.
        wb = open_workbook(path)
        try:
            found = assessment_xlsx.detect(path, wb)
            if found is None:
                return read_workbook(path, vocab, progress=progress, cancelled=cancelled, opened=wb)
        finally:
            close_workbook(wb)
        return assessment_xlsx.read(path, found, vocab, progress=progress, cancelled=cancelled)
    if kind == "xls":
        from desktop.interchange.roster_xlsx import read_workbook

        return read_workbook(path, vocab, progress=progress, cancelled=cancelled)
    if kind in ("lrmx", "lrm", "zip", "dir"):
        from desktop.interchange.lrmx_sources import read_forms

        return read_forms(path, kind, vocab, progress=progress, cancelled=cancelled, known_schools=known_schools)
    safety.check_size(path)
    raise FileRefused(f"无法识别 {path.name} 的格式：可以导入 Excel 工作簿（.xlsx）、任免审批表（.lrmx、.lrm）"
                      "以及装有任免审批表的文件夹或 zip 压缩包")
