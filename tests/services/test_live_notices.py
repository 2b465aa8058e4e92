"""Other clerks' changes arrive as notices from the office server (LISTEN/NOTIFY, issue 18):
what a second workspace hears when the first one saves, and what it does not hear."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest

from desktop.errors import FrontlineError
from desktop.models.cadres import Cadre
from desktop.services import live
from desktop.services.cadres import cadre_files
from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from tests import pg_server
from tests.pg_fixtures import location_for, open_server_ws
from tests.pg_server import ADMIN_PASSWORD

WAIT = 15  # seconds: a notice that has not come by then is not coming


def _file(name: str) -> CadreFile:
    return CadreFile(fields={"name": name, "sex": "男", "birth": "1980.05"})


class Heard:
    """What a feed reported, in order, from its thread."""

    def __init__(self) -> None:
        self.changes: queue.Queue[Changes] = queue.Queue()
        self.states: queue.Queue[tuple[bool, str]] = queue.Queue()

    def start(self, ws: Workspace) -> live.ChangeFeed:
        feed = live.ChangeFeed.start(ws, self.changes.put, lambda up, why: self.states.put((up, why)))
        assert feed is not None
        assert self.states.get(timeout=WAIT) == (True, "")  # listening before anything is changed
        return feed

    def next_changes(self) -> Changes:
        return self.changes.get(timeout=WAIT)


@pytest.fixture
def two(request: pytest.FixtureRequest) -> Iterator[tuple[Workspace, Workspace]]:
    """Two sessions of the administrator on one server database (two clerks' programs)."""
    first = open_server_ws(request, "empty")
    second = Workspace.open(location_for(first, "admin"), "", ADMIN_PASSWORD)
    yield first, second
    second.close()
    first.close()


@pytest.fixture
def heard(two: tuple[Workspace, Workspace]) -> Iterator[tuple[Heard, live.ChangeFeed]]:
    """The second session listening."""
    h = Heard()
    feed = h.start(two[1])
    yield h, feed
    assert feed.stop()


def test_a_saved_cadre_reaches_the_other_session_by_id_and_its_own_is_not_repeated(two, heard):
    first, second = two
    h, _feed = heard
    cadre_files.save(second, _file("自己"))  # the listening session's own change: not heard
    cid = cadre_files.save(first, _file("张三"))
    got = h.next_changes()
    assert got.ids("cadre") == {cid}
    assert cid in got.entities["cadre"].created
    assert not got.unlisted
    assert h.changes.empty()


def test_a_refused_change_sends_nothing(two, heard):
    first, _second = two
    h, _feed = heard

    def refused(ctx):
        ctx.session.add(Cadre(name="不会保存", sex="男"))
        ctx.session.flush()
        raise FrontlineError("拒绝")

    with pytest.raises(FrontlineError):
        first.run("cadre.create", refused)
    cid = cadre_files.save(first, _file("李四"))
    assert h.next_changes().ids("cadre") == {cid}  # the first thing heard is the saved one


def test_a_notice_too_long_for_the_server_names_the_tables_without_ids():
    changes = Changes()
    changes.entities["cadre"].created.update(range(100_000, 103_000))
    text = live.notice_for("me", "cadre.import", changes)
    assert len(text.encode()) < 8000
    got = live.changes_of(text, "someone else")
    assert got is not None and got.unlisted == {"cadre"} and got.touches("cadre")
    assert got.ids("cadre") == set()


def test_the_notice_carries_the_action_and_ids_but_no_names(two, pg: pg_server.TestServer):
    first, _second = two
    database = first.db.address.database
    # Listen with psql's own connection as any other program on the server could.
    import psycopg

    with psycopg.connect(host=str(pg.socket_dir), port=pg.port, user="frontline_test", dbname=database,
                         autocommit=True) as conn:
        conn.execute("LISTEN frontline_changes")
        cid = cadre_files.save(first, _file("王秘密"))
        notice = next(conn.notifies(timeout=WAIT, stop_after=1))
    assert '"a":"cadre.create"' in notice.payload
    assert str(cid) in notice.payload
    assert "王秘密" not in notice.payload and "1980" not in notice.payload


def test_text_on_the_channel_that_is_not_a_notice_is_ignored(two, heard, pg: pg_server.TestServer):
    first, _second = two
    h, _feed = heard
    pg.psql("SELECT pg_notify('frontline_changes', 'not json'); "
            "SELECT pg_notify('frontline_changes', '{\"o\": \"x\", \"e\": {\"cadre\": 5}}')",
            first.db.address.database)
    cid = cadre_files.save(first, _file("赵六"))
    assert h.next_changes().ids("cadre") == {cid}


def test_a_lost_connection_is_said_and_after_it_comes_back_everything_is_reread(two, heard, pg: pg_server.TestServer):
    first, _second = two
    h, _feed = heard
    database = first.db.address.database
    pg.psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    pg.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'frontline-listen' "
            f"AND datname = '{database}'")
    up, why = h.states.get(timeout=WAIT)
    assert not up and why
    pg.psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    assert h.states.get(timeout=WAIT) == (True, "")
    again = h.next_changes()
    assert {"cadre", "unit", "point_entry"} <= again.unlisted


def test_a_stopped_feed_ends_its_thread_and_its_connection(two, pg: pg_server.TestServer):
    _first, second = two
    h = Heard()
    feed = h.start(second)
    database = second.db.address.database
    listening = ("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'frontline-listen' "
                 f"AND datname = '{database}'")
    assert pg.psql(listening) == "1"
    assert feed.stop()
    assert not feed.running
    assert "frontline-listen" not in [t.name for t in threading.enumerate()]
    # The server ends the connection's backend a moment after the program closed it.
    assert any(pg.psql(listening) == "0" for _ in range(200))


# About the file itself: the server's feed is what the tests above are about.
@pytest.mark.file_only
def test_a_file_has_no_feed(ws):
    assert live.ChangeFeed.start(ws, print, print) is None


def test_a_clerk_without_owner_rights_sends_notices_too(two, heard):
    from desktop.services.admin import accounts

    first, _second = two
    h, _feed = heard
    accounts.add_account(first, "li", "Li-pass123", role="经办人")
    h.next_changes()  # the account itself
    li = Workspace.open(location_for(first, "li"), "", "Li-pass123")
    try:
        cid = cadre_files.save(li, _file("钱七"))
    finally:
        li.close()
    assert h.next_changes().ids("cadre") == {cid}


def test_over_tcp_a_vanished_server_is_given_up_on_and_the_listener_hears(two, pg: pg_server.TestServer):
    first, _second = two
    tcp = Workspace.open(pg.tcp_url(first.db.address.database, "admin"), "", ADMIN_PASSWORD)
    try:
        raw = tcp.db.engine.raw_connection()
        try:
            given = raw.driver_connection.info.get_parameters()  # type: ignore[union-attr]
        finally:
            raw.close()
        # A pulled cable: unacknowledged data is given up on after 20 s, silence after ~1 min.
        assert given["tcp_user_timeout"] == "20000" and given["keepalives_idle"] == "30"
        h = Heard()
        feed = h.start(tcp)
        try:
            cid = cadre_files.save(first, _file("孙八"))
            assert h.next_changes().ids("cadre") == {cid}
        finally:
            assert feed.stop()
    finally:
        tcp.close()


def test_a_server_restart_is_said_and_listening_resumes_after_it():
    """The whole server going away (not one connection): a server of its own, stopped and started."""
    from desktop.services.admin.accounts import create_database

    server = pg_server.start()
    try:
        server.create_database("restarted")
        ws, _ = create_database(server.url("restarted", pg_server.ADMIN), "", "")
        h = Heard()
        feed = h.start(ws)
        data = str(server.folder / "data")
        server._run("pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        up, why = h.states.get(timeout=WAIT)
        assert not up and why
        server._run("pg_ctl", "-D", data, "-l", str(server.folder / "log"), "-w", "start")
        assert h.states.get(timeout=2 * WAIT) == (True, "")  # retries wait up to 10 s apart
        assert "cadre" in h.next_changes().unlisted  # what was sent meanwhile is re-read
        other = Workspace.open(server.url("restarted", pg_server.ADMIN), "", "")
        try:
            cid = cadre_files.save(other, _file("重启后"))
        finally:
            other.close()
        assert h.next_changes().ids("cadre") == {cid}  # listening again
        assert feed.stop()
        ws.close()
    finally:
        server.stop()
