"""A stand-in for the window in crash tests: holds a database open in its own process and
changes a cadre's phone number on request, then waits to be killed.

Run as `python -m tests.cli.holder DB`; reads commands from stdin, one per line:
  phone TEXT   save TEXT as the first cadre's phone number, print "saved"
  sniff        open and close the database's files as a file dialog sniffing them does
  quit         close the database and exit
Prints "ready" once the database is open.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

from desktop.models import Cadre
from desktop.services.workspace import Workspace
from tests.conftest import PASSWORD


def set_phone(ws: Workspace, value: str) -> None:
    def op(ctx):  # type: ignore[no-untyped-def]
        cadre = ctx.session.scalars(select(Cadre).order_by(Cadre.id).limit(1)).one()
        cadre.phone = value

    ws.run("cadre.update", op)


def main(db: str) -> None:
    ws = Workspace.open(db, "admin", PASSWORD)
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "phone":
            set_phone(ws, arg)
            print("saved", flush=True)
        elif command == "sniff":
            for suffix in ("", "-wal", "-shm", ".keys"):
                path = Path(f"{db}{suffix}")
                if path.exists():
                    with open(path, "rb") as fh:
                        fh.read(64)
            print("sniffed", flush=True)
        elif command == "quit":
            break
    ws.close()


if __name__ == "__main__":
    main(sys.argv[1])
