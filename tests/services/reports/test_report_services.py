"""Report services: numbering, audit with the file's hash, atomic writes, batches, refusals."""

import datetime as dt
import errno
import hashlib
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from desktop.errors import FrontlineError, NotFound, StorageError
from desktop.models import AuditEntry, Cadre
from desktop.services.admin import settings
from desktop.services.reports import report_data
from desktop.services.reports.reports import Request, export, generate, record_print
from desktop.services.reports.reports_batch import BatchCancelled, run_batch
from desktop.services.workspace import Workspace
from tests.reports.pdf_helpers import compact, pages


def report_entries(ws: Workspace) -> list[AuditEntry]:
    with ws.read("test.inspect") as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "report").order_by(AuditEntry.id)))


def first_cadres(ws: Workspace, n: int) -> list[tuple[int, str]]:
    with ws.read("test.inspect") as s:
        return [tuple(r) for r in s.execute(select(Cadre.id, Cadre.name).order_by(Cadre.id).limit(n))]


def test_generate_writes_the_file_and_audits_number_and_hash(demo_ws: Workspace, tmp_path: Path):
    (cid, name), = first_cadres(demo_ws, 1)
    out = tmp_path / "form.pdf"
    made = generate(demo_ws, Request("adform", cadre_id=cid), out=out)
    data = out.read_bytes()
    assert made.sha256 == hashlib.sha256(data).hexdigest()
    assert name in compact(data) and made.pages == 2
    entry = report_entries(demo_ws)[-1]
    assert entry.action == "report.generate" and entry.cadre_id == cid
    assert entry.after["number"] == made.number and entry.after["sha256"] == made.sha256
    assert entry.after["path"] == str(out)
    again = generate(demo_ws, Request("comprehensive", cadre_id=cid), out=tmp_path / "c.pdf")
    year, seq = made.number.split("-")
    assert again.number == f"{year}-{int(seq) + 1:06d}"
    assert f"报表编号：{again.number}" in compact((tmp_path / "c.pdf").read_bytes())


def test_settings_change_the_mark_and_the_watermark(demo_ws: Workspace, tmp_path: Path):
    settings.put(demo_ws, settings.REPORT_CLASSIFICATION, "秘密★1年")
    settings.put(demo_ws, settings.REPORT_WATERMARK_TEXT, "组织部 {user} {time}")
    settings.put(demo_ws, settings.REPORT_NUMBER_PREFIX, "YX")
    (cid, _), = first_cadres(demo_ws, 1)
    made = generate(demo_ws, Request("comprehensive", cadre_id=cid))
    first = pages(made.data)[0]
    assert "秘密★1年" in first.text
    assert f"组织部{demo_ws.actor.display_name}" in first.watermark.replace(" ", "")
    assert made.number.startswith("YX")
    settings.put(demo_ws, settings.REPORT_WATERMARK, False)
    assert not pages(generate(demo_ws, Request("comprehensive", cadre_id=cid)).data)[0].watermark


def test_preview_then_save_and_print_are_each_recorded(demo_ws: Workspace, tmp_path: Path):
    (cid, _), = first_cadres(demo_ws, 1)
    made = generate(demo_ws, Request("adform", cadre_id=cid))
    assert report_entries(demo_ws)[-1].after["path"] == "预览"
    saved = export(demo_ws, made, tmp_path / "saved.pdf")
    assert (tmp_path / "saved.pdf").read_bytes() == made.data and saved.path == tmp_path / "saved.pdf"
    record_print(demo_ws, made, "办公室打印机", 2)
    actions = [e.action for e in report_entries(demo_ws)[-3:]]
    assert actions == ["report.generate", "report.export", "report.print"]


def test_unknown_cadre_is_refused_and_nothing_is_written_or_numbered(demo_ws: Workspace, tmp_path: Path):
    out = tmp_path / "x.pdf"
    with pytest.raises(NotFound, match="干部档案 999999 不存在"):
        generate(demo_ws, Request("adform", cadre_id=999999), out=out)
    assert not out.exists() and report_entries(demo_ws) == []


def test_a_full_disk_leaves_no_file_no_number_and_no_entry(demo_ws: Workspace, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    (cid, _), = first_cadres(demo_ws, 1)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("desktop.store.atomic.os.fsync", full)
    with pytest.raises(StorageError, match="磁盘空间不足"):
        generate(demo_ws, Request("adform", cadre_id=cid), out=tmp_path / "x.pdf")
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".pdf", ".tmp")]  # no partial file
    monkeypatch.undo()
    assert report_entries(demo_ws) == []
    made = generate(demo_ws, Request("adform", cadre_id=cid), out=tmp_path / "x.pdf")
    assert made.number.endswith("-000001")  # the failed attempt used no number


def test_unwritable_targets_are_refused_before_any_work(demo_ws: Workspace, tmp_path: Path):
    (cid, _), = first_cadres(demo_ws, 1)
    with pytest.raises(StorageError, match="不存在"):
        generate(demo_ws, Request("adform", cadre_id=cid), out=tmp_path / "no" / "x.pdf")
    (tmp_path / "file").write_text("x")
    with pytest.raises(StorageError, match="不是文件夹"):
        generate(demo_ws, Request("adform", cadre_id=cid), out=tmp_path / "file" / "x.pdf")
    with pytest.raises(StorageError, match="无法创建输出文件夹"):
        run_batch(demo_ws, "adform", [cid], out_dir=tmp_path / "file" / "sub", workers=1)
    assert report_entries(demo_ws) == []
    # A batch into a folder not made yet makes it.
    assert run_batch(demo_ws, "adform", [cid], out_dir=tmp_path / "new" / "folder", workers=1).files


def test_the_scorecard_names_what_it_needs_in_chinese(demo_ws: Workspace):
    with pytest.raises(FrontlineError, match="需要指定指标规则、年度和季度"):
        generate(demo_ws, Request("scorecard", unit_id=1))
    with pytest.raises(FrontlineError, match="针对全部单位，不能指定单位"):
        generate(demo_ws, Request("scorecard", unit_id=1, set_id=1, year=2026, quarter=1))


def test_gathering_takes_a_fixed_number_of_queries(demo_ws: Workspace):
    ids = [cid for cid, _ in first_cadres(demo_ws, 60)]
    counts = []
    for chosen in (ids[:2], ids):
        statements: list[str] = []

        def count(*_args: object, _bucket: list[str] = statements) -> None:
            _bucket.append("q")

        event.listen(demo_ws.db.engine, "before_cursor_execute", count)
        try:
            with demo_ws.read("test.inspect") as s:
                ctx = report_data.Context(dt.date(2025, 6, 1), "admin")
                report_data.gather_many(s, "adform", chosen, ctx)
        finally:
            event.remove(demo_ws.db.engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1]  # 2 cadres or 60: the same queries (no N+1)


def test_batch_one_file_per_cadre_with_two_workers(demo_ws: Workspace, tmp_path: Path):
    chosen = first_cadres(demo_ws, 5)
    seen: list[tuple[int, int]] = []
    result = run_batch(demo_ws, "adform", [c for c, _ in chosen], out_dir=tmp_path, workers=2,
                       progress=lambda done, total: seen.append((done, total)))
    files = sorted(tmp_path.glob("*.pdf"))
    assert len(files) == 5 and seen[-1] == (5, 5)
    for _cid, name in chosen:
        match = [f for f in files if f.name.startswith(name)]
        assert match and name in compact(match[0].read_bytes())
    entries = [e for e in report_entries(demo_ws) if e.action == "report.batch"]
    assert {e.cadre_id for e in entries} == {c for c, _ in chosen}
    by_path = {e.after["path"]: e.after["sha256"] for e in entries}
    assert all(hashlib.sha256(f.read_bytes()).hexdigest() == by_path[str(f)] for f in files)
    assert result.pages == 10


def test_batch_merged_into_one_pdf(demo_ws: Workspace, tmp_path: Path):
    chosen = first_cadres(demo_ws, 4)
    out = tmp_path / "all.pdf"
    result = run_batch(demo_ws, "adform", [c for c, _ in chosen], merged=out, workers=1)
    read = pages(out.read_bytes())
    assert len(read) == 8 == result.pages
    for i, (_cid, name) in enumerate(chosen):
        assert name in read[2 * i].text.replace(" ", "")


@pytest.mark.parametrize(("kind", "title"), [("adform", "干部任免审批表"), ("comprehensive", "干部综合分析报告")])
def test_a_merged_batch_is_titled_by_its_kind_with_the_first_report_numbers(demo_ws: Workspace, tmp_path: Path,
                                                                           kind: str, title: str):
    """Joined from the workers' chunks without re-parsing them, and titled as the whole batch:
    not after its first cadre (a narrative chunk's own title names them)."""
    from pypdf import PdfReader

    chosen = first_cadres(demo_ws, 30 if kind == "adform" else 3)
    out = tmp_path / "all.pdf"
    result = run_batch(demo_ws, kind, [c for c, _ in chosen], merged=out, workers=2)
    info = PdfReader(out).metadata
    assert info is not None
    assert info["/Producer"].startswith("ReportLab"), "joined by pypdf, not by copying the chunks' objects"
    assert info["/Title"] == info["/Subject"] == title
    numbers = [e.after["number"] for e in report_entries(demo_ws) if e.after.get("batch")]
    words = info["/Keywords"].split(", ")
    assert [w for w in words if w != "代用字体"] == numbers[:20]
    assert not any(name in info["/Title"] for _, name in chosen)
    assert len(PdfReader(out).pages) == result.pages


def test_batch_cancel_writes_no_merged_file(demo_ws: Workspace, tmp_path: Path):
    chosen = [c for c, _ in first_cadres(demo_ws, 60)]
    out = tmp_path / "all.pdf"
    with pytest.raises(BatchCancelled, match="已取消"):
        run_batch(demo_ws, "adform", chosen, merged=out, workers=1, cancelled=lambda: True)
    assert not out.exists()


def test_a_batch_worker_starts_without_the_word_and_pdf_joining_libraries():
    """Every worker of a batch imports this module before its first report: what it does not
    need (python-docx, pypdf) loads only when a Word copy is made or PDFs are joined."""
    import subprocess

    code = ("import sys, desktop.services.reports.batch_worker; "
            "print(sorted(m for m in ('docx', 'pypdf') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no fork server: its workers are spawned")
def test_workers_fork_from_a_server_that_has_layout_loaded_and_the_fonts_parsed():
    """On Linux a worker of any batch starts ready: forked from a fork server that imported the
    workers' module and parsed the default fonts once."""
    import concurrent.futures as cf

    from desktop.services.reports import reports_batch
    from tests.services.reports import worker_probe

    ctx = reports_batch._context()
    assert ctx.get_start_method() == "forkserver"
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        fonts, layout = pool.submit(worker_probe.preloaded).result(timeout=120)
    assert fonts and layout


def test_workers_that_cannot_start_are_refused_clearly_and_nothing_is_reserved(demo_ws: Workspace, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    """No shared-memory semaphores (a locked-down /dev/shm): the batch says so in Chinese."""
    import concurrent.futures as cf

    def no_semaphores(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    with demo_ws.read("test") as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    monkeypatch.setattr(cf, "ProcessPoolExecutor", no_semaphores)
    with pytest.raises(StorageError, match="无法启动生成报表的工作进程"):
        run_batch(demo_ws, "adform", [1, 2], merged=tmp_path / "all.pdf", workers=2)
    with demo_ws.read("test") as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
    assert not (tmp_path / "all.pdf").exists()


def test_a_merged_batch_ends_on_small_chunks_and_keeps_the_order():
    from desktop.services.reports.reports_batch import CHUNK_MERGED, TAIL_CHUNKS, merged_chunks

    for n in (1, 26, 199, 200, 1000, 1001):
        chunks = merged_chunks(list(range(n)))
        sizes = [len(c) for c in chunks]
        assert [i for c in chunks for i in c] == list(range(n)) and min(sizes) > 0
        assert max(sizes) <= CHUNK_MERGED and max(sizes) - min(sizes[:len(sizes) - TAIL_CHUNKS] or sizes) <= 1
    sizes = [len(c) for c in merged_chunks(list(range(1000)))]
    assert sizes[-TAIL_CHUNKS:] == [CHUNK_MERGED // 3] * TAIL_CHUNKS and len(sizes) == 43
    # A small batch is shared evenly, not as 25 and 1.
    assert [len(c) for c in merged_chunks(list(range(26)))] == [13, 13]


def test_a_batch_gathers_with_the_collector_off_and_switches_it_back_on(demo_ws: Workspace, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    import gc

    seen: list[bool] = []
    gather = report_data.gather_many
    monkeypatch.setattr(report_data, "gather_many", lambda *a, **k: seen.append(gc.isenabled()) or gather(*a, **k))
    was = gc.isenabled()
    gc.enable()
    try:
        run_batch(demo_ws, "adform", [1, 2], merged=tmp_path / "all.pdf", workers=1)
        assert seen == [False] and gc.isenabled()
        with pytest.raises(NotFound):
            run_batch(demo_ws, "adform", [1, 999_999], merged=tmp_path / "none.pdf", workers=1)
        assert seen == [False, False] and gc.isenabled() and not (tmp_path / "none.pdf").exists()
    finally:
        if not was:
            gc.disable()
