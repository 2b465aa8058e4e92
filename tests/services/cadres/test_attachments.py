"""An attachment leaves the database only through attachments.save_copy: with the right to
export it, into the folder chosen (whatever name it arrived under), and with an audit entry."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from desktop.errors import NotFound, PermissionDenied
from desktop.models import Attachment, AuditEntry
from desktop.models.accounts import ROLE_ADMIN
from desktop.services import permissions
from desktop.services.cadres import attachments, queries
from desktop.services.workspace import Workspace
from desktop.store.atomic import write_atomic
from desktop.store.sql_errors import NUL_IN_TEXT, refusal_for

# Names as they could arrive in a field-laptop package, and what a copy is offered under.
HOSTILE = [
    ("../../evil.txt", "evil.txt"),
    ("/etc/passwd", "passwd"),
    ("..\\..\\x.doc", "x.doc"),
    ("C:\\x.doc", "x.doc"),
    ("C:x.doc", "C_x.doc"),
    ("a\x00b\x07c\n.txt", "a_b_c_.txt"),
    ("..", "附件"),
    ("", "附件"),
    ("CON.txt", "_CON.txt"),
]


def _exports(ws: Workspace) -> list[AuditEntry]:
    with ws.read("test.inspect") as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "export").order_by(AuditEntry.id)))


def _everything_under(folder: Path) -> set[Path]:
    """Every file and folder below `folder` but the test's database (its -wal, .keys …) and the
    program's own folders (FRONTLINE_HOME: logs, this PC's audit anchor)."""
    return {p for p in folder.rglob("*")
            if not p.name.startswith("demo.db") and p.relative_to(folder).parts[0] != "home"}


@pytest.mark.parametrize("stored, offered", HOSTILE)
def test_a_stored_name_never_leads_out_of_the_chosen_folder(demo_ws: Workspace, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, stored: str, offered: str):
    # Should the service ever follow such a name, the test fails rather than write /etc/passwd.
    def guarded(path: Path | str, data: bytes, mode: int = 0o600) -> None:
        assert Path(path).resolve().is_relative_to(tmp_path.resolve()), f"wrote outside: {path}"
        write_atomic(path, data, mode)

    monkeypatch.setattr(attachments, "write_atomic", guarded)
    if demo_ws.db.is_server and "\x00" in stored:
        # PostgreSQL text cannot hold NUL: the server refuses the name plainly and adds nothing.
        before = queries.attachment_rows(demo_ws, 4)
        with pytest.raises(DBAPIError) as refused:
            attachments.add_bytes(demo_ws, 4, stored, b"scan of a certificate")
        assert str(refusal_for(refused.value)) == NUL_IN_TEXT
        assert queries.attachment_rows(demo_ws, 4) == before
        return
    attachment = attachments.add_bytes(demo_ws, 4, stored, b"scan of a certificate")
    (info,) = queries.attachment_rows(demo_ws, 4)
    assert info.filename == stored  # shown as it was stored
    assert info.save_name == offered

    chosen = tmp_path / "a" / "b" / "chosen"  # room for ../../ to land inside tmp_path, were it followed
    chosen.mkdir(parents=True)
    before = _everything_under(tmp_path)
    # The window: the save dialog offers the safe name in the chosen folder.
    written = attachments.save_copy(demo_ws, attachment, chosen / info.save_name)
    # A caller handing over the folder: the stored name made safe, beside what is there.
    beside = attachments.save_copy(demo_ws, attachment, chosen)
    assert written == chosen / offered
    assert beside.parent == chosen and beside.name != offered  # never overwrites the first copy
    assert _everything_under(tmp_path) - before == {written, beside}
    assert written.read_bytes() == beside.read_bytes() == b"scan of a certificate"


def test_a_copy_into_a_folder_takes_the_next_free_name(demo_ws: Workspace, tmp_path: Path):
    attachment = attachments.add_bytes(demo_ws, 4, "../../考察材料.pdf", b"%PDF-1.4")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "考察材料.pdf").write_bytes(b"the clerk's own file")
    first = attachments.save_copy(demo_ws, attachment, folder)
    second = attachments.save_copy(demo_ws, attachment, folder)
    assert (first.name, second.name) == ("考察材料 (2).pdf", "考察材料 (3).pdf")
    assert (folder / "考察材料.pdf").read_bytes() == b"the clerk's own file"


def test_each_copy_leaves_an_audit_entry_with_its_digest(demo_ws: Workspace, tmp_path: Path):
    attachment = attachments.add_bytes(demo_ws, 4, "../述职报告.docx", b"report body")
    target = attachments.save_copy(demo_ws, attachment, tmp_path / "述职报告.docx")
    entry = _exports(demo_ws)[-1]
    assert (entry.action, entry.actor, entry.cadre_id) == ("export.attachment", "admin", 4)
    assert entry.after["files"] == [{"file": str(target), "sha256": hashlib.sha256(b"report body").hexdigest()}]
    assert entry.after["attachment"] == "../述职报告.docx" and entry.after["attachment_id"] == attachment
    # The file's change history (变更记录) says where the copy went, in words.
    latest = queries.history_rows(demo_ws, 4)[0]
    assert (latest.action, latest.what, latest.detail) == ("附件另存", "导出", f"写出：{target}")


def test_without_the_export_right_nothing_is_read_or_written(demo_ws: Workspace, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    attachment = attachments.add_bytes(demo_ws, 4, "证明.pdf", b"%PDF-1.4 proof")
    exports = len(_exports(demo_ws))
    monkeypatch.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), "export.attachment": frozenset()})
    with pytest.raises(PermissionDenied, match=r"export\.attachment"):
        attachments.save_copy(demo_ws, attachment, tmp_path / "证明.pdf")
    with pytest.raises(PermissionDenied):
        attachments.save_copy(demo_ws, attachment, tmp_path)
    assert _everything_under(tmp_path) == set()
    assert len(_exports(demo_ws)) == exports
    # Seeing it in the window (in memory) is reading the file, not exporting it.
    assert queries.attachment_content(demo_ws, attachment).data == b"%PDF-1.4 proof"


def test_a_removed_attachment_is_said_so_and_nothing_is_written(demo_ws: Workspace, tmp_path: Path):
    attachment = attachments.add_bytes(demo_ws, 4, "a.txt", b"a")
    attachments.remove(demo_ws, attachment)
    with pytest.raises(NotFound, match="附件不存在"):
        attachments.save_copy(demo_ws, attachment, tmp_path / "a.txt")
    with pytest.raises(NotFound, match="附件不存在"):
        queries.attachment_content(demo_ws, attachment)
    assert _everything_under(tmp_path) == set()
    with demo_ws.read("test.inspect") as s:
        assert s.get(Attachment, attachment) is None
