"""任免审批表 files from a single .lrmx, a legacy .lrm (+ .pic), a folder or a zip archive.

A file that cannot be read becomes a rejection of that file, so one damaged form in a
folder of a hundred is named in the preview rather than hiding the other ninety-nine.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from desktop import safe_read
from desktop.interchange import lrm_legacy, lrmx_format, safety
from desktop.interchange.errors import Cancelled, FileRefused
from desktop.interchange.incoming import ParsedSource, Rejection, Where
from desktop.interchange.lrmx_map import incoming_of
from desktop.interchange.vocab import Vocabulary

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
FORM_SUFFIXES = (".lrmx", ".lrm")
MAX_FORMS = 20000


def _zip_name(info: zipfile.ZipInfo) -> str:
    # Archives made on Chinese Windows store names in GBK without saying so.
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _from_folder(folder: Path) -> Iterator[tuple[str, bytes | None, bytes | None, str]]:
    """(name, form bytes, photo bytes, error) for every form under `folder`."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in FORM_SUFFIXES)
    for p in files[: MAX_FORMS + 1]:
        name = str(p.relative_to(folder.parent))
        try:
            safety.check_size(p, safety.MAX_XML_BYTES)
            data = safe_read.read_limited(p, safety.MAX_XML_BYTES)
            photo = _pic_of(p) if p.suffix.lower() == ".lrm" else None
            yield name, data, photo, ""
        except FileRefused as exc:
            yield name, None, None, str(exc)


def _pic_of(form: Path) -> bytes | None:
    """The legacy form's photo beside it (x.pic), if it is a regular file of sane size."""
    pic = next((q for q in (form.with_suffix(".pic"), form.with_suffix(".PIC")) if q.is_file()), None)
    if pic is None:
        return None
    try:
        return safe_read.read_limited(pic, safety.MAX_PHOTO_BYTES)
    except FileRefused:
        return None  # an unreadable photo leaves the form without one, as a missing one does


def _from_zip(path: Path) -> Iterator[tuple[str, bytes | None, bytes | None, str]]:
    archive = safety.open_zip(path)
    with archive:
        infos = {_zip_name(i): i for i in archive.infolist() if not i.is_dir()}
        pics = {n.rsplit(".", 1)[0].lower(): i for n, i in infos.items() if n.lower().endswith(".pic")}
        for name in sorted(n for n in infos if n.lower().endswith(FORM_SUFFIXES))[: MAX_FORMS + 1]:
            label = f"{path.name}/{name}"
            try:
                data = safety.read_member(archive, infos[name], path.name, safety.MAX_XML_BYTES)
                photo = None
                if name.lower().endswith(".lrm") and name.rsplit(".", 1)[0].lower() in pics:
                    photo = safety.read_member(archive, pics[name.rsplit(".", 1)[0].lower()], path.name,
                                               safety.MAX_PHOTO_BYTES)
                yield label, data, photo, ""
            except FileRefused as exc:
                yield label, None, None, str(exc)


def read_forms(path: Path, kind: str, vocab: Vocabulary, *, progress: Progress | None = None,
               cancelled: Check | None = None, known_schools: Iterable[str] = ()) -> ParsedSource:
    known = list(known_schools)
    parsed = ParsedSource("lrmx", path.name)
    digest = hashlib.sha256()
    if kind == "dir":
        entries: Iterable[tuple[str, bytes | None, bytes | None, str]] = _from_folder(path)
    elif kind == "zip":
        entries = _from_zip(path)
    else:
        safety.check_size(path, safety.MAX_XML_BYTES)
        photo = _pic_of(path) if kind == "lrm" else None
        entries = [(path.name, safe_read.read_limited(path, safety.MAX_XML_BYTES), photo, "")]
    count = 0
    for name, data, photo, error in entries:
        count += 1
        if count > MAX_FORMS:
            raise FileRefused(f"{path.name} 中的任免审批表超过 {MAX_FORMS} 份，请分批导入")
        if cancelled is not None and cancelled():
            raise Cancelled()
        where = Where(name)
        if error or data is None:
            parsed.rejections.append(Rejection(where, "", "", error or "无法读取"))
            continue
        digest.update(hashlib.sha256(data).digest())
        try:
            if name.lower().endswith(".lrm") or (kind == "lrm"):
                form = lrm_legacy.read(data, photo, name)
            else:
                form = lrmx_format.read(data, name)
        except FileRefused as exc:
            parsed.rejections.append(Rejection(where, "", "", str(exc)))
            continue
        parsed.items.append(incoming_of(form, where, vocab, known))
        if progress is not None and count % 20 == 0:
            progress(count, 0)
    if count == 0:
        raise FileRefused(f"{path.name} 中没有找到任免审批表文件（.lrmx 或 .lrm）")
    parsed.digest = digest.hexdigest()
    return parsed
