"""account-add on a full disk: one Chinese line, and the key file's slots exactly as they
were (no slot for an account that does not exist). Its login record may have changed: the
login before the refused change counts in it (store/login_guard.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from desktop.store.keyslots import KeySlots, slots_path
from tests.cli.test_cli import frontline
from tests.ui.admin.backup_helpers import mounted


def _slots(db: Path) -> list[object]:
    return json.loads(slots_path(db).read_text())["slots"]


def test_a_full_disk_leaves_no_orphan_slot_and_no_traceback(empty_db: Path, tmp_path: Path):
    size = empty_db.stat().st_size
    with mounted(tmp_path / "stick", size=f"{size // 1024 + 256}k") as stick:
        db = stick / "f.db"
        db.write_bytes(empty_db.read_bytes())
        slots_path(db).write_bytes(slots_path(empty_db).read_bytes())
        filler = stick / "filler"
        with open(filler, "wb") as fh:  # leave a few pages: enough to open, not to grow much
            free = os.statvfs(stick).f_bavail * os.statvfs(stick).f_frsize
            fh.write(b"\0" * max(0, free - 48 * 1024))
        env = {"FRONTLINE_NEW_PASSWORD": "clerk-password-1"}
        for n in range(40):
            before = _slots(db)
            result = frontline("account-add", "--db", str(db), "--name", f"clerk{n}", env=env)
            if result.returncode != 0:
                break
        else:
            raise AssertionError("the disk never filled: the test proves nothing")
        assert result.returncode == 1, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert "ERROR" not in result.stderr
        assert _slots(db) == before
        assert not KeySlots.load(db).has_user(f"clerk{n}")
        assert not [p.name for p in stick.iterdir() if p.name.startswith(".")]
