"""Exporting cadre files as LRMX (任免审批表 of the national editor): one file, a folder or a zip.

Files are written atomically; a zip is built in memory-bounded steps and renamed into place
only when complete, so a cancelled or failed export leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, NotFound
from desktop.interchange import lrmx_format
from desktop.interchange.errors import Cancelled
from desktop.interchange.lrmx_map import form_of
from desktop.models import Cadre
from desktop.services import scopes, traces
from desktop.services.admin import settings
from desktop.services.cadres.cadre_files import RECORD_KINDS
from desktop.services.workspace import Workspace
from desktop.store import scratch
from desktop.store.atomic import atomic_writer, write_atomic

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
# 呈报单位 of forms whose cadre file names none: this setting, else the reports' issuing department.
REPORTING_UNIT_KEY = "lrmx.reporting_unit"
CHUNK = 200
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _cadres(session: Session, ids: Sequence[int]) -> list[Cadre]:
    stmt = select(Cadre).where(Cadre.id.in_(ids)).options(
        *(selectinload(getattr(Cadre, kind)) for kind in RECORD_KINDS), selectinload(Cadre.photo))
    found = {c.id: c for c in session.scalars(stmt)}
    return [found[i] for i in ids if i in found]


def file_name(cadre: Cadre, taken: set[str]) -> str:
    base = _UNSAFE.sub("_", cadre.name or "未命名") or "未命名"
    name = f"{base}.lrmx"
    n = 2
    while name in taken:
        name = f"{base}_{n}.lrmx"
        n += 1
    taken.add(name)
    return name


def folder_names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """cadre id → file name in a folder export: the name, then the birth month for namesakes,
    then a number; the same for every export of the same cadres."""
    rows = session.execute(select(Cadre.id, Cadre.name, Cadre.birth).where(Cadre.id.in_(ids))).all()
    bases = {cid: _UNSAFE.sub("_", name or "未命名") or "未命名" for cid, name, _birth in rows}
    counts = Counter(bases.values())
    out: dict[int, str] = {}
    taken: set[str] = set()
    for cid, _name, birth in sorted(rows, key=lambda r: r[0]):
        base = bases[cid]
        if counts[base] > 1 and birth is not None:
            base = f"{base}_{birth.storage()[:6]}"
        name, n = f"{base}.lrmx", 2
        while name in taken:
            name, n = f"{base}_{n}.lrmx", n + 1
        taken.add(name)
        out[cid] = name
    return out


def export(ws: Workspace, ids: Sequence[int], out: Path | str, *, progress: Progress | None = None,
           cancelled: Check | None = None, today: dt.date | None = None) -> list[Path]:
    """Write the forms of `ids`: one .lrmx file, a .zip of them, or files in a folder."""
    out = Path(out)
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise FrontlineError("没有选择要导出的干部")
    filled_by = ws.actor.display_name or ws.actor.username
    with ws.read(traces.action("lrmx")) as s:  # refused before a byte is written
        unit = str(settings.get(s, REPORTING_UNIT_KEY, "") or settings.get(s, settings.REPORT_ISSUER, "") or "")
        visible = scopes.visible_cadres(s, ws.actor, ids)
        for cadre_id in ids:  # a form outside the account's scope is refused before a byte is written
            if cadre_id not in visible:
                scopes.check_cadre(s, ws.actor, cadre_id)
        if len(ids) == 1 and out.suffix.lower() == ".lrmx":
            found = _cadres(s, ids)
            if not found:
                raise NotFound(f"干部档案 {ids[0]} 不存在")
            write_atomic(out, lrmx_format.write(form_of(found[0], reporting_unit=unit, filled_by=filled_by,
                                                        today=today)), mode=0o600)
            traces.record(ws, "lrmx", [out], records=1, cadre_id=ids[0])
            return [out]
        if out.suffix.lower() == ".lrmx":
            raise FrontlineError("导出多名干部时，--out 应为 .zip 文件或文件夹")
        taken: set[str] = set()
        written: list[Path] = []
        if out.suffix.lower() == ".zip":
            with atomic_writer(out) as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as archive:
                for _done, cadre in _each(s, ids, progress, cancelled):
                    data = lrmx_format.write(form_of(cadre, reporting_unit=unit, filled_by=filled_by, today=today))
                    archive.writestr(file_name(cadre, taken), data)
            traces.record(ws, "lrmx", [out], records=len(ids))
            return [out]
        created = not out.exists()
        out.mkdir(parents=True, exist_ok=True)
        # A cadre's form keeps its name from one export to the next, so exporting to the same
        # folder again replaces the forms rather than doubling them.
        names = folder_names(s, ids)
        noted = scratch.note_files([out / n for n in names.values()])
        try:
            for _done, cadre in _each(s, ids, progress, cancelled):
                target = out / names[cadre.id]
                write_atomic(target, lrmx_format.write(form_of(cadre, reporting_unit=unit, filled_by=filled_by,
                                                               today=today)))
                written.append(target)
        except BaseException:
            scratch.forget(noted)
            # A full disk or a cancel leaves no half of a folder behind: the forms are all or none.
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            if created:
                with contextlib.suppress(OSError):
                    out.rmdir()
            raise
    try:
        traces.record(ws, "lrmx", written, records=len(written))
    finally:
        scratch.forget(noted)
    return written


def _each(session: Session, ids: Sequence[int], progress: Progress | None,
          cancelled: Check | None) -> Iterator[tuple[int, Cadre]]:
    done = 0
    for start in range(0, len(ids), CHUNK):
        if cancelled is not None and cancelled():
            raise Cancelled("已取消导出")
        for cadre in _cadres(session, ids[start:start + CHUNK]):
            done += 1
            yield done, cadre
        if progress is not None:
            progress(min(len(ids), start + CHUNK), len(ids))


def all_ids(ws: Workspace) -> list[int]:
    with ws.read("cadre.read") as s:
        return list(s.scalars(select(Cadre.id).order_by(Cadre.name_pinyin, Cadre.id)))
