"""Shared fixtures. The schema and demo data are built once per session; each test gets
its own copy of the files (as anki's tests copy a template collection)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tiny Argon2 cost: key slots are still real Argon2id + AES-GCM, just fast to derive.
os.environ["FRONTLINE_KDF_TARGET_MS"] = "1"
os.environ.pop("FRONTLINE_PASSWORD", None)

from desktop.services.workspace import Workspace
from tests.pg_fixtures import (  # noqa: F401  (fixtures every test may use)
    POSTGRESQL,
    backend,
    clerks,
    generate_backends,
    open_server_ws,
    pg,
    pg_templates,
    server_copies,
)

# Meets the 等保 rule (services/admin/accounts.py); tests/data/ files still use "secret123".
PASSWORD = "Secret-123"
SAMPLE_PASSWORD = "secret123"  # tests/data/schema-0001…0007.db: made before the rule, still open


def sample_password(sample: Path) -> str:
    """The admin password of a tests/data sample: samples from schema 0008 on meet the rule."""
    return SAMPLE_PASSWORD if sample.stem.removeprefix("schema-") < "0008" else PASSWORD
TESTS = Path(__file__).parent


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    generate_backends(metafunc)  # `ws` and `demo_ws` on both backends where chosen (tests/pg_fixtures.py)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if (TESTS / "ui") in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
        if (TESTS / "cli") in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def frontline_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config, state and log folders."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("FRONTLINE_HOME", str(home))
    return home


def _copy_db(src: Path, dst: Path) -> Path:
    shutil.copy2(src, dst)
    shutil.copy2(f"{src}.keys", f"{dst}.keys")
    return dst


def copy_sample(name: str, folder: Path) -> Path:
    """A copy of tests/data/`name` (a sample database of a released schema) with its key file."""
    return _copy_db(TESTS / "data" / name, folder / name)


@contextmanager
def _home(folder: Path) -> Iterator[None]:
    """FRONTLINE_HOME pointed at `folder` while session templates are built."""
    old = os.environ.get("FRONTLINE_HOME")
    os.environ["FRONTLINE_HOME"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("FRONTLINE_HOME", None)
        else:
            os.environ["FRONTLINE_HOME"] = old


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty database and a demo database with 300 cadres, built once."""
    from desktop.demo.database import create_demo_database
    from desktop.services.admin.accounts import create_database

    folder = tmp_path_factory.mktemp("templates")
    with _home(folder / "home"):
        ws, _ = create_database(folder / "empty.db", "admin", PASSWORD)
        ws.db.checkpoint()
        ws.close()
        ws, _, _ = create_demo_database(folder / "demo.db", "admin", PASSWORD, 300, seed=3)
        ws.close()
    return {"empty": folder / "empty.db", "demo": folder / "demo.db"}


@pytest.fixture(scope="session")
def scenario_template(templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The hand-worked front-line records of tests/services/reports/report_scenario.py, built once."""
    from tests.services.reports.report_scenario import build

    folder = tmp_path_factory.mktemp("scenario")
    path = _copy_db(templates["empty"], folder / "scenario.db")
    with _home(folder / "home"):
        ws = Workspace.open(path, "admin", PASSWORD)
        try:
            scenario = build(ws)
            ws.db.checkpoint()
        finally:
            ws.close()
    return path, scenario


@pytest.fixture
def scenario_db(scenario_template: tuple[Path, Any], tmp_path: Path) -> tuple[Path, Any]:
    """A copy of the scenario database and its Scenario (ids of the cadres, campaigns …)."""
    return _copy_db(scenario_template[0], tmp_path / "scenario.db"), scenario_template[1]


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless LibreOffice for the session (tests/office.py); skips where there is none."""
    from tests.office import Office, missing

    reason = missing()
    if reason:
        pytest.skip(reason)
    instance = Office(tmp_path_factory.mktemp("office"))
    yield instance
    instance.close()


@pytest.fixture
def empty_db(templates: dict[str, Path], tmp_path: Path) -> Path:
    return _copy_db(templates["empty"], tmp_path / "empty.db")


@pytest.fixture
def demo_db(templates: dict[str, Path], tmp_path: Path) -> Path:
    return _copy_db(templates["demo"], tmp_path / "demo.db")


@pytest.fixture
def ws(backend: str, request: pytest.FixtureRequest) -> Iterator[Workspace]:  # noqa: F811 (the fixture)
    """An empty database (a file; on the office server too where tests/pg_fixtures.py says so)."""
    if backend == POSTGRESQL:
        workspace = open_server_ws(request, "empty")
    else:
        workspace = Workspace.open(request.getfixturevalue("empty_db"), "admin", PASSWORD)
    yield workspace
    workspace.close()


@pytest.fixture
def demo_ws(backend: str, request: pytest.FixtureRequest) -> Iterator[Workspace]:  # noqa: F811 (the fixture)
    """The demo database (300 cadres, seed 3), on the backend as `ws`."""
    if backend == POSTGRESQL:
        workspace = open_server_ws(request, "demo")
    else:
        workspace = Workspace.open(request.getfixturevalue("demo_db"), "admin", PASSWORD)
    yield workspace
    workspace.close()


def data_digest(ws: Workspace) -> str:
    """SHA-256 over every row of every table: equal before and after means nothing changed
    (computed the same way on a file and on the office server: store/content.py)."""
    from desktop.store import content

    ws.require("test.inspect")
    with ws.db.connect() as conn:
        return content.overall(content.digests(conn, meta_keys=()))


ROOT = hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of `size` mounted at `folder` (root only): small full disks, read-only media."""
    import subprocess

    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def read_only(tmp_path: Path, demo_db: Path) -> Iterator[Path]:
    """A folder holding a copy of the demo database (x.db) that cannot be written to: a tmpfs
    remounted read-only as root, else a folder without write permission."""
    import subprocess

    if ROOT:
        with tmpfs(tmp_path / "ro", "32m") as folder:
            _copy_db(demo_db, folder / "x.db")
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            yield folder
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        _copy_db(demo_db, folder / "x.db")
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
