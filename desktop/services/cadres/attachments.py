"""Files kept with a cadre file. The bytes live inside the encrypted database."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import safe_read
from desktop.errors import FrontlineError, NotFound
from desktop.models import Attachment, Cadre
from desktop.services import traces
from desktop.services.cadres.cadre_files import ensure_room
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from desktop.store.atomic import write_atomic

MAX_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    mime: str
    size: int
    note: str
    added_at: str


def listing(session: Session, cadre_id: int) -> list[AttachmentInfo]:
    rows = session.execute(select(Attachment.id, Attachment.filename, Attachment.mime, Attachment.size,
                                  Attachment.note, Attachment.added_at)
                           .where(Attachment.cadre_id == cadre_id).order_by(Attachment.id))
    return [AttachmentInfo(i, f, m, s, n, a.astimezone().strftime("%Y-%m-%d %H:%M")) for i, f, m, s, n, a in rows]


def add_file(ws: Workspace, cadre_id: int, path: Path | str, note: str = "") -> int:
    path = Path(path)
    if safe_read.check_regular(path).st_size > MAX_BYTES:
        raise FrontlineError(f"{path.name} 超过 100 MB，不能作为附件保存")
    return add_bytes(ws, cadre_id, path.name, safe_read.read_limited(path, MAX_BYTES), note)


def add_bytes(ws: Workspace, cadre_id: int, filename: str, data: bytes, note: str = "") -> int:
    mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"

    def op(ctx: OpContext) -> int:
        if ctx.session.get(Cadre, cadre_id) is None:
            raise NotFound("干部档案不存在（可能已被删除）")
        ensure_room(ctx.session, Attachment, cadre_id)
        item = Attachment(cadre_id=cadre_id, filename=filename, mime=mime, size=len(data),
                          sha256=hashlib.sha256(data).hexdigest(), content=data, note=note)
        ctx.session.add(item)
        ctx.session.flush()
        return int(item.id)

    return ws.run("cadre.attachment.add", op).value


def content(session: Session, attachment_id: int) -> tuple[str, bytes]:
    row = session.execute(select(Attachment.filename, Attachment.content).where(Attachment.id == attachment_id)).first()
    if row is None:
        raise NotFound("附件不存在（可能已被删除）")
    return row[0], row[1]


def save_copy(ws: Workspace, attachment_id: int, target: Path | str) -> Path:
    """Write an attachment out to a file the user chose; the copy leaves a trace."""
    target = Path(target)
    with ws.read("cadre.read") as s:
        row = s.execute(select(Attachment.filename, Attachment.content, Attachment.cadre_id)
                        .where(Attachment.id == attachment_id)).first()
    if row is None:
        raise NotFound("附件不存在（可能已被删除）")
    write_atomic(target, row[1], 0o600)
    traces.record(ws, "attachment", [target], cadre_id=row[2], detail={"attachment": row[0]})
    return target


def remove(ws: Workspace, attachment_id: int) -> None:
    def op(ctx: OpContext) -> None:
        item = ctx.session.get(Attachment, attachment_id)
        if item is None:
            raise NotFound("附件不存在（可能已被删除）")
        ctx.session.delete(item)

    ws.run("cadre.attachment.remove", op)
