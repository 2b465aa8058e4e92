"""Many reports at once (500 任免审批表 for a meeting): one file per cadre, or one merged PDF.

The data is gathered in this process in a fixed number of queries; layout runs in worker
processes, one per core, each receiving plain picklable content and the chosen fonts (a
worker loads each font once for all its reports). Workers write the per-cadre files
themselves, atomically, and return their hashes; a merged PDF is made of chunk PDFs (one
copy of each font subset per chunk, not per cadre) joined here. Everything written is
recorded in the audit log in one operation at the end. Cancelling stops handing out work:
per-cadre files already written are kept and recorded; a merged PDF is not written at all.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from desktop.errors import FrontlineError, StorageError, os_reason
from desktop.reports import catalog
from desktop.reports.layout.draw import Rendered, document_keywords
from desktop.reports.layout.fonts import FontSet
from desktop.reports.layout.stamp import Stamp, described
from desktop.reports.render import Concatenation, Content
from desktop.services import collector
from desktop.services.operations import OpContext
from desktop.services.reports import report_data
from desktop.services.reports.batch_worker import Chunk, Files, Written, ready, render_chunk, warm, write_files
from desktop.services.reports.reports import (
    Prefs,
    actor_name,
    allocate_numbers,
    check_target,
    fontset_for,
    make_stamp,
    now_local,
    safe_filename,
)
from desktop.services.workspace import Workspace
from desktop.store import scratch
from desktop.store.atomic import write_atomic

Progress = Callable[[int, int], None]
R = TypeVar("R")
CHUNK_FILES = 8  # reports per task when writing one file each: small, for smooth progress
CHUNK_MERGED = 25  # reports per chunk PDF when merging: fewer chunks, fewer font copies
TAIL_CHUNKS = 4  # a merged batch's last chunks, a third of the size (merged_chunks)


class BatchCancelled(FrontlineError):
    def __init__(self, kept: int) -> None:
        self.kept = kept
        super().__init__(f"已取消：{kept} 份已生成的文件保留在输出文件夹中" if kept else "已取消，没有写入任何文件")


@dataclass
class Item:
    cadre_id: int
    title: str
    content: Content
    stamp: Stamp
    path: Path | None = None


@dataclass
class BatchResult:
    kind: str
    files: list[Written] = field(default_factory=list)
    merged: Path | None = None
    pages: int = 0
    missing: set[str] = field(default_factory=set)
    skipped: list[int] = field(default_factory=list)  # cadres with nothing to print (no evaluation)


__all__ = ["BatchCancelled", "BatchResult", "Item", "Written", "run_batch"]


# --- parent side ------------------------------------------------------------------------------

def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _chunks(seq: Sequence[Item], size: int) -> list[list[Item]]:
    return [list(seq[i:i + size]) for i in range(0, len(seq), size)]


def merged_chunks(seq: Sequence[Item]) -> list[list[Item]]:
    """The chunks of a merged batch, in order: of CHUNK_MERGED reports at most, the last
    TAIL_CHUNKS of a third of that. The workers take chunks in turn, and the batch ends when
    the last worker does: with small last chunks, one worker no longer goes on with a whole
    chunk alone while the others wait (on average half a chunk, 0.15 s, of an 8 s batch on
    two workers). A few more chunks mean a few more copies of the fonts' subsets (+2 %)."""
    tail = CHUNK_MERGED // 3
    if not seq:
        return []
    if len(seq) < 2 * TAIL_CHUNKS * CHUNK_MERGED:  # a few chunks: each worker has its share
        sizes = _even(len(seq), -(-len(seq) // CHUNK_MERGED))
    else:
        head = len(seq) - TAIL_CHUNKS * tail
        sizes = _even(head, -(-head // CHUNK_MERGED)) + [tail] * TAIL_CHUNKS
    out, start = [], 0
    for size in sizes:
        out.append(list(seq[start:start + size]))
        start += size
    return out


def _even(total: int, parts: int) -> list[int]:
    """`parts` sizes adding up to `total`, differing by one at most, larger first."""
    size, extra = divmod(total, parts)
    return [size + 1] * extra + [size] * (parts - extra)


def prepare(ws: Workspace, kind_key: str, cadre_ids: Sequence[int], campaign_id: int | None = None
            ) -> tuple[list[Item], list[int], FontSet]:
    """Gather every cadre's content (in this process) and number the reports. Returns the
    items and the cadres skipped because they have nothing to print."""
    if not cadre_ids:
        raise FrontlineError("没有选择干部")
    kind = report_data.kind_of(report_data.Request(kind_key, cadre_id=cadre_ids[0]))
    when = now_local()
    # The collector held off while every record of every cadre is loaded: half the time
    # went to collections walking what was loaded, for no garbage (issue 17 P5b).
    with collector.paused(), ws.read("report.read") as s:
        prefs = Prefs.read(s)
        ctx = report_data.Context(when.date(), actor_name(ws), prefs.issuer, prefs.briefing_name)
        gathered = report_data.gather_many(s, kind_key, cadre_ids, ctx, campaign_id)
        # Files are named by the cadre whatever the report: a comprehensive report's content
        # is a document of blocks with no name of its own.
        names = report_data.cadre_names(s, cadre_ids)
    kept = [(cid, c) for cid, c in zip(cadre_ids, gathered, strict=True) if c is not None]
    skipped = [cid for cid, c in zip(cadre_ids, gathered, strict=True) if c is None]
    if not kept:
        raise FrontlineError(f"所选的 {len(cadre_ids)} 名干部都没有{kind.needs or '所需的记录'}，"
                             f"没有生成任何{kind.name}")
    fontset = fontset_for(prefs)

    def reserve(op: OpContext) -> list[str]:
        numbers = allocate_numbers(op.session, prefs, len(kept), when.year)
        op.record("report", kind="create", after={"reserved": f"{numbers[0]}—{numbers[-1]}", "kind": kind.key})
        return numbers

    numbers = ws.run("report.reserve", reserve).value
    items = []
    for (cid, content), number in zip(kept, numbers, strict=True):
        name = names.get(cid) or str(cid)
        items.append(Item(cid, f"{name}_{kind.name}", content, make_stamp(prefs, number, when, actor_name(ws))))
    return items, skipped, fontset


PRELOAD = "desktop.services.reports.batch_preload"


def _context() -> multiprocessing.context.BaseContext:
    """Where workers come from. Not fork: the window's process has Qt and database threads
    that fork would copy. On Linux a fork server: one clean process, started at this run's
    first batch, imports layout and parses the fonts once, and every worker of every batch is
    forked from it ready to draw (a spawned worker pays that second again, each time). It is
    started here without waiting for its imports, which go on while the data is gathered.
    Windows has no fork server, and one that cannot start falls back: spawned workers."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([PRELOAD])  # read when the server starts, once per run
        try:
            forkserver.ensure_running()
            return ctx
        except OSError:
            # Its socket is named in multiprocessing's temp folder (made in the system's temp
            # folder at start-up, store/scratch.py), and a Unix socket's name has at most 107
            # bytes: under too deep a TMPDIR it cannot be made.
            pass
    return multiprocessing.get_context("spawn")


def _pool(workers: int, fontset: FontSet, ctx: multiprocessing.context.BaseContext) -> cf.ProcessPoolExecutor:
    try:
        return cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm, initargs=(fontset,))
    except OSError as exc:
        # Its queues need the system's shared-memory semaphores (/dev/shm on Linux).
        hint = "（请检查 /dev/shm 是否可写）" if os.name == "posix" else ""
        raise StorageError(f"无法启动生成报表的工作进程：{os_reason(exc)}{hint}") from None


def _start_workers(pool: cf.ProcessPoolExecutor, ctx: multiprocessing.context.BaseContext, workers: int) -> None:
    """Spawned workers start now (a new process, its imports, the fonts) while this process
    gathers the reports' data. Forked ones are ready in an instant once the server is up:
    asking for one now would only wait here for the server's imports."""
    if ctx.get_start_method() != "forkserver":
        for _ in range(workers):
            pool.submit(ready)


def _drive(futures: dict[cf.Future[R], int], total: int, progress: Progress | None,
           cancelled: Callable[[], bool] | None, on_done: Callable[[cf.Future[R]], None]) -> bool:
    """Collect results as they come; False when cancelled."""
    done = 0
    pending = set(futures)
    while pending:
        finished, pending = cf.wait(pending, timeout=0.1, return_when=cf.FIRST_COMPLETED)
        for fut in finished:
            on_done(fut)
            done += futures[fut]
            if progress:
                progress(done, total)
        if cancelled is not None and cancelled() and pending:
            for fut in pending:
                fut.cancel()
            for fut in cf.as_completed([f for f in pending if not f.cancelled()]):
                on_done(fut)  # tasks already running finish; their files are kept and recorded
            return False
    return True


def run_batch(ws: Workspace, kind_key: str, cadre_ids: Sequence[int], *, out_dir: Path | None = None,
              merged: Path | None = None, fmt: str = "pdf", workers: int | None = None,
              progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
              campaign_id: int | None = None) -> BatchResult:
    """One file per cadre into `out_dir`, or one merged PDF at `merged`. `campaign_id`
    narrows a batch of 民主测评结果统计表 to one campaign."""
    if (out_dir is None) == (merged is None):
        raise FrontlineError("请指定输出文件夹或合并后的文件之一")
    if merged is not None:
        if fmt != "pdf":
            raise FrontlineError("合并输出只能是 PDF")
        check_target(merged)
    elif out_dir is not None and not out_dir.is_dir():
        # A new folder typed in the window or on the command line is made, as a file dialog would.
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"无法创建输出文件夹 {out_dir}：{os_reason(exc)}") from None
    if not cadre_ids:
        raise FrontlineError("没有选择干部")
    with ws.read("report.read") as s:  # refused here, before a worker starts, without the right
        fontset = fontset_for(Prefs.read(s))
    workers = max(1, workers or default_workers())
    ctx = _context()
    pool = _pool(workers, fontset, ctx)
    try:
        _start_workers(pool, ctx, workers)
        items, skipped, fontset = prepare(ws, kind_key, cadre_ids, campaign_id)
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    result = BatchResult(kind_key, skipped=skipped)
    if progress:
        progress(0, len(items))
    # Every file the batch may write is noted until the batch is logged: a kill in between
    # leaves none of them, unlogged, after the next start (store/scratch.py).
    targets = [_target(out_dir, i, fmt) for i in items] if out_dir is not None else [merged]
    noted = scratch.note_files([t for t in targets if t is not None])
    try:
        with pool:
            if out_dir is not None:
                ok = _per_file(pool, items, out_dir, fmt, fontset, result, progress, cancelled)
            else:
                assert merged is not None
                ok = _merged(pool, items, merged, fontset, result, progress, cancelled)
        _record(ws, kind_key, result)
    finally:
        scratch.forget(noted)
    if not ok:
        raise BatchCancelled(len(result.files))
    return result


def _target(out_dir: Path, item: Item, fmt: str) -> Path:
    suffix = ".docx" if fmt == "docx" else ".pdf"
    return out_dir / f"{safe_filename(f'{item.title}_{item.stamp.number}')}{suffix}"


def _per_file(pool: cf.ProcessPoolExecutor, items: list[Item], out_dir: Path, fmt: str, fontset: FontSet,
              result: BatchResult, progress: Progress | None, cancelled: Callable[[], bool] | None) -> bool:
    futures: dict[cf.Future[Files], int] = {}
    for chunk in _chunks(items, CHUNK_FILES):
        payload = []
        for i in chunk:
            path = _target(out_dir, i, fmt)
            payload.append((i.cadre_id, i.content, i.stamp, str(path), i.stamp.number))
        futures[pool.submit(write_files, payload, fmt, fontset)] = len(chunk)

    def collect(fut: cf.Future[Files]) -> None:
        written, missing = fut.result()
        result.files += written
        result.pages += sum(w.pages for w in written)
        result.missing |= missing

    return _drive(futures, len(items), progress, cancelled, collect)


def _merged(pool: cf.ProcessPoolExecutor, items: list[Item], target: Path, fontset: FontSet,
            result: BatchResult, progress: Progress | None, cancelled: Callable[[], bool] | None) -> bool:
    chunks = merged_chunks(items)
    futures: dict[cf.Future[Chunk], int] = {}
    order: dict[cf.Future[Chunk], int] = {}
    for n, chunk in enumerate(chunks):
        fut = pool.submit(render_chunk, [(i.content, i.stamp) for i in chunk], fontset)
        futures[fut], order[fut] = len(chunk), n
    parts: dict[int, Chunk] = {}
    # Chunks join the merged document as soon as those before them are in, while the workers
    # render the next ones: only the last chunk and the writing are left for the end.
    merged = Concatenation()

    def collect(fut: cf.Future[Chunk]) -> None:
        parts[order[fut]] = fut.result()
        while merged.count in parts:
            pdf, pages, missing = parts.pop(merged.count)
            merged.add(Rendered(pdf, pages, frozenset(missing)))

    if not _drive(futures, len(items), progress, cancelled, collect):
        return False
    # The whole file's title is the kind's, its keywords the first report numbers: not those
    # of its first chunk (a narrative chunk is titled after its first cadre).
    numbers = described([(i.content, i.stamp) for i in items])["keywords"]
    whole = merged.finish(title=catalog.KINDS[result.kind].name, keywords=document_keywords(numbers, fontset))
    write_atomic(target, whole.pdf)
    digest = hashlib.sha256(whole.pdf).hexdigest()
    result.merged, result.pages, result.missing = target, whole.pages, set(whole.missing)
    result.files = [Written(i.cadre_id, i.stamp.number, str(target), digest, 0) for i in items]
    return True


def _record(ws: Workspace, kind_key: str, result: BatchResult) -> None:
    if not result.files:
        return
    name = catalog.KINDS[kind_key].name

    def op(ctx: OpContext) -> None:
        for w in result.files:
            ctx.record("report", kind="create", cadre_id=w.cadre_id, after={
                "number": w.number, "kind": kind_key, "name": name, "sha256": w.sha256, "path": w.path,
                "pages": w.pages, "batch": True})

    ws.run("report.batch", op)
