"""Fuzzing every kind of file the program reads, through the real reading paths.

    BENCH_ONLY=fuzz make bench            (or: .venv/bin/python -m bench.fuzz_inputs)
    FUZZ_EXAMPLES=300 FUZZ_SEED=7 FUZZ_KINDS=roster,lrmx …

For each kind of file (xlsx rosters, annual results, ledger entries and ballots; LRMX,
legacy .lrm + .pic, zips and folders of forms; exchange packages, damaged or with doctored
rows; key slot files; the login-delay state file; the audit anchor; the window's settings
file; password files; photos; fonts) it first feeds a fixed set of hostile files written by
hand (fuzz_mutations.py), then FUZZ_EXAMPLES files that hypothesis makes by mutating seeds
the program wrote itself (fuzz_seeds.py). Each file goes where a user would put it:
`frontline import`, `package import`, `info` or `verify` (key, state, anchor and password
files) run in-process through `desktop.cli.main.main`, or the service the window calls (settings,
fonts). It prints, per kind, files tried, refused cleanly (exit 1, one line), accepted,
internal errors (exit 70 or an exception) and hangs (over FUZZ_TIMEOUT seconds). Every
internal error is saved with its traceback under bench/out/fuzz/failures. It asserts
nothing; the goal is 0 internal errors.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import stat
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "out" / "fuzz"
os.environ["FRONTLINE_HOME"] = str(OUT / "home")
os.environ["FRONTLINE_KDF_TARGET_MS"] = "1"
os.environ.pop("FRONTLINE_PASSWORD", None)
sys.path.insert(0, str(HERE.parent))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bench import fuzz_mutations as mut  # noqa: E402
from bench.fuzz_seeds import PACKAGE_PASSWORD, PASSWORD, Seeds, build, zip_members  # noqa: E402

OUTCOMES = ("accepted", "refused", "internal", "hang")


class FontSkipped(Exception):
    """A font the report font folder holds but discovery or loading leaves out."""


class Hang(BaseException):
    """Raised by the alarm: BaseException, so that no `except Exception` of ours swallows it."""


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def _unblock_pipes() -> None:
    """Open every named pipe a try may be stuck on for writing, so that a reader blocked in C
    code (where the alarm's Python handler cannot run) sees end of file and returns."""
    for folder in (OUT / "work", OUT / "home"):
        for path in folder.rglob("*"):
            with contextlib.suppress(OSError):
                if stat.S_ISFIFO(path.lstat().st_mode):
                    os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def ring(_signum: int, _frame: object) -> None:
        raise Hang()

    def give_up() -> None:
        print(f"   ! a try has not returned in {3 * seconds} s even after its pipes were opened: stopping",
              flush=True)
        os._exit(3)

    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    unblock = threading.Timer(seconds + 1, _unblock_pipes)
    last_resort = threading.Timer(3 * seconds, give_up)
    unblock.start()
    last_resort.start()
    try:
        yield
    finally:
        signal.alarm(0)
        unblock.cancel()
        last_resort.cancel()
        signal.signal(signal.SIGALRM, old)


def place(src: Path, dst: Path | str) -> None:
    """Put the file under test at `dst`: a copy, or the same kind of special file."""
    dst = Path(dst)
    if dst.is_symlink() or dst.exists():
        shutil.rmtree(dst) if dst.is_dir() and not dst.is_symlink() else dst.unlink()
    if src.is_symlink():
        dst.symlink_to(os.readlink(src))
    elif src.exists() and stat.S_ISFIFO(src.stat().st_mode):
        os.mkfifo(dst)
    else:
        shutil.copy2(src, dst)


def cli(*args: str) -> tuple[str, str]:
    """Run `frontline ARGS` in-process: (outcome, detail)."""
    from desktop import paths
    from desktop.cli.main import main

    (paths.state_dir() / "package-logins.json").unlink(missing_ok=True)  # no package locked between tries
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(list(args))
    text = err.getvalue().strip()
    if code == 70:
        crash = text.rsplit("详情已写入 ", 1)[-1].strip()
        detail = Path(crash).read_text("utf-8") if Path(crash).is_file() else text
        return "internal", detail
    # A refusal is one Chinese line; a database whose audit chain rings the alarm adds its
    # warning line (also the program's own) before it.
    ours = all(line.startswith("frontline：") for line in text.splitlines())
    if code in (0, 2) or (code == 1 and ours and len(text.splitlines()) <= 2 and "Traceback" not in text):
        return ("accepted" if code == 0 else "refused"), text
    return "internal", f"exit {code}, stderr not one line:\n{text}"


def service(fn: Callable[[], object]) -> tuple[str, str]:
    """Call a service the window uses; refusals as the window shows them, anything else a bug."""
    from desktop.errors import FrontlineError
    from desktop.store.sql_errors import refusal_for

    try:
        fn()
    except (FrontlineError, FontSkipped) as exc:
        return "refused", str(exc)
    except Exception as exc:
        if refusal_for(exc) is not None:
            return "refused", str(exc)
        return "internal", traceback.format_exc()
    return "accepted", ""


# --- how each kind of file is fed to the program ----------------------------------------------

@dataclass
class Kind:
    name: str
    suffix: str
    feed: Callable[[Path], tuple[str, str]]
    strategy: Callable[[list[Path]], st.SearchStrategy[bytes]]
    hostile: Callable[[Path], list[Path]] = lambda _folder: []


class Feeds:
    """The reading paths, bound to the office database made for this run."""

    def __init__(self, seeds: Seeds) -> None:
        self.seeds = seeds
        self.db = str(seeds.db)
        self.password = seeds.folder / "seeds" / "password.txt"
        self.package_password = seeds.folder / "package-password.txt"
        self.package_password.write_text(PACKAGE_PASSWORD + "\n", "utf-8")
        self.keys_db = seeds.folder / "keys-test.db"
        shutil.copy2(seeds.db, self.keys_db)

    def login(self) -> tuple[str, ...]:
        return ("--db", self.db, "--password-file", str(self.password))

    def import_file(self, path: Path) -> tuple[str, str]:
        return cli("import", str(path), *self.login())

    def import_with_pic(self, path: Path) -> tuple[str, str]:
        pic = path.with_suffix(".pic")
        shutil.copy2(self.seeds.folder / "seeds" / "王五.pic", pic)
        try:
            return cli("import", str(path), *self.login())
        finally:
            pic.unlink(missing_ok=True)

    def import_folder(self, path: Path) -> tuple[str, str]:
        folder = path.with_suffix("")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for seed_form in self.seeds.files["lrmx"][:2]:
            shutil.copy2(seed_form, folder / seed_form.name)
        place(path, folder / "mutated.lrmx")
        try:
            return cli("import", str(folder), *self.login())
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def package(self, path: Path) -> tuple[str, str]:
        return cli("package", "import", str(path), *self.login(), "--dry-run",
                   "--package-password-file", str(self.package_password))

    def package_content(self, path: Path) -> tuple[str, str]:
        """A package whose rows a doctored laptop changed (any value, any type, in any column),
        merged for real into a fresh copy of the office database."""
        import pickle

        from desktop.services.exchange.packages import file as package_file

        edits = pickle.loads(path.read_bytes())
        work = path.parent
        office = work / "office.db"
        shutil.copy2(self.seeds.db, office)
        shutil.copy2(f"{self.seeds.db}.keys", f"{office}.keys")
        package = work / "edited.flpkg"
        shutil.copy2(self.seeds.files["package"][0], package)
        key = package_file.unlock(package, PACKAGE_PASSWORD)
        _edit_package(package, key, edits)
        package_file.settle(package, key)
        args = ["--db", str(office), "--password-file", str(self.password), "--package-password-file",
                str(self.package_password), "--prefer", "laptop"]
        return cli("package", "import", str(package), *args)

    def keys(self, path: Path) -> tuple[str, str]:
        place(path, f"{self.keys_db}.keys")
        return cli("info", "--db", str(self.keys_db), "--password-file", str(self.password))

    def state(self, path: Path) -> tuple[str, str]:
        from desktop import paths
        from desktop.cli.main import main
        from desktop.store.package_guard import STATE_FILE, PackageGuard

        target = paths.state_dir() / STATE_FILE
        place(path, target)
        package = self.seeds.files["package"][0]
        outcome = service(lambda: PackageGuard(package).wait_remaining())
        if outcome[0] != "accepted":
            return outcome
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            # A real opening of the package reads it too (a lock the file claims is refused, not waited).
            code = main(["package", "import", str(package), *self.login(), "--dry-run",
                         "--package-password-file", str(self.package_password)])
        return ("accepted", "") if code in (0, 1) else ("internal", f"package import exit {code}")

    def anchor(self, path: Path) -> tuple[str, str]:
        """The audit anchor kept in the state folder, read by every `verify`."""
        from desktop import paths
        from desktop.services.workspace import Workspace

        ws = Workspace.open(self.seeds.db, "admin", PASSWORD)
        try:
            with ws.read("bench.inspect") as s:
                uid = ws.db.chain.current_uid(s)
        finally:
            ws.close()
        target = paths.state_dir() / "anchors" / f"{uid}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        place(path, target)
        return cli("verify", *self.login())

    def settings(self, path: Path) -> tuple[str, str]:
        from desktop import paths

        place(path, paths.config_dir() / "frontline.ini")

        def read_all() -> None:
            from desktop.ui.settings import Settings

            s = Settings()
            _ = (s.last_db, s.last_user, s.state("main/geometry"), s.sizes("roster/widths"),
                 s.value("reports/last_folder"), s.value("roster/columns"))
        return service(read_all)

    def password_file(self, path: Path) -> tuple[str, str]:
        return cli("info", "--db", self.db, "--password-file", str(path))

    def photo(self, path: Path) -> tuple[str, str]:
        """A photo as forms carry it: base64 in an LRMX's 照片 element."""
        from desktop.interchange import lrmx_format

        form = lrmx_format.read(self.seeds.files["lrmx"][0].read_bytes(), "seed")
        form.photo = path.read_bytes()
        carrier = path.with_suffix(".lrmx")
        carrier.write_bytes(lrmx_format.write(form))
        try:
            return cli("import", str(carrier), *self.login(), "--dry-run")
        finally:
            carrier.unlink(missing_ok=True)

    def font(self, path: Path) -> tuple[str, str]:
        """A font in the report font folder: discovery reads its tables, reportlab loads and subsets it."""
        def use() -> None:
            from reportlab.pdfgen.canvas import Canvas

            from desktop.reports.layout import fontfiles, glyphs

            try:
                found = fontfiles.faces(path)
            except fontfiles.FontFileError:
                raise FontSkipped() from None  # discovery skips what is not a font: that is the refusal
            for face in found:
                font = glyphs._load.__wrapped__(face) if face.truetype else None  # type: ignore[attr-defined]
                if font is None:
                    raise FontSkipped()
                canvas = Canvas(io.BytesIO())
                canvas.setFont(font.fontName, 12)
                canvas.drawString(10, 10, "一线考核 Frontline 0123")
                canvas.save()
        return service(use)


def _from_seeds(make: Callable[[bytes], st.SearchStrategy[bytes]]) -> Callable[[list[Path]], st.SearchStrategy[bytes]]:
    def strategy(paths: list[Path]) -> st.SearchStrategy[bytes]:
        return st.one_of(*(make(p.read_bytes()) for p in paths))
    return strategy


def _zips(paths: list[Path]) -> st.SearchStrategy[bytes]:
    return st.one_of(*(mut.zip_of(zip_members(p)) for p in paths))


def _keys_fix(doc: dict[str, object]) -> dict[str, object]:
    from desktop.store.keyslots import _checksum

    body = {k: v for k, v in doc.items() if k != "checksum"}
    with contextlib.suppress(Exception):
        doc["checksum"] = _checksum(body)
    return doc


def _json(fix: Callable[[dict[str, object]], dict[str, object]] | None = None):  # type: ignore[no-untyped-def]
    return _from_seeds(lambda data: st.one_of(mut.json_of(data, fix), mut.json_of(data)))


def _special_files(folder: Path, suffix: str) -> list[Path]:
    """A named pipe, a device, a folder, an empty file and a single byte, under the kind's name."""
    out = []
    fifo = folder / f"pipe{suffix}"
    os.mkfifo(fifo)
    device = folder / f"zero{suffix}"
    device.symlink_to("/dev/zero")
    directory = folder / f"dir{suffix}.d"
    directory.mkdir()
    empty = folder / f"empty{suffix}"
    empty.write_bytes(b"")
    one = folder / f"one{suffix}"
    one.write_bytes(b"P")
    out += [fifo, device, empty, one]
    return out


def _written(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _hostile_xml(folder: Path, suffix: str) -> list[Path]:
    files = _special_files(folder, suffix)
    files.append(_written(folder, f"bomb{suffix}", mut.BOMB))
    files.append(_written(folder, f"xxe{suffix}", mut.XXE))
    for i, name in enumerate(mut.ENCODINGS):
        body = f'<?xml version="1.0" encoding="{name}"?><Person><XingMing>张三</XingMing></Person>'
        files.append(_written(folder, f"enc{i}{suffix}", body.encode("utf-8")))
    gbk = '<?xml version="1.0" encoding="UTF-8"?><Person><XingMing>张三</XingMing></Person>'.encode("gbk")
    files.append(_written(folder, f"gbk-as-utf8{suffix}", gbk))
    files.append(_written(folder, f"deep{suffix}", b"<Person>" + b"<a>" * 500_000 + b"</a>" * 500_000 + b"</Person>"))
    return files


def _hostile_zip(folder: Path, suffix: str) -> list[Path]:
    files = _special_files(folder, suffix)
    files.append(_written(folder, f"bomb{suffix}", mut.zip_bomb()))
    for i, part in enumerate(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                              "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"]):
        for j, content in enumerate([mut.BOMB, mut.XXE, b"<unclosed", "<x>\u4e2d</x>".encode("utf-16")]):
            files.append(_written(folder, f"part{i}-{j}{suffix}", mut._write_zip([
                ("[Content_Types].xml", b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
                ("xl/workbook.xml", b"<workbook/>"), (part, content)])))
    return files


def kinds(feeds: Feeds) -> list[Kind]:
    xlsx = _zips
    return [
        Kind("roster", ".xlsx", feeds.import_file, xlsx, lambda f: _hostile_zip(f, ".xlsx")),
        Kind("annual", ".xlsx", feeds.import_file, xlsx),
        Kind("ledger", ".xlsx", feeds.import_file, xlsx),
        Kind("ballots", ".xlsx", feeds.import_file, xlsx),
        Kind("lrmx", ".lrmx", feeds.import_file, _from_seeds(mut.document_of), lambda f: _hostile_xml(f, ".lrmx")),
        Kind("lrm", ".lrm", feeds.import_with_pic, _from_seeds(mut.bytes_of), lambda f: _special_files(f, ".lrm")),
        Kind("zip", ".zip", feeds.import_file, _zips, lambda f: _hostile_zip(f, ".zip")),
        Kind("folder", ".lrmx", feeds.import_folder, _from_seeds(mut.document_of)),
        Kind("package", ".flpkg", feeds.package, _from_seeds(_package_bytes), lambda f: _special_files(f, ".flpkg")),
        Kind("package-content", ".edits", feeds.package_content, _package_content),
        Kind("keys", ".keys", feeds.keys, _json(_keys_fix), lambda f: _special_files(f, ".keys")),
        Kind("state", ".json", feeds.state, _json(), lambda f: _special_files(f, ".json")),
        Kind("anchor", ".json", feeds.anchor, _json(), lambda f: _special_files(f, ".json")),
        Kind("settings", ".ini", feeds.settings, _from_seeds(_ini), lambda f: _special_files(f, ".ini")),
        # Named pipes are welcome as password files (`--password-file <(…)`): only the others here.
        Kind("password", ".txt", feeds.password_file, _from_seeds(mut.bytes_of),
             lambda f: [p for p in _special_files(f, ".txt") if not p.name.startswith("pipe")]),
        Kind("photo", ".img", feeds.photo, _from_seeds(mut.bytes_of)),
        Kind("font", ".ttf", feeds.font, _from_seeds(_font_bytes), lambda f: _special_files(f, ".ttf")),
    ]


def _edit_package(path: Path, key: bytes, edits: list[tuple[str, int, int, object]]) -> None:
    import sqlcipher3.dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                             "'sqlite_%' AND name != 'alembic_version' ORDER BY name")]
        for what, t, c, value in edits:
            table = tables[t % len(tables)]
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            column = columns[c % len(columns)]
            rows = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            with contextlib.suppress(sqlcipher.DatabaseError):  # a trigger or a constraint said no
                if what == "flood" and rows:  # many copies of one row, with fresh uids where there are any
                    conn.execute(f'CREATE TEMP TABLE IF NOT EXISTS f AS SELECT * FROM "{table}" LIMIT 1')
                    for _ in range(min(abs(value), 500) if isinstance(value, int) else 300):
                        conn.execute("UPDATE f SET " + ", ".join(
                            f'"{col}" = NULL' if col == "id" else (f'"{col}" = lower(hex(randomblob(16)))'
                                                                   if col == "uid" else f'"{col}" = "{col}"')
                            for col in columns))
                        conn.execute(f'INSERT INTO "{table}" SELECT * FROM f')
                    conn.execute("DROP TABLE f")
                elif rows:
                    conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = '
                                 f'(SELECT rowid FROM "{table}" LIMIT 1 OFFSET ?)', (value, c % rows))
        conn.commit()
    finally:
        conn.close()


sql_values = st.one_of(st.none(), st.integers(-2**63, 2**63 - 1), st.floats(), mut.nasty_text, st.binary(max_size=40),
                       st.sampled_from(["2024-13-45", "not a date", "9999-12-31 25:61:61", "{}", "[]", '{"a": [1]}',
                                        "x'00'", "-1", "0"]))
package_edits = st.lists(st.tuples(st.sampled_from(["set"] * 9 + ["flood"]), st.integers(0, 10_000),
                                   st.integers(0, 10_000), sql_values), min_size=1, max_size=4)


def _package_content(_paths: list[Path]) -> st.SearchStrategy[bytes]:
    import pickle

    return package_edits.map(pickle.dumps)


def _package_bytes(data: bytes) -> st.SearchStrategy[bytes]:
    """Damage anywhere, or in the 16-byte header that carries the Argon2 parameters."""
    header = st.tuples(st.integers(0, 15), st.integers(0, 255)).map(
        lambda t: data[:t[0]] + bytes([t[1]]) + data[t[0] + 1:])
    return st.one_of(header, mut.bytes_of(data))


def _font_bytes(data: bytes) -> st.SearchStrategy[bytes]:
    """Damage in the table directory and the tables discovery reads, or anywhere."""
    directory = st.tuples(st.integers(0, 12 + 16 * 20), st.binary(min_size=1, max_size=4)).map(
        lambda t: data[:t[0]] + t[1] + data[t[0] + len(t[1]):])
    return st.one_of(directory, directory, mut.bytes_of(data))


def _ini(data: bytes) -> st.SearchStrategy[bytes]:
    lines = st.lists(st.one_of(st.sampled_from(["[roster]", "[login]", "[main]", "widths=", "geometry=@ByteArray(",
                                                "columns=", "last_db=", "=", "[", "\\", "\\x", "\\u12"]),
                               st.text(max_size=40)), max_size=8)
    return st.one_of(mut.bytes_of(data), lines.map(lambda ls: data + "\n".join(ls).encode("utf-8", "surrogatepass")))


# --- running ----------------------------------------------------------------------------------

def _try(kind: Kind, path: Path, tally: Tally, timeout: int) -> None:
    started = time.perf_counter()
    try:
        with _deadline(timeout):
            outcome, detail = kind.feed(path)
    except Hang:
        outcome, detail = "hang", f"no answer within {timeout} s"
    except Exception:
        outcome, detail = "internal", traceback.format_exc()
    tally.seconds += time.perf_counter() - started
    tally.counts[outcome] += 1
    if outcome in ("internal", "hang"):
        last = detail.strip().splitlines()[-1] if detail.strip() else outcome
        tally.failures[last[:160]] += 1
        keep = OUT / "failures"
        keep.mkdir(parents=True, exist_ok=True)
        n = tally.counts["internal"] + tally.counts["hang"]
        if n <= 20:
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink():
                    shutil.copy2(path, keep / f"{kind.name}-{n}{kind.suffix}")
            (keep / f"{kind.name}-{n}.txt").write_text(f"{path}\n{detail}", "utf-8")


def run_kind(kind: Kind, seeds: list[Path], examples: int, rng_seed: int, timeout: int) -> Tally:
    tally = Tally()
    work = OUT / "work" / kind.name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for path in kind.hostile(work):
        _try(kind, path, tally, timeout)
    target = work / f"mutated{kind.suffix}"

    @seed(rng_seed)
    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(data=kind.strategy(seeds))
    def fuzz(data: bytes) -> None:
        target.unlink(missing_ok=True)
        target.write_bytes(data)
        _try(kind, target, tally, timeout)

    fuzz()
    return tally


def _argon2_bounds(feeds: Feeds) -> None:
    """How fast doctored Argon2 parameters are refused (a key file whose checksum was redone,
    a package header): before any derivation, so in milliseconds rather than minutes."""
    import json

    keys = json.loads(Path(f"{feeds.seeds.db}.keys").read_text("utf-8"))
    for slot in keys["slots"]:
        slot["kdf"]["memory_kib"] = 4 * 2**20
    hostile = OUT / "work" / "argon2.keys"
    hostile.parent.mkdir(parents=True, exist_ok=True)
    hostile.write_text(json.dumps(_keys_fix(keys)), "utf-8")
    started = time.perf_counter()
    outcome, detail = feeds.keys(hostile)
    print(f"   key file asking Argon2 for 4 GiB (checksum valid): {outcome} in "
          f"{(time.perf_counter() - started) * 1000:.0f} ms — {detail}", flush=True)
    package = OUT / "work" / "argon2.flpkg"
    data = bytearray(feeds.seeds.files["package"][0].read_bytes())
    data[4] = 22  # log2 of the memory in KiB: 4 GiB
    package.write_bytes(bytes(data))
    started = time.perf_counter()
    outcome, detail = feeds.package(package)
    print(f"   package header asking Argon2 for 4 GiB: {outcome} in {(time.perf_counter() - started) * 1000:.0f} ms "
          f"— {detail}", flush=True)


def main() -> None:
    examples = int(os.environ.get("FUZZ_EXAMPLES", "100"))
    rng_seed = int(os.environ.get("FUZZ_SEED", "1"))
    timeout = int(os.environ.get("FUZZ_TIMEOUT", "30"))
    wanted = {k for k in os.environ.get("FUZZ_KINDS", "").split(",") if k}
    random.seed(rng_seed)
    from desktop.store import kdf

    kdf.calibrate.cache_clear()  # a benchmark before this one may have calibrated for half a second
    shutil.rmtree(OUT, ignore_errors=True)
    print("   seeds: building a 30-cadre office database and files from the program's own writers …", flush=True)
    seeds = build(OUT / "seeds-db")
    feeds = Feeds(seeds)
    print(f"   {examples} mutated files per kind (FUZZ_EXAMPLES), seed {rng_seed} (FUZZ_SEED), "
          f"timeout {timeout} s (FUZZ_TIMEOUT), plus the hand-written hostile files", flush=True)
    _argon2_bounds(feeds)
    print(f"   {'kind':<16}{'tried':>7}{'refused':>9}{'accepted':>10}{'internal':>10}{'hangs':>7}{'s/file':>8}")
    total: Counter[str] = Counter()
    problems: list[str] = []
    for kind in kinds(feeds):
        if wanted and kind.name not in wanted:
            continue
        source = seeds.files[{"folder": "lrmx", "package-content": "package"}.get(kind.name, kind.name)]
        tally = run_kind(kind, source, examples, rng_seed, timeout)
        tried = sum(tally.counts.values())
        total.update(tally.counts)
        c = tally.counts
        print(f"   {kind.name:<16}{tried:>7}{c['refused']:>9}{c['accepted']:>10}{c['internal']:>10}{c['hang']:>7}"
              f"{tally.seconds / max(tried, 1):>8.2f}", flush=True)
        problems += [f"{kind.name}: {n} × {what}" for what, n in tally.failures.most_common()]
    tried = sum(total.values())
    print(f"   {'total':<16}{tried:>7}{total['refused']:>9}{total['accepted']:>10}{total['internal']:>10}"
          f"{total['hang']:>7}")
    for line in problems:
        print(f"   ! {line}")
    if problems:
        print(f"   inputs and tracebacks: {OUT / 'failures'}")


if __name__ == "__main__":
    main()
