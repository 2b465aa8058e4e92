"""Files kept with a cadre file. The bytes live inside the encrypted database.

They leave it only through `save_copy`: the copy needs the right to export attachments, is
written atomically, never outside the folder chosen, and leaves an audit entry (traces).
A stored name is not trusted: it was typed or imported elsewhere and can arrive in a
field-laptop package ("../../x.bat", "C:\\x.doc"), so it is only ever offered or used made
safe (file_names.safe_name).
"""

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
from desktop.services import scopes, traces
from desktop.services.cadres.cadre_files import ensure_room
from desktop.services.file_names import safe_name, unique_in
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from desktop.store.atomic import write_atomic

MAX_BYTES = 100 * 1024 * 1024
FALLBACK_NAME = "附件"
EXPORT_KIND = "attachment"
# The action a copy's audit entry is written under (traces.record runs "export.<kind>"). The
# same name is checked before a byte is read, so a role without it is refused before
# anything is written, rather than after (when the written copy would be removed again).
EXPORT_ACTION = f"export.{EXPORT_KIND}"


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    mime: str
    size: int
    note: str
    added_at: str

    @property
    def save_name(self) -> str:
        """The name a copy is offered under: the stored one reduced to a single safe component."""
        return safe_name(self.filename, FALLBACK_NAME)


@dataclass(frozen=True)
class AttachmentContent:
    """An attachment's bytes as the window previews them (in memory, never on disk)."""

    id: int
    filename: str
    mime: str
    data: bytes


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
        scopes.check_cadre(ctx.session, ws.actor, cadre_id)
        ensure_room(ctx.session, Attachment, cadre_id)
        item = Attachment(cadre_id=cadre_id, filename=filename, mime=mime, size=len(data),
                          sha256=hashlib.sha256(data).hexdigest(), content=data, note=note)
        ctx.session.add(item)
        ctx.session.flush()
        return int(item.id)

    return ws.run("cadre.attachment.add", op).value


def cadre_of(session: Session, attachment_id: int) -> int | None:
    """The cadre an attachment belongs to (None when there is no such attachment)."""
    return session.scalar(select(Attachment.cadre_id).where(Attachment.id == attachment_id))


def content(session: Session, attachment_id: int) -> AttachmentContent:
    row = session.execute(select(Attachment.filename, Attachment.mime, Attachment.content)
                          .where(Attachment.id == attachment_id)).first()
    if row is None:
        raise NotFound("附件不存在（可能已被删除）")
    return AttachmentContent(attachment_id, row[0], row[1], row[2])


def save_copy(ws: Workspace, attachment_id: int, target: Path | str) -> Path:
    """Write an attachment out to `target`: the file the user chose, or, when `target` is a
    folder, a file in it under the stored name made safe and not yet taken (never
    overwriting, never outside that folder). Refused without the right to export
    attachments; the copy leaves an audit entry with its SHA-256, or is removed again."""
    target = Path(target)
    with ws.read(EXPORT_ACTION) as s:
        row = s.execute(select(Attachment.filename, Attachment.content, Attachment.cadre_id)
                        .where(Attachment.id == attachment_id)).first()
        scopes.check_cadre(s, ws.actor, row[2] if row is not None else None)
    if row is None:
        raise NotFound("附件不存在（可能已被删除）")
    filename, data, cadre_id = row
    if target.is_dir():
        target = unique_in(target, safe_name(filename, FALLBACK_NAME))
    write_atomic(target, data, 0o600)
    traces.record(ws, EXPORT_KIND, [target], cadre_id=cadre_id,
                  detail={"attachment": filename, "attachment_id": attachment_id})
    return target


def remove(ws: Workspace, attachment_id: int) -> None:
    def op(ctx: OpContext) -> None:
        item = ctx.session.get(Attachment, attachment_id)
        if item is None:
            raise NotFound("附件不存在（可能已被删除）")
        scopes.check_cadre(ctx.session, ws.actor, item.cadre_id)
        ctx.session.delete(item)

    ws.run("cadre.attachment.remove", op)
