"""Limits that keep a hostile or broken file from exhausting memory or time.

A zip (xlsx files are zips too) is checked from its directory before anything is
decompressed: damaged or truncated archives, absurd sizes and compression ratios (zip
bombs) are refused with a message a clerk can act on.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from desktop.interchange.errors import FileRefused

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


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRefused(f"无法读取 {path.name}：{exc.strerror or exc}") from None
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
    except zipfile.BadZipFile:
        raise FileRefused(f"{path.name} 已损坏或不完整（压缩包目录无法读取），请重新复制或下载该文件") from None
    except OSError as exc:
        raise FileRefused(f"无法读取 {path.name}：{exc.strerror or exc}") from None
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
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise FileRefused(f"{source} 中的 {info.filename} 已损坏（{exc}），请重新复制该压缩包") from None
    if len(data) > limit:
        raise FileRefused(f"{source} 中的 {info.filename} 过大")
    return data


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def count_sheet_rows(archive: zipfile.ZipFile, member: str, stop_after: int) -> int:
    """Rows written in a worksheet part, counted on the raw XML (a second a million rows):
    a sheet that does not declare its size is refused before openpyxl builds its cells."""
    count = 0
    tail = b""
    with archive.open(member) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            # A tag may straddle two chunks: count only tags that start before the last
            # bytes, and look at those bytes again with the next chunk.
            boundary = max(0, len(data) - 32)
            count += sum(1 for m in _ROW_TAG.finditer(data) if m.start() < boundary)
            tail = data[boundary:]
            if count > stop_after:
                return count
    return count + len(_ROW_TAG.findall(tail))
