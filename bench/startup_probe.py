"""Run by bench_window.py in a fresh process, started as the program is; prints its figures.

`bare`: a QApplication and an empty 1280×800 window, painted — what any PySide6 program costs.
    Prints: seconds from interpreter start to the painted window, RSS MiB.
`login`: `frontline gui --db DB` (desktop.cli.main.main, the installed entry point) up to its
    login dialog painted. Prints: seconds from interpreter start to the painted dialog, RSS MiB.
`window DB PASSWORD TYPING`: the same start; TYPING seconds after the dialog is painted (a
    clerk typing the password) the password is entered and Enter pressed; then the window
    opens, Ctrl+1 shows 干部档案 and its roster paints its first rows. Prints: seconds from
    Enter to that roster painted minus the key derivation (Argon2id, timed where it runs),
    the key derivation's seconds, and the cadres the roster shows.
`browse DB PASSWORD N`: the window on its roster, N cadre files opened and closed in turn, the
    roster scrolled end to end. Prints: RSS MiB, and how many files opened.
"""

from __future__ import annotations

import sys
import time

STARTED = time.perf_counter()


def rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _bare() -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    w = QWidget()
    w.resize(1280, 800)
    w.show()
    app.processEvents()
    w.repaint()
    print(f"{time.perf_counter() - STARTED:.4f} {rss_mib():.1f}", flush=True)


def _wait(condition, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        QApplication.processEvents()
        time.sleep(0.002)


def _login(db: str) -> None:
    import os

    from desktop.cli import main as cli
    from desktop.ui import login_dialog

    def shown(dialog: login_dialog.LoginDialog) -> int:
        dialog.show()
        _wait(lambda: dialog._painted)
        print(f"{time.perf_counter() - STARTED:.4f} {rss_mib():.1f}", flush=True)
        os._exit(0)  # what comes after the dialog is the next figure's

    login_dialog.LoginDialog.exec = shown  # type: ignore[method-assign]
    cli.main(["gui", "--db", db])


def _window(db: str, password: str, typing: float, then: str, files: int) -> None:
    import os

    from PySide6.QtWidgets import QApplication, QDialog

    from desktop.cli import main as cli
    from desktop.ui import login_dialog

    figures: dict[str, float] = {"kdf": 0.0}
    original_exec = QDialog.exec

    def typed(dialog: login_dialog.LoginDialog) -> int:
        from desktop.store import keyslots

        derive = keyslots.derive  # the Argon2id call that opening a key slot makes

        def timed_derive(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return derive(*args, **kwargs)
            finally:
                figures["kdf"] += time.perf_counter() - started

        keyslots.derive = timed_derive
        dialog.show()
        _wait(lambda: dialog._painted)
        typing_ends = time.perf_counter() + typing
        _wait(lambda: time.perf_counter() >= typing_ends)
        dialog.password_edit.setText(password)
        figures["enter"] = time.perf_counter()
        dialog.attempt_login()
        return original_exec(dialog)

    def event_loop(app: QApplication) -> int:
        from desktop.ui.main_window import MainWindow

        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        window.go_to_section(window.section_index(window.cadres))
        roster = window.cadres.roster
        roster.table.viewport().repaint()
        app.processEvents()
        usable = time.perf_counter()
        if then == "window":
            shown = roster.model.rowCount()
            print(f"{usable - figures['enter'] - figures['kdf']:.4f} {figures['kdf']:.4f} {shown}", flush=True)
            os._exit(0)
        _browse(app, window, files)
        os._exit(0)

    login_dialog.LoginDialog.exec = typed  # type: ignore[method-assign]
    QApplication.exec = event_loop  # type: ignore[method-assign, assignment]
    cli.main(["gui", "--db", db])


def _browse(app, window, files: int) -> None:  # type: ignore[no-untyped-def]
    import random

    from PySide6.QtCore import QEvent

    roster = window.cadres.roster
    model = roster.model
    rng = random.Random(5)
    opened = 0
    for row in sorted(rng.sample(range(model.rowCount()), files)):
        roster.table.scrollTo(model.index(row, 0))
        app.processEvents()
        editor = window.cadres.open_cadre(model.cadre_id(row))
        app.processEvents()
        if editor is not None:
            opened += 1
            window.cadres.close_tab(window.cadres.indexOf(editor))
            app.processEvents()
            # What the event loop does when control returns to it: free what deleteLater() let go.
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for row in range(0, model.rowCount(), max(1, model.rowCount() // 50)):
        roster.table.scrollTo(model.index(row, 0))
        app.processEvents()
    print(f"{rss_mib():.1f} {opened}", flush=True)


def main() -> None:
    mode = sys.argv[1]
    if mode == "bare":
        _bare()
    elif mode == "login":
        _login(sys.argv[2])
    elif mode == "window":
        _window(sys.argv[2], sys.argv[3], float(sys.argv[4]), "window", 0)
    elif mode == "browse":
        _window(sys.argv[2], sys.argv[3], 0.0, "browse", int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
