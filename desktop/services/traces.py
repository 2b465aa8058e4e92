"""Reading sensitive data leaves a trace: every file the program writes out of the database.

Changes are audited by the operation helper; a roster, a set of 任免审批表 or a ledger taken
away on a USB stick changes nothing, yet it is what a leak investigation asks about first.
So each export (roster, statistics, LRMX, ledger, tallies, ballots, campaigns), each import
template filled with the database's lists, each attachment or evidence saved out and each
backup is one audit entry: who, when, what kind, which files with their SHA-256.

Each kind is its own permission, "export.<kind>" (`action`): an export opens the session it
reads from with `ws.read(action(kind))`, so a role refused that export is refused before a
byte is written, and `record` writes the entry under the same name.

Nothing leaves without its trace: if the entry cannot be written (a full disk, an audit
chain that no longer matches this PC's anchor), the files just written are removed again.
Until then the plaintext on its way to them stays in this run's own temp folder
(`private_temp`, store/scratch.py), which the next start sweeps should the program be killed.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.store import scratch

if TYPE_CHECKING:  # imported for their types only: the command line calls private_temp at every start
    from desktop.services.operations import OpContext
    from desktop.services.workspace import Workspace

# Above this many files (a folder of 任免审批表) the entry names the folder and one digest.
LISTED_FILES = 20


def action(kind: str) -> str:
    """The permission an export of `kind` needs, and the action its audit entry is written under."""
    return f"export.{kind}"


def private_temp() -> Path:
    """Make this run's own temp folder (mode 0700) the temp folder of the process and of the
    workers it spawns; called once at start-up, before anything is exported."""
    return scratch.setup()


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def describe_files(files: Sequence[Path]) -> dict[str, Any]:
    digests = [(str(p), _digest(p)) for p in files if p.is_file()]
    if len(digests) <= LISTED_FILES:
        return {"files": [{"file": f, "sha256": d} for f, d in digests]}
    combined = hashlib.sha256("".join(f"{f}\n{d}\n" for f, d in digests).encode("utf-8")).hexdigest()
    return {"folder": str(Path(digests[0][0]).parent), "count": len(digests), "sha256_of_all": combined}


def record(ws: Workspace, kind: str, files: Sequence[Path | str], *, records: int | None = None,
           cadre_id: int | None = None, detail: dict[str, Any] | None = None,
           named: str | None = None, entity: str = "export") -> None:
    """Log the export of `files` under `action(kind)` (or the action `named`, for a kind whose
    entry has long had a name of its own); on failure remove them and re-raise."""
    paths = [Path(f) for f in files]
    after: dict[str, Any] = {"kind": kind, **describe_files(paths)}
    if records is not None:
        after["records"] = records
    after.update(detail or {})

    def op(ctx: OpContext) -> None:
        ctx.record(entity, kind="create", cadre_id=cadre_id, after=after)

    try:
        ws.run(named or action(kind), op)
    except BaseException:
        for p in paths:
            with contextlib.suppress(OSError):
                p.unlink()
        raise
