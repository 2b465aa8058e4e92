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
