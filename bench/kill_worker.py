"""The program at work, to be killed at a random moment by bench_kill.py.

`python -m bench.kill_worker SCENARIO DB [ARG]` prints "committed …" (flushed) after each
piece of work is committed, so the harness knows what must survive the kill:

  import DB XLSX      frontline import of a roster (all or nothing)
  package DB FLPKG    frontline package import --prefer laptop (all or nothing)
  talks DB            a clerk typing talks: a draft every few keystrokes, a saved talk now and then
  backups DB FOLDER   frontline backup, again and again
  export DB XLSX      frontline export roster (the file appears whole or not at all)
  demo DB             frontline demo (the database appears whole or not at all)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from sqlalchemy import select


def _cli(*args: str) -> int:
    from desktop.cli.main import main

    return main(list(args))


def talk_text(n: int) -> str:
    return f"第{n}次谈话：该同志在防汛一线连续值守，群众反映良好。" * 3


def talks(db: str) -> None:
    from desktop.models import Cadre
    from desktop.services.campaigns import fieldwork
    from desktop.services.workspace import Workspace
    from desktop.store import scratch

    scratch.setup()
    ws = Workspace.open(db, "admin", os.environ["FRONTLINE_PASSWORD"])
    with ws.read("bench.inspect") as s:
        cadre = int(s.scalar(select(Cadre.id).order_by(Cadre.id).limit(1)))
    for n in range(1, 400):
        data = fieldwork.TalkInput(interviewers=["组织部 王"], interviewee_cadre_id=cadre,
                                   start_at=dt.datetime(2026, 11, 1, 9, 0))
        draft = None
        text = talk_text(n)
        for typed in range(10, len(text) + 10, 10):  # a draft as the clerk types
            data.content = text[:typed]
            draft = fieldwork.save_draft(ws, "talk", data.to_json(), data.title(), draft)
        talk_id = fieldwork.save_talk(ws, data, draft_id=draft)
        print(f"committed talk {talk_id} {n}", flush=True)


def backups(db: str, folder: str) -> None:
    for n in range(1, 400):
        target = Path(folder) / f"backup-{n}.db"
        if _cli("backup", "--db", db, "--out", str(target)) == 0:
            print(f"committed backup {target}", flush=True)


def main() -> int:
    scenario, db, *rest = sys.argv[1:]
    if scenario == "import":
        code = _cli("import", rest[0], "--db", db)
        if code == 0:
            print("committed import", flush=True)
        return code
    if scenario == "package":
        code = _cli("package", "import", rest[0], "--db", db, "--prefer", "laptop")
        if code == 0:
            print("committed package", flush=True)
        return code
    if scenario == "export":
        code = _cli("export", "roster", "--db", db, "--format", "xlsx", "--out", rest[0])
        if code == 0:
            print("committed export", flush=True)
        return code
    if scenario == "demo":
        code = _cli("demo", "--db", db, "--cadres", rest[0] if rest else "3000")
        if code == 0:
            print("committed demo", flush=True)
        return code
    if scenario == "talks":
        talks(db)
        return 0
    if scenario == "backups":
        backups(db, rest[0])
        return 0
    raise SystemExit(f"unknown scenario {scenario}")


if __name__ == "__main__":
    sys.exit(main())
