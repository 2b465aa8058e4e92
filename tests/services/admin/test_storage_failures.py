"""Failures of the disk in the middle of a write, simulated where a real full disk cannot be
timed precisely (tests/cli/test_storage_refusals.py fills a real one)."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.errors import StorageError, WrongPassword
from desktop.interchange import xlsx_text
from desktop.services.admin import accounts
from desktop.services.workspace import Workspace
from desktop.store.keyslots import slots_path
from desktop.store.sql_errors import refusal_for
from tests.conftest import PASSWORD


def test_a_password_change_whose_commit_fails_leaves_the_old_password(empty_db: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    keys = slots_path(empty_db).read_bytes()
    real_run = ws.run

    def run_then_fail(action, op):  # the slot file is written, then the commit finds the disk full
        def failing(ctx):
            op(ctx)
            raise StorageError("磁盘空间不足，本次操作没有完成，数据没有改动。请清理磁盘后重试")
        return real_run(action, failing)

    monkeypatch.setattr(ws, "run", run_then_fail)
    with pytest.raises(StorageError, match="磁盘空间不足"):
        accounts.change_password(ws, "admin", "A-new-password-1")
    ws.close()
    assert slots_path(empty_db).read_bytes() == keys
    Workspace.open(empty_db, "admin", PASSWORD).close()
    with pytest.raises(WrongPassword):
        Workspace.open(empty_db, "admin", "A-new-password-1")


class FullDisk(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", "/media/usb/x.xlsx")


def test_a_workbook_that_cannot_be_written_fails_cleanly(recwarn: pytest.WarningsRecorder):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("表")
    for i in range(2000):
        ws.append(xlsx_text.row(ws, [f"=A{i}", i, "-1"]))
    with pytest.raises(OSError) as failed:
        xlsx_text.save(wb, FullDisk())
    refusal = refusal_for(failed.value)
    assert isinstance(refusal, StorageError) and "磁盘空间不足" in str(refusal) and "/media/usb/x.xlsx" in str(refusal)
    import gc

    gc.collect()  # a half-open zip writer would complain here ("Exception ignored"), failing the test


def test_os_errors_of_the_environment_are_refusals_and_others_are_bugs():
    assert "只读" in str(refusal_for(OSError(errno.EROFS, "Read-only file system", "/mnt/cd/a.pdf")))
    assert "权限" in str(refusal_for(PermissionError(errno.EACCES, "Permission denied", "/root/a.pdf")))
    assert refusal_for(OSError(errno.EBADF, "Bad file descriptor")) is None
    assert refusal_for(FileNotFoundError(errno.ENOENT, "No such file", "x")) is None
