"""The window's Ctrl+E and Ctrl+K with the cursor in a text field, on a real X server.

The other tests run on the offscreen platform, whose text fields have no Emacs-style keys. Here
a program runs on Xvfb with Qt's xcb platform, as on UOS and Kylin, where a line edit claims
Ctrl+E (end of line), Ctrl+K (cut to the end) and Ctrl+D (delete). `make test` installs Xvfb.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROGRAM = r"""
import json, sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMainWindow
from desktop.ui.app import application
from desktop.ui.common import dialog_keys

app = application()
if sys.argv[1] == "without":
    app.removeEventFilter(dialog_keys.install(app))  # the application's key filter
window = QMainWindow()
field = QLineEdit()
window.setCentralWidget(field)
heard = []
for keys in ("Ctrl+E", "Ctrl+K"):
    action = QAction(keys, window)
    action.setShortcut(QKeySequence(keys))
    action.triggered.connect(lambda _=False, k=keys: heard.append(k))
    window.addAction(action)
window.show()
QTest.qWaitForWindowExposed(window)
window.activateWindow()  # no window manager on Xvfb: the program asks for the focus itself
QTest.qWaitForWindowActive(window)
field.setFocus()
QTest.qWait(100)
field.setText("abcdef")
field.setCursorPosition(2)
for key in (Qt.Key.Key_E, Qt.Key.Key_K, Qt.Key.Key_D):
    QTest.keyClick(field, key, Qt.KeyboardModifier.ControlModifier)
print(json.dumps({"platform": app.platformName(), "heard": heard, "text": field.text()}))
"""


def _run(mode: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env.pop("DISPLAY", None)
    done = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.skipif(sys.platform != "linux", reason="X11 key bindings are Linux's")
def test_the_window_gets_its_keys_and_the_field_keeps_the_rest_on_x11():
    seen = _run("with")
    assert seen["platform"] == "xcb"
    assert seen["heard"] == ["Ctrl+E", "Ctrl+K"]
    # Ctrl+D, which the window does not bind, is still X11's delete: the "c" after the cursor.
    assert seen["text"] == "abdef"


@pytest.mark.skipif(sys.platform != "linux", reason="X11 key bindings are Linux's")
def test_without_the_filter_the_field_takes_ctrl_e_on_x11():
    """The defect this guards against, so that the test above cannot pass on a platform
    without these key bindings."""
    seen = _run("without")
    assert seen["platform"] == "xcb"
    assert "Ctrl+E" not in seen["heard"]
