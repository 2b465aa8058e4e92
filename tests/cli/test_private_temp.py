"""No plaintext left behind by a killed export: temp files go to the run's own folder, which
the next start removes with the partial files it noted."""

import os
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import frontline
from tests.conftest import PASSWORD


def _state_tmp() -> Path:
    return Path(os.environ["FRONTLINE_HOME"]) / "state" / "tmp"


def test_what_a_killed_program_left_is_removed_at_the_next_start(tmp_path: Path, empty_db: Path):
    dead = _state_tmp() / "999999-deadbeef"
    dead.mkdir(parents=True)
    (dead / ".alive").write_bytes(b"")  # nobody holds its lock any more
    (dead / "openpyxl.sheet.xml").write_text("<c><v>张三</v></c>", "utf-8")
    partial = tmp_path / ".花名册.xlsx.k2j3.tmp"
    partial.write_text("张三 110101199003071234", "utf-8")
    (dead / "pending-1").write_text(str(partial), "utf-8")
    unrelated = tmp_path / "花名册.xlsx"
    unrelated.write_text("a finished export stays", "utf-8")

    assert frontline("info", "--db", str(empty_db)).returncode == 0
    assert not dead.exists()
    assert not partial.exists()
    assert unrelated.exists()


def test_a_running_programs_folder_is_left_alone(empty_db: Path):
    code = "from desktop.store import scratch; print(scratch.setup(), flush=True); input()"
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        folder = Path(proc.stdout.readline().strip())
        assert folder.is_dir() and folder.parent == _state_tmp()
        assert oct(folder.stat().st_mode & 0o777) == "0o700"
        assert frontline("info", "--db", str(empty_db)).returncode == 0
        assert folder.is_dir()
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=30)
        assert not folder.exists()  # removed at a normal exit
    finally:
        proc.kill()
        proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()


def test_an_export_writes_its_temporary_sheets_into_the_private_folder(tmp_path: Path, demo_db: Path):
    """openpyxl's write-only sheets go to the temp folder until the workbook is closed."""
    record = tmp_path / "temps.txt"
    code = f"""
import sys
import openpyxl.worksheet._writer as writer
original = writer.create_temporary_file
def traced(suffix=""):
    name = original(suffix)
    open({str(record)!r}, "a").write(name + "\\n")
    return name
writer.create_temporary_file = traced
from desktop.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
    out = tmp_path / "花名册.xlsx"
    env = {**os.environ, "FRONTLINE_PASSWORD": PASSWORD, "TMPDIR": str(tmp_path / "system-temp")}
    result = subprocess.run([sys.executable, "-c", code, "export", "roster", "--db", str(demo_db),
                             "--format", "xlsx", "--out", str(out)], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    temps = record.read_text().split()
    assert temps, "the export wrote no temporary sheet: the check would prove nothing"
    assert all(Path(t).parent.parent == _state_tmp() for t in temps), temps
    assert not (tmp_path / "system-temp").exists() or not any((tmp_path / "system-temp").iterdir())


def test_files_a_killed_export_had_not_yet_logged_are_removed(tmp_path: Path, empty_db: Path):
    dead = _state_tmp() / "999998-cafebabe"
    dead.mkdir(parents=True)
    (dead / ".alive").write_bytes(b"")
    folder = tmp_path / "forms"
    folder.mkdir()
    done, partial, other = folder / "张三.lrmx", folder / ".李四.lrmx.x1y2.tmp", folder / "王五.lrmx"
    for p in (done, partial, other):
        p.write_text("<Person>…</Person>", "utf-8")
    (dead / "files-1").write_text(f"{done}\n{folder / '李四.lrmx'}\n", "utf-8")
    assert frontline("info", "--db", str(empty_db)).returncode == 0
    assert not done.exists() and not partial.exists()
    assert other.exists()  # not the killed export's


def test_the_window_makes_the_private_folder_only_when_its_login_dialog_asks(tmp_path: Path):
    """`frontline gui` leaves the folder to the window (made once the login dialog is painted,
    so that its sweep does not delay the first frame); every other command makes it first."""
    code = """
import sys
from desktop.store import scratch
from desktop.ui import app
def run(db=None, open_file=None, prepare=None):
    print("before", scratch.current(), flush=True)
    prepare()
    print("after", scratch.current(), flush=True)
    return 0
app.run = run
from desktop.cli.main import main
sys.exit(main(["gui"]))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    before, after = (line.split(" ", 1)[1] for line in result.stdout.splitlines())
    assert before == "None"
    assert Path(after).parent == _state_tmp()


def test_a_batch_ends_cleanly_when_multiprocessing_was_loaded_before_the_private_folder(tmp_path: Path,
                                                                                         demo_db: Path):
    """As in the frozen program, whose start-up loads multiprocessing first: at exit the run's
    folder goes first, and the fork server's socket folder (multiprocessing's) was not in it."""
    code = ("import sys, multiprocessing.util; from desktop.cli.main import main; "
            f"sys.exit(main(['report', 'adform', '--db', {str(demo_db)!r}, '--cadre', '1', '--cadre', '2', "
            f"'--out', {str(tmp_path / 'pdfs')!r}, '--workers', '2']))")
    env = {**os.environ, "FRONTLINE_PASSWORD": PASSWORD}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert len(list((tmp_path / "pdfs").glob("*.pdf"))) == 2
    assert list(_state_tmp().iterdir()) == []  # the run's own folder is gone
