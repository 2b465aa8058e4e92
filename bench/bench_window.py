"""The cadre-file window at 100,000 cadres (BENCH_CADRES):

- start-up to a usable roster, against a bare PySide6 window started the same way (ratio);
- roster filter: keystroke to updated view, p50/p95 over typed initials and names;
- opening a cadre file (the editor with every tab), p50/p95;
- resident memory with the roster open, against the bare window.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PASSWORD, cadres_default, demo_database, ms, percentiles

ROOT = Path(__file__).parent.parent


def _probe(*args: str) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           # An installed program starts from compiled bytecode: let the probe keep its .pyc
           # (under bench/out, not beside the sources) instead of compiling 900 modules each
           # start, which a PYTHONDONTWRITEBYTECODE environment would otherwise measure.
           "PYTHONPYCACHEPREFIX": str(ROOT / "bench" / "out" / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "startup_probe.py"), *args], env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> None:
    n = cadres_default()
    db = demo_database(n)
    _probe("app", str(db), PASSWORD)  # writes the bytecode; not counted
    bare = [_probe("bare") for _ in range(3)]
    app = [_probe("app", str(db), PASSWORD) for _ in range(3)]
    bare_t, app_t = statistics.median(b[0] for b in bare), statistics.median(a[0] for a in app)
    print(f"start-up to usable roster at {n} cadres: {app_t:.2f} s; bare PySide6 window {bare_t:.2f} s; "
          f"ratio {app_t / bare_t:.1f}x (includes the ~0.5 s Argon2id login)")

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.models.search_keys import name_keys
    from desktop.services.workspace import Workspace
    from desktop.ui.cadres.cadre_editor import CadreEditor
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import Settings

    qapp = QApplication.instance() or QApplication([])
    ws = Workspace.open(db, "admin", PASSWORD)
    window = MainWindow(ws, Settings())
    window.show()
    qapp.processEvents()
    page = window.cadres.roster
    rng = random.Random(3)
    ids = page.model.ids()
    with ws.read("bench.inspect") as s:
        from desktop.services.cadres.roster import rows_for

        names = [r.name for r in rows_for(s, rng.sample(ids, 40))]
    samples = []
    for name in names:
        typed = rng.choice([name_keys(name)[1].split()[0], name_keys(name)[0].split()[0][:4], name[:2]])
        page.filter_edit.clear()
        page.apply_filter()
        qapp.processEvents()
        for i in range(1, len(typed) + 1):
            started = time.perf_counter()
            page.filter_edit.setText(typed[:i])
            page.apply_filter()  # what the debounce timer calls
            page.table.viewport().repaint()
            qapp.processEvents()
            samples.append(time.perf_counter() - started)
    p50, p95 = percentiles(samples)
    print(f"filter keystroke → updated view at {n} cadres: p50 {ms(p50)}, p95 {ms(p95)} ({len(samples)} keystrokes)")

    opens = []
    for cid in rng.sample(ids, 20):
        started = time.perf_counter()
        editor = CadreEditor(ws, cid)
        editor.show()
        qapp.processEvents()
        opens.append(time.perf_counter() - started)
        editor.close()
        editor.deleteLater()
    o50, o95 = percentiles(opens)
    print(f"open a cadre file (all tabs): p50 {ms(o50)}, p95 {ms(o95)}")

    page.filter_edit.clear()
    page.apply_filter()
    for row in range(0, page.model.rowCount(), max(1, page.model.rowCount() // 50)):
        page.table.scrollTo(page.model.index(row, 0))
        qapp.processEvents()
    from bench.startup_probe import rss_mib

    bare_rss = statistics.median(b[1] for b in bare)
    print(f"resident memory with the {n}-cadre roster open and scrolled: {rss_mib():.0f} MiB "
          f"(bare PySide6 window {bare_rss:.0f} MiB)")
    window.close()


if __name__ == "__main__":
    main()
