"""The window tells a damaged page or a full disk as a refusal, not as a bug of ours."""

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.exc import OperationalError

from desktop.ui.common import messages
from tests.ui.helpers import Answers


def test_full_disk_mid_operation_is_a_plain_warning(qtbot, monkeypatch):
    answers = Answers(monkeypatch)
    raw = sqlcipher.OperationalError("database or disk is full")
    raw.sqlite_errorcode = 13
    messages.show_error(None, OperationalError("INSERT INTO talk …", {}, raw))
    assert answers.asked == ["磁盘空间不足，本次操作没有完成，数据没有改动。请清理磁盘后重试"]


def test_an_unexpected_error_box_fails_a_test_instead_of_waiting_for_a_click(qtbot, monkeypatch):
    monkeypatch.setattr(messages, "write_crash_log", lambda exc: "trace")
    try:
        messages.show_error(None, ZeroDivisionError("bug"))
    except AssertionError as refused:
        assert "程序遇到了意外错误" in str(refused)
    else:
        raise AssertionError("the internal-error box was not refused")
