"""Helpers for driving the window from the keyboard in tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox

from desktop.ui.common import file_dialogs, messages


def type_text(qtbot, text: str) -> None:
    """Type into whatever has the keyboard focus, as a user does (editors open and close).

    Latin letters and digits are key presses; Chinese arrives as a real input method delivers
    it, a committed string (QTest cannot send key events for characters outside ASCII)."""
    for ch in text:
        # A person's keystrokes are milliseconds apart: the event loop runs in between (an
        # editor that Enter closed is gone and focus is back on the table).
        QApplication.processEvents()
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        if ch.isascii():
            qtbot.keyClicks(target, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(target, event)
    QApplication.processEvents()


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QApplication.processEvents()
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    # Qt commits a cell editor on Enter through a queued call: let it run, as it would
    # before a person's next action.
    QApplication.processEvents()


class Answers:
    """Stands in for QMessageBox's static dialogs: records what was asked, answers as told."""

    def __init__(self, monkeypatch, answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes) -> None:
        self.answer = answer
        self.asked: list[str] = []
        for name in ("question", "warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, name, self._reply)
        self.choice: str | None = None  # what messages.choose answers
        monkeypatch.setattr(messages, "choose", self._choose)

    def _choose(self, _parent, _title, text, options):
        self.asked.append(text)
        assert self.choice is None or self.choice in options, (self.choice, options)
        return self.choice

    def _reply(self, _parent, _title, text, *args, **kwargs):
        self.asked.append(text)
        return self.answer


class WhenShown:
    """Fill a modal dialog as soon as it opens (its exec() blocks the test until it closes).

    Polls for the dialog, calls `fill(dialog)`; if that fails, the dialog is closed so the
    test does not hang, and `check()` (call it after the exec() returns) re-raises the error.
    """

    def __init__(self, dialog_type: type, fill, timeout_ms: int = 5000) -> None:
        from PySide6.QtCore import QTimer

        self.dialog_type = dialog_type
        self.fill = fill
        self.error: BaseException | None = None
        self.done = False
        self.remaining = timeout_ms // 10
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        found = [w for w in QApplication.allWidgets() if isinstance(w, self.dialog_type) and w.isVisible()]
        self.remaining -= 1
        if not found and self.remaining > 0:
            return
        self.timer.stop()
        if not found:
            self.error = AssertionError(f"{self.dialog_type.__name__} never opened")
            return
        dialog = found[0]
        try:
            self.fill(dialog)
        except BaseException as exc:
            self.error = exc
            dialog.reject()
        self.done = True

    def check(self) -> None:
        self.timer.stop()
        if self.error is not None:
            raise self.error
        assert self.done, f"{self.dialog_type.__name__} was not handled"


@dataclass
class FileAsked:
    """What a file dialog showed: its title, name filters, folder and preselected name."""

    title: str
    filters: list[str]
    folder: Path
    name: str


class FileAnswers:
    """Stands in for the clerk at the program's file dialogs (file_dialogs.ask): the dialog
    is built as the window builds it, recorded, and answered with the next path given
    (a list for several files, None for 取消)."""

    def __init__(self, monkeypatch, *answers: str | Path | list[Path] | None) -> None:
        self.answers = list(answers)
        self.asked: list[FileAsked] = []
        monkeypatch.setattr(file_dialogs, "ask", self._ask)

    def _ask(self, dialog) -> list[str]:
        folder = Path(dialog.directory().absolutePath())
        selected = [Path(p) for p in dialog.selectedFiles()]
        name = selected[0].name if selected and selected[0] != folder else ""
        self.asked.append(FileAsked(dialog.windowTitle(), dialog.nameFilters(), folder, name))
        dialog.deleteLater()
        assert self.answers, f"unexpected file dialog {dialog.windowTitle()!r}"
        answer = self.answers.pop(0)
        if answer is None:
            return []
        return [str(p) for p in answer] if isinstance(answer, list) else [str(answer)]


def focus_in(qtbot, top, widget) -> None:
    """Show `top`, make it the active window and put the keyboard focus in `widget`."""
    with qtbot.waitExposed(top):
        top.show()
    top.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def conflict_rows(dialog) -> list[tuple[str, str, str, bool]]:
    """What the side-by-side dialog (ui/common/conflict_dialog.py) shows: per row the part, my
    value, the stored one, and whether 采用我的 is ticked."""
    table = dialog.table
    return [(table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text(),
             table.item(r, 0).checkState() == Qt.CheckState.Checked) for r in range(table.rowCount())]


def menu_titled(window: QMainWindow, title: str) -> QMenu:
    """The menu bar's menu `title` (报表(&R)…). Found among the window's menus rather than through
    QAction.menu(): with PySide6 6.8 that QMenu's wrapper dies with the QAction's temporary one."""
    titles = [a.text() for a in window.menuBar().actions()]
    assert title in titles, titles
    return next(m for m in window.findChildren(QMenu) if m.title() == title)
