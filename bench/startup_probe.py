"""Run by bench_window.py in a fresh process: start, show, report, exit.

`bare`: a QApplication and an empty window (the baseline of what any Qt program costs).
`app`: log in to the database and show the main window with its roster, the way a clerk
starts the program. Prints seconds from interpreter start to a painted window, then RSS.
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


def main() -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    mode = sys.argv[1]
    app = QApplication([])
    if mode == "bare":
        w = QWidget()
        w.resize(1280, 800)
        w.show()
    else:
        from desktop.services.workspace import Workspace
        from desktop.ui.main_window import MainWindow
        from desktop.ui.settings import Settings

        ws = Workspace.open(sys.argv[2], "admin", sys.argv[3])
        w = MainWindow(ws, Settings())
        w.show()
    app.processEvents()
    w.repaint()
    print(f"{time.perf_counter() - STARTED:.3f} {rss_mib():.1f}")


if __name__ == "__main__":
    main()
