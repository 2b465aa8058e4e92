"""Limits that keep a hostile or broken file from exhausting memory or time.

A zip (xlsx files are zips too) is checked from its directory before anything is
decompressed: damaged or truncated archives, absurd sizes and compression ratios (zip
bombs) are refused with a message a clerk can act on. The XML parts of a workbook are
scanned before openpyxl parses them: a DTD (the vehicle of entity expansion and external
entities; no spreadsheet program writes one) or an unusual declared encoding refuses the
file. Named pipes and devices are refused before they are opened (see desktop/safe_read.py).
"""

from __future__ import annotations

import contextlib
import logging
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from desktop import safe_read
from desktop.errors import FrontlineError, os_reason
from desktop.interchange.errors import FileRefused

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 512 * 2**20  # a file larger than this is not a roster or a form
MAX_UNPACKED_BYTES = 2 * 2**30  # all members of an archive together, decompressed
MAX_MEMBER_BYTES = 1 * 2**30
MAX_RATIO = 200  # real xlsx compress 5-20x; bombs compress thousands of times
MAX_MEMBERS = 20000
# Rows a sheet may have. A roster of a whole province is well below; a million-row sheet
# is a mistake (a column filled to the bottom) or an attack, and reading it would take
# minutes. 200,000 leaves room for the export of a 100,000-cadre database coming back.
MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 500
MAX_XML_BYTES = 20 * 2**20  # one LRMX form, photo included
MAX_PHOTO_BYTES = 10 * 2**20
# What zipfile raises on a damaged archive besides BadZipFile: a truncated stream (EOFError),
# bad deflate data (zlib.error), an unsupported method such as Deflate64 (NotImplementedError),
# a name that is not the UTF-8 it claims (UnicodeDecodeError, a ValueError) and bad headers.
ZIP_ERRORS: tuple[type[Exception], ...] = (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError,
                                           ValueError, struct.error, OverflowError)
# The same, with the errors of reading the file itself: what `except` names when a damaged
# archive and an unreadable disk mean the same refusal.
ZIP_OR_OS_ERRORS: tuple[type[Exception], ...] = (*ZIP_ERRORS, OSError)


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> int:
    """The size of a regular file within `limit`; pipes, devices and empty files are refused."""
    size = safe_read.check_regular(path).st_size
    if size > limit:
        raise FileRefused(f"{path.name} 过大（{size / 2**20:.0f} MB），超过 {limit / 2**20:.0f} MB 的上限")
    if size == 0:
        raise FileRefused(f"{path.name} 是空文件")
    return size


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open an archive whose directory looks sane; refuse truncated and bomb archives."""
    check_size(path)
    try:
        archive = zipfile.ZipFile(path)
    except OSError as exc:
        raise FileRefused(f"无法读取 {path.name}：{os_reason(exc)}") from None
    except ZIP_ERRORS:
        raise FileRefused(f"{path.name} 已损坏或不完整（压缩包目录无法读取），请重新复制或下载该文件") from None
    try:
        check_members(path.name, archive)
    except BaseException:
        archive.close()
        raise
    return archive


def check_members(name: str, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise FileRefused(f"{name} 中的文件过多（{len(infos)} 个）")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileRefused(f"{name} 有密码保护，请先在原程序中取消密码后再导入")
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_UNPACKED_BYTES:
            raise FileRefused(f"{name} 解压后过大，可能是恶意构造的压缩包，已拒绝")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 2**20:
            raise FileRefused(f"{name} 的压缩比异常（{info.filename}），可能是恶意构造的压缩包，已拒绝")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, limit: int) -> bytes:
    """One member's bytes, refusing damaged data and anything over `limit`."""
    if info.file_size > limit:
        raise FileRefused(f"{source} 中的 {info.filename} 过大（{info.file_size / 2**20:.1f} MB）")
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)
    except ZIP_OR_OS_ERRORS:
        raise FileRefused(f"{source} 中的 {info.filename} 已损坏，请重新复制该压缩包") from None
    if len(data) > limit:
        raise FileRefused(f"{source} 中的 {info.filename} 过大")
    return data


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
# A DTD is how entity bombs and external entities get in; spreadsheets never carry one. The
# UTF-16 spellings matter because the XML parsers accept parts written in UTF-16.
_DTD_MARKS = tuple(mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY")
                   for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']", re.I)
_XML_ENCODINGS = frozenset({"utf-8", "utf8", "utf-16", "utf16"})
# Parts that are not XML (pictures, printer settings, macros): never given to an XML parser.
_BINARY_PARTS = (".png", ".jpg", ".jpeg", ".jfif", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin")
_OVERLAP = 32  # longer than every pattern above, so a tag cut by a chunk boundary is still seen


def _scan_part(archive: zipfile.ZipFile, member: str, source: str, stop_after: int | None) -> int:
    """Rows of a worksheet part (when `stop_after` is given) counted on the raw XML, refusing
    a DTD or an encoding no spreadsheet program writes. A second a million rows."""
    count = 0
    tail = b""
    first = True
    with archive.open(member) as fh:
        while chunk := fh.read(1 << 20):
            if first:
                m = _DECLARED.match(chunk[:400])
                if m and m[1].decode("ascii", "replace").strip().lower() not in _XML_ENCODINGS:
                    raise FileRefused(f"{source} 中的 {member} 使用了不支持的文字编码，"
                                      "不像是 Excel 或 WPS 保存的工作簿，已拒绝")
                first = False
            data = tail + chunk
            if any(mark in data for mark in _DTD_MARKS):
                raise FileRefused(f"{source} 中的 {member} 含有 DTD 或实体声明，Excel 工作簿不会有这些内容，"
                                  "可能是恶意构造的文件，已拒绝")
            # A tag may straddle two chunks: count only tags that start before the last
            # bytes, and look at those bytes again with the next chunk.
            boundary = max(0, len(data) - _OVERLAP)
            if stop_after is not None:
                count += sum(1 for m in _ROW_TAG.finditer(data) if m.start() < boundary)
                if count > stop_after:
                    return count
            tail = data[boundary:]
    return count + (len(_ROW_TAG.findall(tail)) if stop_after is not None else 0)


def count_sheet_rows(archive: zipfile.ZipFile, member: str, stop_after: int) -> int:
    """Rows written in a worksheet part: a sheet that does not declare its size is refused
    before openpyxl builds its cells."""
    return _scan_part(archive, member, member, stop_after)


def scan_workbook(archive: zipfile.ZipFile, source: str) -> None:
    """Every XML part of a workbook checked before openpyxl sees it (see the module docstring);
    worksheets over MAX_SHEET_ROWS rows are refused."""
    for info in archive.infolist():
        name = info.filename
        if info.is_dir() or name.lower().endswith(_BINARY_PARTS):
            continue
        is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
        rows = _scan_part(archive, name, source, MAX_SHEET_ROWS if is_sheet else None)
        if rows > MAX_SHEET_ROWS:
            raise FileRefused(f"{source} 中有工作表超过 {MAX_SHEET_ROWS} 行的上限。"
                              "如果其中大部分是空行，请删除多余的行后再导入")


# Modules whose exceptions, raised while they read a user's file, mean the file is bad.
_PARSERS = ("openpyxl", "lxml", "xml", "defusedxml", "et_xmlfile", "zipfile", "PIL")


def raised_in_parser(exc: BaseException) -> bool:
    """Whether `exc` came out of a file-format library (its innermost frame is one)."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame
        tb = tb.tb_next
    module = (last.f_globals.get("__name__", "") if last is not None else "") or ""
    return module.split(".")[0] in _PARSERS


@contextlib.contextmanager
def parser_errors(source: str, what: str) -> Iterator[None]:
    """Turn an exception a third-party parser raises on a malformed file into a refusal.

    openpyxl raises whatever its XML layer or its own classes raise on a part that is not
    what it expects (KeyError, TypeError, lxml's XMLSyntaxError, ParseError …); listing
    them all would miss the next one. An exception raised by our own code still passes
    through: it is a bug, and the crash report must show it.
    """
    try:
        yield
    except FrontlineError:
        raise
    except (MemoryError, RecursionError):
        raise FileRefused(f"{source} 的结构异常，无法作为{what}读取") from None
    except Exception as exc:
        if not raised_in_parser(exc):
            raise
        log.warning("%s refused as %s: %s", source, what, exc, exc_info=sys.flags.dev_mode == 1)
        raise FileRefused(f"{source} 已损坏，无法作为{what}读取") from None
