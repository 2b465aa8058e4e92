"""Issue 17, P5a and P5b: report layout against a bare reportlab replay, batch speed-up with workers.

P5a: the 综合分析报告 (the 5-page one of the demo's busiest cadre, front-line records and
all; and cadre 1's) rendered by us, against a bare reportlab canvas making the same drawing
calls (bench/replay.py records them from our render; the replay's PDF is checked to be
byte for byte ours). CPU time of BENCH_REPORT_REPEAT renders (default 10) per sample, content
already gathered, fonts already loaded, as in any long-running process.
P5b: a batch of BENCH_FORMS 任免审批表 (default 1,000) merged into one PDF, run_batch from
the cadre ids to the written file (gathering, workers, merging, audit), with 2 workers against
1: the speed-up, wall time. A run's first batch, which starts the workers' fork server, is
timed and printed apart. Pairs interleaved, BENCH_GOAL_RUNS of them (at least 5); the
machine's load is printed, since other people's work shares the two cores.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import PASSWORD, demo_database
from bench.goals import paired, report

# Nothing heavier is imported at the top: a batch's workers (forked from the fork server, or
# spawned) run the main module's top level again when it was started with `python -m`, so
# imports here would be timed in every worker of every batch as if the program paid them
# (`frontline`, as installed, costs its workers some 10 ms).


def layout_goal(ws, ctx, stamp) -> None:  # type: ignore[no-untyped-def]
    from reportlab import rl_config

    from bench import replay
    from bench.bench_files_xlsx import cpu, runs
    from bench.bench_reports import front_line_cases
    from desktop.reports.layout import draw
    from desktop.reports.layout.glyphs import book_for
    from desktop.reports.render import render
    from desktop.services.reports import report_data

    book_for()
    repeat = int(os.environ.get("BENCH_REPORT_REPEAT", "10"))
    cases = {"busiest": front_line_cases(ws)["comprehensive+"],
             "cadre 1": report_data.Request("comprehensive", cadre_id=1)}
    for label, request in cases.items():
        with ws.read("bench.inspect") as s:
            content = report_data.gather(s, request, ctx)[0]
        invariant = rl_config.invariant
        rl_config.invariant = 1  # no time stamps or random ids: the replay must give our bytes
        try:
            ours = render(content, stamp, "pdf")
            recording = replay.record(draw, lambda c=content: render(c, stamp, "pdf"))
            same = replay.replay(recording) == ours.pdf
        finally:
            rl_config.invariant = invariant

        def base(r: replay.Recording = recording) -> float:
            return cpu(lambda: [replay.replay(r) for _ in range(repeat)]) / repeat

        def mine(c: object = content) -> float:
            return cpu(lambda: [render(c, stamp, "pdf") for _ in range(repeat)]) / repeat  # type: ignore[arg-type]

        b, m = paired(base, mine, runs())
        report("P5a", f"综合分析报告 ({label}, {ours.pages} pages, {len(recording.calls)} canvas calls, "
                      f"replay {'identical' if same else 'DIFFERENT'}; CPU)", b, m, "<= 1.3")


def batch_goal(ws, forms: int) -> None:  # type: ignore[no-untyped-def]
    from bench.bench_files_xlsx import runs
    from desktop.services.reports.reports_batch import run_batch

    ids = list(range(1, forms + 1))
    cpu_use: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as folder:
        def timed_batch(workers: int) -> Callable[[], float]:
            def run() -> float:
                started, here, children = time.perf_counter(), time.process_time(), _children_cpu()
                run_batch(ws, "adform", ids, merged=Path(folder) / f"all-{workers}.pdf", workers=workers)
                cpu_use[workers].append((time.process_time() - here, _children_cpu() - children))
                return time.perf_counter() - started
            return run

        # A run's first batch also starts the fork server its workers are forked from (Linux):
        # timed apart, so that neither side of the pairs below carries it.
        started = time.perf_counter()
        run_batch(ws, "adform", ids[:2], merged=Path(folder) / "first.pdf", workers=2)
        print(f"     first batch of this run (2 forms, the fork server's start included): "
              f"{time.perf_counter() - started:.2f} s", flush=True)
        # Five pairs at least: a pair's ratio is of two wall times some 25 s apart, and the
        # neighbours on the host move either by a tenth (the CPU split, printed below, does not).
        one, two = paired(timed_batch(1), timed_batch(2), max(5, runs()))
    report("P5b", f"batch of {forms} 任免审批表 merged, 2 workers vs 1 (baseline: 1 worker; speed-up, wall)",
           one, two, ">= 1.85", speedup=True)
    # Where the time goes, whatever the neighbours do: this process's CPU (gathering, numbering,
    # merging, the audit) and the workers' (start-up, fonts, layout), medians of the runs.
    medians = {}
    for workers, used in cpu_use.items():
        here = statistics.median(u[0] for u in used)
        there = statistics.median(u[1] for u in used)
        medians[workers] = (here, there)
        print(f"     {workers} worker(s): CPU in this process {here:.1f} s, in the workers {there:.1f} s "
              f"({there / workers:.1f} s per worker)", flush=True)
    # What the CPU split allows on two idle cores, whatever the neighbours did to the wall time:
    # this process's part taken as serial (it partly overlaps the workers), the workers' shared.
    (here1, there1), (here2, there2) = medians[1], medians[2]
    # Forked workers start in milliseconds: what a second one adds is mostly the two cores
    # slowing each other down on the same work (shared caches, memory, the host's scheduling).
    print(f"     a second worker costs {there2 - there1:.1f} s CPU more (the workers' CPU for the same work "
          f"with two at once: {there2 / there1:.2f}× that of one alone); "
          f"speed-up the CPU split allows on two idle cores: about {(here1 + there1) / (here2 + there2 / 2):.2f}×",
          flush=True)


def _children_cpu() -> float:
    """CPU time of the batch's finished workers: children of this process once its pool is shut
    down (spawned), or of the fork server, which reaps the workers forked from it."""
    import resource  # Unix only, as the benchmarks are run

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = float(usage.ru_utime + usage.ru_stime)
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            server = b"multiprocessing.forkserver" in (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and server:
            total += (int(fields[13]) + int(fields[14])) / tick  # cutime, cstime: its reaped workers
    return total


def main() -> None:
    from desktop.reports.layout.stamp import Stamp
    from desktop.services.reports import report_data
    from desktop.services.workspace import Workspace

    forms = int(os.environ.get("BENCH_FORMS", "1000"))
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared)", flush=True)
    ws = Workspace.open(demo_database(max(forms, 1000)), "admin", PASSWORD)
    try:
        ctx = report_data.Context(dt.date.today(), "基准测试", "中共海滨市委组织部")
        stamp = Stamp("2025-000001", "2025-06-01 10:23", "内部资料", "基准测试 2025-06-01 10:23")
        layout_goal(ws, ctx, stamp)
        print(f"load average: {os.getloadavg()[0]:.1f}", flush=True)
        batch_goal(ws, forms)
    finally:
        ws.close()
    print(f"load average after: {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
