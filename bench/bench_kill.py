"""Kill harness: SIGKILL the program at random moments, then check nothing was lost.

`BENCH_ONLY=kill make bench` (KILL_RUNS=N per kind, default 17: 102 kills; KILL_SEED=S). Six
kinds of work, each killed at a random moment of its run (bench/kill_worker.py): a roster
import, an exchange-package merge, a clerk typing talks (drafts and saved talks), backups, a
roster export and demo creation (KILL_KINDS=import,talks … picks some). After each kill, as
the clerk's next start would:

- `frontline info` opens the database (finishing or clearing an interrupted creation and
  sweeping the killed run's scratch folder), then `frontline verify` must pass;
- everything the worker reported as committed is there (all-or-nothing work is all or
  nothing; every saved talk has its full text; every finished backup verifies);
- nothing is left behind: no file in the killed run's temp folders, no partial file beside a
  target, and no plaintext (a cadre's name from the data) in any file outside the encrypted
  databases.

Prints the counts per kind; asserts nothing.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import OUT, PASSWORD

ROOT = Path(__file__).resolve().parent.parent
WORK = OUT / "kill"
ENCRYPTED = (".db", ".db-wal", ".db-shm", ".db-journal", ".flpkg", ".keys", ".lock")


@dataclass
class Outcome:
    runs: int = 0
    finished: int = 0
    verify_failed: int = 0
    lost: int = 0
    leftovers: int = 0
    plaintext: int = 0
    internal_errors: int = 0
    notes: list[str] = field(default_factory=list)


def _env(home: Path) -> dict[str, str]:
    systemp = home / "systemp"
    systemp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "FRONTLINE_HOME": str(home), "FRONTLINE_PASSWORD": PASSWORD,
            "FRONTLINE_PACKAGE_PASSWORD": PASSWORD, "FRONTLINE_KDF_TARGET_MS": "1", "TMPDIR": str(systemp),
            "PYTHONPATH": str(ROOT)}


def _frontline(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=600)


def _run_killed(env: dict[str, str], argv: list[str], after: float) -> tuple[list[str], bool, int | None, str]:
    """Start the worker, kill it after `after` seconds; (its lines, finished by itself, exit code, stderr)."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.kill_worker", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        proc.wait(timeout=after)
        finished = True
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        finished = False
    out, err = proc.communicate()
    return out.splitlines(), finished, proc.returncode, err


def _names(markers_from: Path) -> list[bytes]:
    """Cadre names that must never appear in clear outside the encrypted files."""
    doc = json.loads(markers_from.read_text("utf-8"))
    return [n.encode("utf-8") for n in doc]


def _leftovers(folder: Path, home: Path, names: list[bytes], keep: set[Path]) -> tuple[list[Path], list[Path]]:
    """Files left behind (outside the expected set), and those with a name in clear."""
    extra, clear = [], []
    candidates = [p for p in folder.iterdir() if p.is_file()]
    for place in (folder / "usb", home / "systemp", home / "state" / "tmp"):
        if place.exists():
            candidates += list(place.rglob("*"))
    for path in candidates:
        if not path.is_file() or path in keep:
            continue
        if path.name.endswith(ENCRYPTED) and not path.name.startswith("."):
            continue
        extra.append(path)
        data = path.read_bytes()
        if any(n in data for n in names):
            clear.append(path)
    return extra, clear


def _count(env: dict[str, str], db: Path, what: str) -> int:
    info = _frontline(env, "info", "--db", str(db), "--json")
    if info.returncode != 0:
        return -1
    return int(json.loads(info.stdout)["counts"].get(what, 0))


# --- scenarios ---------------------------------------------------------------------------------

@dataclass
class Fixtures:
    office: Path  # a 300-cadre demo database
    empty: Path
    other: Path  # a 1,500-cadre demo database
    roster: Path  # its roster as xlsx
    roster_rows: int
    package: Path  # an exchange package of the office's campaign with laptop work in it
    names: Path


def _prepare() -> Fixtures:
    import datetime as dt

    from sqlalchemy import select

    from desktop.demo.database import create_demo_database
    from desktop.models import Cadre, Campaign
    from desktop.services.admin.accounts import create_database
    from desktop.services.campaigns import fieldwork
    from desktop.services.exchange import roster_export
    from desktop.services.exchange.packages import export as package_export
    from desktop.services.workspace import Workspace

    base = WORK / "fixtures"
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    os.environ["FRONTLINE_HOME"] = str(base / "home")
    office = base / "office.db"
    ws, _, _ = create_demo_database(office, "admin", PASSWORD, 300, seed=11)
    with ws.read("bench.inspect") as s:
        campaign = next(c.id for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
    package = base / "laptop.flpkg"
    package_export.export(ws, campaign, package, PASSWORD)
    ws.close()
    laptop = Workspace.open(package, "admin", PASSWORD)
    with laptop.read("bench.inspect") as s:
        cadre = int(s.scalar(select(Cadre.id).order_by(Cadre.id).limit(1)))
    for n in range(30):
        fieldwork.save_talk(laptop, fieldwork.TalkInput(
            interviewers=["组织部 李"], interviewee_cadre_id=cadre, start_at=dt.datetime(2026, 11, 2, 9, n),
            content=f"外出考核谈话 {n}", campaign_id=campaign))
    laptop.close()
    other = base / "other.db"
    ws, _, _ = create_demo_database(other, "admin", PASSWORD, 1500, seed=12)
    roster = base / "roster.xlsx"
    rows = roster_export.export_roster(ws, roster)
    with ws.read("bench.inspect") as s:
        names = list(s.scalars(select(Cadre.name).limit(200)))
    ws.close()
    empty = base / "empty.db"
    ws, _ = create_database(empty, "admin", PASSWORD)
    ws.close()
    names_file = base / "names.json"
    names_file.write_text(json.dumps(names, ensure_ascii=False), "utf-8")
    return Fixtures(office, empty, other, roster, rows, package, names_file)


def _copy_db(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    shutil.copyfile(f"{src}.keys", f"{dst}.keys")
    return dst


def _one(kind: str, fx: Fixtures, n: int, span: float, rng: random.Random, out: Outcome) -> None:
    case = WORK / f"{kind}-{n}"
    shutil.rmtree(case, ignore_errors=True)
    case.mkdir(parents=True)
    home = case / "home"
    env = _env(home)
    names = _names(fx.names)
    keep: set[Path] = set()
    db = case / "work.db"
    if kind == "import":
        _copy_db(fx.empty, db)
        argv = ["import", str(db), str(fx.roster)]
    elif kind == "package":
        _copy_db(fx.office, db)
        pkg = case / "laptop.flpkg"
        shutil.copyfile(fx.package, pkg)
        keep.add(pkg)
        before_talks = _count(env, db, "talks")
        argv = ["package", str(db), str(pkg)]
    elif kind == "talks":
        _copy_db(fx.office, db)
        argv = ["talks", str(db)]
    elif kind == "backups":
        _copy_db(fx.office, db)
        (case / "usb").mkdir()
        argv = ["backups", str(db), str(case / "usb")]
    elif kind == "export":
        _copy_db(fx.other, db)
        argv = ["export", str(db), str(case / "roster.xlsx")]
    else:
        argv = ["demo", str(db), "3000"]
    after = rng.uniform(0.05, span)
    lines, finished, code, err = _run_killed(env, argv, after)
    out.runs += 1
    out.finished += finished
    if finished and code not in (0,):
        out.internal_errors += code == 70
        out.notes.append(f"{kind}-{n}: exit {code}: {err.strip()[-160:]}")
    committed = [line.split()[1:] for line in lines if line.startswith("committed")]

    info = _frontline(env, "info", "--db", str(db))  # the clerk's next start
    exists = db.exists()
    if kind == "demo" and not exists:
        if any(line.startswith("恢复密钥") for line in lines) or committed:
            out.lost += 1
            out.notes.append(f"demo-{n}: key shown but no database")
        if _frontline(env, "init", "--db", str(db)).returncode != 0:
            out.lost += 1
            out.notes.append(f"demo-{n}: the name stays blocked")
    elif info.returncode != 0 or _frontline(env, "verify", "--db", str(db)).returncode != 0:
        out.verify_failed += 1
        out.notes.append(f"{kind}-{n}: {info.stderr.strip()[:120]}")
    elif kind == "import":
        cadres = _count(env, db, "cadres")
        if cadres not in (0, fx.roster_rows) or (committed and cadres != fx.roster_rows):
            out.lost += 1
            out.notes.append(f"import-{n}: {cadres} cadres")
    elif kind == "package":
        talks = _count(env, db, "talks")
        if talks not in (before_talks, before_talks + 30) or (committed and talks != before_talks + 30):
            out.lost += 1
            out.notes.append(f"package-{n}: {talks} talks (before {before_talks})")
    elif kind == "talks":
        out.lost += _missing_talks(db, env, committed)
    elif kind == "export":
        out.lost += _export_incomplete(case / "roster.xlsx", fx.roster_rows, bool(committed))
        keep.add(case / "roster.xlsx")
    elif kind == "backups":
        for _, target in committed:
            keep.add(Path(target))
            if _frontline(env, "verify", "--db", target).returncode != 0:
                out.lost += 1
                out.notes.append(f"backups-{n}: {target} does not verify")
    extra, clear = _leftovers(case, home, names, keep | {fx.roster})
    out.leftovers += len(extra)
    out.plaintext += len(clear)
    out.notes.extend(f"{kind}-{n}: left {p.relative_to(case)}" for p in extra[:3])
    shutil.rmtree(case, ignore_errors=True)


def _export_incomplete(path: Path, rows: int, committed: bool) -> int:
    """An export is there whole (every row readable) or not at all."""
    if not path.exists():
        return int(committed)
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        found = sum(1 for _ in book.worksheets[0].iter_rows()) - 3  # title, scope and header rows
    finally:
        book.close()
    return int(found < rows)


def _missing_talks(db: Path, env: dict[str, str], committed: list[list[str]]) -> int:
    code = f"""
import json, sys
from desktop.models import Talk
from desktop.services.workspace import Workspace
ws = Workspace.open({str(db)!r}, "admin", {PASSWORD!r})
with ws.read("bench.inspect") as s:
    print(json.dumps({{str(t.id): t.content for t in s.query(Talk)}}, ensure_ascii=False))
ws.close()
"""
    found = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                      cwd=ROOT, timeout=300).stdout or "{}")
    from bench.kill_worker import talk_text

    return sum(1 for _, talk_id, n in committed if found.get(talk_id) != talk_text(int(n)))


SPANS = {"import": 12.0, "package": 8.0, "talks": 6.0, "backups": 6.0, "export": 6.0, "demo": 10.0}


def main() -> None:
    runs = int(os.environ.get("KILL_RUNS", "17"))
    rng = random.Random(int(os.environ.get("KILL_SEED", "1")))
    started = time.perf_counter()
    fx = _prepare()
    print(f"   fixtures ready in {time.perf_counter() - started:.0f} s "
          f"(roster of {fx.roster_rows} cadres, office database of 300)", flush=True)
    totals = Counter[str]()
    kinds = [k for k in os.environ.get("KILL_KINDS", ",".join(SPANS)).split(",") if k in SPANS]
    for kind in kinds:
        out = Outcome()
        for n in range(runs):
            _one(kind, fx, n, SPANS[kind], rng, out)
        print(f"   {kind:8s} runs {out.runs:3d}  killed {out.runs - out.finished:3d}  verify failed "
              f"{out.verify_failed}  committed work lost {out.lost}  files left {out.leftovers}  "
              f"plaintext {out.plaintext}  internal errors {out.internal_errors}", flush=True)
        for note in out.notes[:5]:
            print(f"      {note}")
        totals.update({"runs": out.runs, "killed": out.runs - out.finished, "bad": out.verify_failed + out.lost
                       + out.leftovers + out.plaintext + out.internal_errors})
    print(f"   total: {totals['runs']} runs, {totals['killed']} killed mid-work, {totals['bad']} problems")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
