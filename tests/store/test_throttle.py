from desktop.store.throttle import LoginThrottle, delay_after


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_delay_grows_after_three_failures_and_caps():
    assert [delay_after(n) for n in range(7)] == [0, 0, 0, 1, 2, 4, 8]
    assert delay_after(50) == 60


def test_failures_are_remembered_between_runs_and_cleared_by_success(tmp_path):
    clock = Clock()
    state = tmp_path / "state.json"
    t = LoginThrottle(tmp_path / "x.db", clock=clock, state_file=state)
    for _ in range(4):
        t.record_failure()
    again = LoginThrottle(tmp_path / "x.db", clock=clock, state_file=state)
    assert again.failures() == 4
    assert again.wait_remaining() == 2
    clock.now += 2
    assert again.wait_remaining() == 0
    again.record_success()
    assert LoginThrottle(tmp_path / "x.db", clock=clock, state_file=state).failures() == 0


def test_an_unreadable_state_file_does_not_block_login(tmp_path):
    state = tmp_path / "state.json"
    state.write_text("{{{")
    assert LoginThrottle(tmp_path / "x.db", state_file=state).wait_remaining() == 0


JUNK = [
    b"\xff\xfe\x00garbage",  # not UTF-8
    b"[" * 100_000,  # nested deeper than the JSON decoder's recursion limit
    b'{"' + b"x" * 10 + b'": ' + b"[" * 200 + b"]" * 200 + b"}",
    b"[1, 2, 3]",  # JSON, but not an object
    b'{"KEY": "many"}',  # an entry that is not an object
    b'{"KEY": {"failures": "3", "last": 1}}',
    b'{"KEY": {"failures": 1e999, "last": 1}}',
    b'{"KEY": {"failures": 5, "last": "yesterday"}}',
    b'{"KEY": {"failures": -4, "last": 0}}',
    b'{"KEY": {"failures": ' + b"9" * 5000 + b', "last": 0}}',  # an integer too long to convert
]


def test_junk_in_the_login_delay_file_is_reset_with_a_warning(tmp_path, caplog):
    state = tmp_path / "state.json"
    db = tmp_path / "x.db"
    key = str(db.resolve())
    for junk in JUNK:
        state.write_bytes(junk.replace(b"KEY", key.encode()))
        t = LoginThrottle(db, state_file=state)
        caplog.clear()
        assert t.wait_remaining() == 0 and t.failures() == 0
        assert "ignored" in caplog.text, junk[:40]
        t.record_failure()  # writes a sound file over the junk
        assert LoginThrottle(db, state_file=state).failures() == 1


def test_a_time_in_the_future_does_not_lock_for_longer_than_the_delay(tmp_path):
    import json

    state = tmp_path / "state.json"
    db = tmp_path / "x.db"
    state.write_text(json.dumps({str(db.resolve()): {"failures": 5, "last": 1e300}}))
    assert LoginThrottle(db, state_file=state).wait_remaining() == delay_after(5)


def test_a_named_pipe_as_the_login_delay_file_does_not_hang(tmp_path, caplog):
    import os

    state = tmp_path / "state.json"
    os.mkfifo(state)
    t = LoginThrottle(tmp_path / "x.db", state_file=state)
    assert t.wait_remaining() == 0 and "命名管道" in caplog.text
    t.record_failure()
    assert state.is_file() and LoginThrottle(tmp_path / "x.db", state_file=state).failures() == 1
