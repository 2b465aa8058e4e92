"""GUI tests: an unexpected message box fails the test at once instead of waiting forever
for a click. Tests that expect one answer it with helpers.Answers."""

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.ui import messages


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_parent, title, text, *args, **kwargs):
        raise AssertionError(f"unexpected dialog {title!r}: {text}")

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    monkeypatch.setattr(messages, "choose", lambda _p, title, text, _o: refuse(_p, title, text))
