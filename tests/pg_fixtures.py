"""Both backends: the storage and service tests run on the encrypted file and on a real
PostgreSQL server, so that the two stay equal.

A module listed in BOTH_BACKENDS (or marked `both_backends`) runs each test that takes `ws`
or `demo_ws` twice, `[sqlite]` and `[postgresql]`. The server is started once per test
process (each xdist worker has its own, tests/pg_server.py) and every test gets its own
database, copied from a template built once (CREATE DATABASE … TEMPLATE, a fraction of a
second). Without PostgreSQL the `[postgresql]` tests fail saying so; set
FRONTLINE_SKIP_POSTGRES=1 to skip them on purpose.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import pg_server

SQLITE, POSTGRESQL = "sqlite", "postgresql"
# Test modules (paths from the repository root, or folders) whose `ws` / `demo_ws` tests run on both:
# every storage and service test; one that looks inside the SQLite file is marked `file_only`.
BOTH_BACKENDS = (
    "tests/services/",
    "tests/store/",
)
_counter = itertools.count(1)
# Databases copied for the running test, dropped after it (server_copies): a server that
# kept one per test would hold gigabytes by the end of the run and take minutes to delete.
_copies: list[tuple[pg_server.TestServer, str]] = []


def _on_both(metafunc: pytest.Metafunc) -> bool:
    if metafunc.definition.get_closest_marker("both_backends") is not None:
        return True
    rel = Path(str(metafunc.definition.fspath)).resolve().relative_to(Path(__file__).resolve().parent.parent)
    return any(str(rel).startswith(entry) for entry in BOTH_BACKENDS)


def generate_backends(metafunc: pytest.Metafunc) -> None:
    """conftest's pytest_generate_tests: `backend` (which `ws` and `demo_ws` take) runs both ways,
    except in a test marked `file_only` (it looks inside the SQLite file itself)."""
    if "backend" in metafunc.fixturenames and _on_both(metafunc) \
            and metafunc.definition.get_closest_marker("file_only") is None:
        metafunc.parametrize("backend", [SQLITE, POSTGRESQL], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which backend this test runs on: "sqlite" unless its module runs on both."""
    return str(getattr(request, "param", SQLITE))


@pytest.fixture(scope="session")
def pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pg_server.TestServer]:
    """A PostgreSQL server for this test process, with an empty and a demo template database."""
    reason = pg_server.missing()
    if reason:
        if os.environ.get("FRONTLINE_SKIP_POSTGRES") == "1":
            pytest.skip(f"FRONTLINE_SKIP_POSTGRES=1：{reason}")
        pytest.fail(reason, pytrace=False)
    server = pg_server.start()
    try:
        yield server
    finally:
        server.stop()


def _build(server: pg_server.TestServer, name: str, home: Path, build: Any) -> None:
    from tests.conftest import _home

    server.create_database(name)
    url = server.url(name, pg_server.ADMIN)
    with _home(home):
        ws = build(url)
        ws.close()


@pytest.fixture(scope="session")
def pg_templates(pg: pg_server.TestServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Template databases on the server, like conftest's `templates` files (same seed)."""
    from desktop.demo.database import create_demo_database
    from desktop.services.admin.accounts import create_database

    home = tmp_path_factory.mktemp("pg-templates")
    _build(pg, "tpl_empty", home, lambda url: create_database(url, "", "")[0])
    _build(pg, "tpl_demo", home, lambda url: create_demo_database(url, "", "", 300, seed=3)[0])
    return {"empty": "tpl_empty", "demo": "tpl_demo"}


def throwaway_database(pg: pg_server.TestServer, name: str) -> str:
    """A new empty database on the test server, dropped after the test like a copy: a database
    left behind keeps its grants, and a role granted in it could never be dropped, so a later
    test adding an account of that name would meet the server's login (accounts.add_account)."""
    url = pg.create_database(name)
    _copies.append((pg, name))
    return url


def server_copy(pg: pg_server.TestServer, template: str, user: str = pg_server.ADMIN) -> str:
    """A new database on the test server copied from `template`; its URL for `user`."""
    name = f"t{os.getpid()}_{next(_counter)}"
    # FILE_COPY copies the template's files whole: for our small templates three to ten times
    # faster than the default WAL_LOG (page by page through the log), which needs no checkpoint
    # only because it pays for that per page. PostgreSQL before 15 knows one way only.
    strategy = " STRATEGY FILE_COPY" if pg.version >= 150000 else ""
    pg.psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')
    _copies.append((pg, name))
    return pg.url(name, user)


@pytest.fixture(autouse=True)
def server_copies() -> Iterator[None]:
    """Drops the databases the test copied, once its own fixtures have closed them (FORCE
    ends a connection a failed test left open)."""
    yield
    touched = {}
    while _copies:
        server, name = _copies.pop()
        server.drop_database(name)
        touched[id(server)] = server
    for server in touched.values():  # a test on `pg` itself (no workspace fixture) added roles too
        _reset_accounts(server)


def open_server_ws(request: pytest.FixtureRequest, which: str) -> Any:
    """The administrator's workspace on a new copy of template `which`, dropped after the test
    (hundreds of copies would otherwise fill the server's folder, which is in memory)."""
    from desktop.services.workspace import Workspace
    from desktop.store.server import ServerAddress

    server: pg_server.TestServer = request.getfixturevalue("pg")
    templates: dict[str, str] = request.getfixturevalue("pg_templates")
    url = server_copy(server, templates[which], pg_server.ADMIN)
    # Registered before the fixture's own teardown, so it runs after the workspace is closed.
    request.addfinalizer(lambda: _clean_up(server, ServerAddress.parse(url).database))
    return Workspace.open(url, "", pg_server.ADMIN_PASSWORD)


def _clean_up(server: pg_server.TestServer, database: str) -> None:
    """Drop the test's database (FORCE ends the connections it left open: a second clerk, a
    listener), then undo what it did to the server's accounts, which are the server's and not
    the database's: the roles it added go (a later test adds "clerk" or "wang" anew), and the
    administrator's password and login are the fixtures' again (a test may have changed them)."""
    server.drop_database(database)
    _copies[:] = [(srv, n) for srv, n in _copies if n != database]
    _reset_accounts(server)


def _reset_accounts(server: pg_server.TestServer) -> None:
    server.psql(f"""DO $$DECLARE r text; BEGIN
        FOR r IN SELECT rolname FROM pg_roles
                 WHERE rolname !~ '^pg_' AND rolname NOT IN ('{pg_server.SUPERUSER}', '{pg_server.ADMIN}') LOOP
            BEGIN EXECUTE format('DROP ROLE %I', r);
            EXCEPTION WHEN dependent_objects_still_exist THEN NULL;  -- granted in another test's database
            END;
        END LOOP;
        ALTER ROLE {pg_server.ADMIN} LOGIN PASSWORD '{pg_server.ADMIN_PASSWORD}';
    END$$""")


def location_for(ws: Any, user: str) -> Any:
    """What to open `ws`'s database with as another account: the same file, or the same
    server database with that server account in its address, over TCP with TLS as a clerk's
    computer connects (the test server trusts its unix socket: a wrong password would pass)."""
    if not ws.db.is_server:
        return ws.db.path
    from dataclasses import replace

    from desktop.store.server import ServerAddress

    return replace(ServerAddress.parse(ws.db.location), user=user, host="127.0.0.1", sslmode="require").url()


@pytest.fixture
def clerks(request: pytest.FixtureRequest) -> Iterator[tuple[Any, Any]]:
    """The administrator and the clerk wang, each connected to the same server database
    (two clerks of one office: conflicts, live refresh)."""
    from desktop.services.admin import accounts
    from desktop.services.workspace import Workspace

    admin = open_server_ws(request, "empty")
    accounts.add_account(admin, "wang", "Wang-pass1", role="经办人")
    wang = Workspace.open(location_for(admin, "wang"), "", "Wang-pass1")
    yield admin, wang
    wang.close()
    admin.close()
