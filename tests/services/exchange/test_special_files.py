"""Files a clerk attaches (attachments, a ledger entry's evidence) may be a named pipe or a
device picked by mistake or planted: refused before they are opened, never a hang."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import FileRefused
from desktop.models import Campaign
from desktop.services.cadres import attachments
from desktop.services.campaigns import campaigns
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.workspace import Workspace
from tests.conftest import data_digest


@pytest.fixture
def specials(tmp_path: Path) -> list[Path]:
    fifo = tmp_path / "扫描件.pdf"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.pdf"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "文件夹.pdf"
    folder.mkdir()
    return [fifo, zero, folder]


@pytest.mark.timeout(30)
def test_attachments_and_evidence_that_are_not_regular_files_are_refused(demo_ws: Workspace, specials: list[Path]):
    with demo_ws.read("test.inspect") as s:
        campaign = next(c for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
        cadre_id = sorted(campaigns.assessed_ids(s, campaign.id))[0]
    before = data_digest(demo_ws)
    for path, kind in zip(specials, ("命名管道", "设备文件", "文件夹"), strict=True):
        with pytest.raises(FileRefused, match=kind):
            attachments.add_file(demo_ws, cadre_id, path)
        with pytest.raises(FileRefused, match=f"佐证材料 {path.name}.*{kind}"):
            ledger.add(demo_ws, EntryInput(cadre_id, dt.date.today(), "政治担当", True, 2, "一线考核", "一件事实",
                                           campaign_id=campaign.id, evidence=[path]))
    assert data_digest(demo_ws) == before
