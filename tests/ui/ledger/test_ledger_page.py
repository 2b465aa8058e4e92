"""The 积分 section: a cadre's timeline read through the ledger queries, and an entry's
evidence saved out from it into the folder the clerk chose — never beside or above it, and
not at all for a role the permission hook refuses the export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.models import PointEvidence
from desktop.models.accounts import ROLE_ADMIN
from desktop.services import permissions
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from desktop.ui.ledger.ledger_page import LedgerPage
from tests.services.assessment_helpers import cadre
from tests.ui.helpers import Answers, FileAnswers


def test_evidence_is_saved_into_the_chosen_folder_only(qtbot, ws: Workspace, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch):
    zhang = cadre(ws, "张三")
    proof = tmp_path / "现场.jpg"
    proof.write_bytes(b"jpeg bytes")
    entry_id = ledger.add(ws, EntryInput(cadre_id=zhang, date=dt.date.today(), dimension="政治担当", positive=True,
                                         points=8, source="一线考核", fact="台风夜带队转移群众", evidence=[proof]))

    def packaged(ctx: OpContext) -> None:  # a name as a field-laptop package could bring it
        ctx.session.add(PointEvidence(entry_id=entry_id, filename="../../evil.txt", content=b"x"))

    ws.run("test.plant", packaged)
    page = LedgerPage(ws)
    qtbot.addWidget(page)
    page.show_cadre(zhang, "张三")
    assert [(r.kind, r.points, r.evidence) for r in page.model.rows] == [("加分", 8, 2)]
    assert page.model.data(page.model.index(0, len(page.model.columns) - 1)) == "佐证 2 件"
    assert page.scores["合计"].text() == "合计\n+8"
    page.view.setCurrentIndex(page.model.index(0, 0))

    chosen = tmp_path / "a" / "b" / "chosen"
    chosen.mkdir(parents=True)
    files = FileAnswers(monkeypatch, chosen)
    page.save_evidence()
    assert files.asked[0].title == "佐证材料保存到"
    assert sorted(p.name for p in chosen.iterdir()) == ["evil.txt", "现场.jpg"]
    assert (chosen / "现场.jpg").read_bytes() == b"jpeg bytes"
    assert not (tmp_path / "a" / "evil.txt").exists()

    # A role refused the export gets the refusal, and not one file.
    refused = tmp_path / "refused"
    refused.mkdir()
    monkeypatch.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), "export.evidence": frozenset()})
    FileAnswers(monkeypatch, refused)
    answers = Answers(monkeypatch)
    page.save_evidence()
    assert "export.evidence" in answers.asked[-1]
    assert list(refused.iterdir()) == []
