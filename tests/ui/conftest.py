"""GUI tests: an unexpected message box or file dialog fails the test at once instead of
waiting forever for a click. Tests that expect one answer it with helpers.Answers."""

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.services.workspace import Workspace
from desktop.ui.app import application
from desktop.ui.common import file_dialogs, messages, workers
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):
    """The application object as the program builds it (fonts, Chinese Qt translations)."""
    return application()


@pytest.fixture(autouse=True)
def _application(qapp) -> None:
    """Every window test has the application: a test asking only for qtmodeltester built its
    dialog without one (Qt aborts) when it ran alone, and passed only after another test."""


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_parent, title, text, *args, **kwargs):
        raise AssertionError(f"unexpected dialog {title!r}: {text}")

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    # A plain box built by hand (the internal-error box of messages.show_error) would block in
    # exec(); the program's own dialogs built on QMessageBox (MergeDialog) are driven by tests.
    shown = QMessageBox.exec

    def exec_box(box: QMessageBox) -> int:
        if type(box) is QMessageBox:
            refuse(None, box.windowTitle(), box.text())
        return shown(box)

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(messages, "choose", lambda _p, title, text, _o: refuse(_p, title, text))
    # A file dialog would wait forever too; helpers.FileAnswers answers expected ones.
    monkeypatch.setattr(file_dialogs, "ask", lambda dialog: refuse(None, dialog.windowTitle(), "file dialog"))


@pytest.fixture(autouse=True)
def no_task_outlives_its_test() -> Iterator[None]:
    """A worker still running when its test ends would report into the next test (CI once
    failed that way: an LRMX export finished during the next test's setup, under that test's
    home folder). Each test's tasks are stopped and waited for before the next one begins."""
    yield
    assert not workers.stop_all(timeout=60), "a background task did not stop within 60 s"


@pytest.fixture
def window(qtbot, demo_ws: Workspace) -> MainWindow:
    """The main window on a copy of the demo database, shown (a module may override it)."""
    w = MainWindow(demo_ws, Settings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w
