"""A verification's evidence files (佐证材料) taken out of the database.

Looking at one in the window (queries.evidence_content) keeps the bytes in memory. A copy on
disk is an export like the ledger's evidence and the cadre file's attachments: the read is
named for the export's own action ("export.verification_evidence", traces.action), so a role
without that right is refused before a byte is written, and the copy leaves an audit entry
with its SHA-256 — or is removed again when the entry cannot be written.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from desktop.errors import NotFound
from desktop.models import Target, Verification, VerificationEvidence
from desktop.services import traces
from desktop.services.file_names import safe_name, unique_in
from desktop.services.workspace import Workspace
from desktop.store.atomic import write_atomic

EXPORT_KIND = "verification_evidence"
FALLBACK_NAME = "佐证材料"


def save_copy(ws: Workspace, evidence_id: int, target: Path | str) -> Path:
    """Write one evidence file to `target`: the file the clerk chose, or, when `target` is a
    folder, a file in it under the stored name made safe and not yet taken (never
    overwriting, never outside that folder). Returns the path written."""
    target = Path(target)
    with ws.read(traces.action(EXPORT_KIND)) as s:  # refused before a byte is written
        row = s.execute(select(VerificationEvidence.filename, VerificationEvidence.content, Target.id,
                               Target.cadre_id)
                        .join(Verification, Verification.id == VerificationEvidence.verification_id)
                        .join(Target, Target.id == Verification.target_id)
                        .where(VerificationEvidence.id == evidence_id)).first()
    if row is None:
        raise NotFound("佐证材料不存在（可能已被重新核验替换）")
    filename, data, target_id, cadre_id = row
    if target.is_dir():
        target = unique_in(target, safe_name(filename, FALLBACK_NAME))
    write_atomic(target, data, 0o600)
    traces.record(ws, EXPORT_KIND, [target], cadre_id=cadre_id,
                  detail={"evidence": filename, "evidence_id": evidence_id, "target_id": target_id})
    return target
