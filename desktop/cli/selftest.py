"""`frontline self-test`: does this installation work, end to end, on this PC?

Run after installing (the packaging test runs it on the frozen build and inside a clean
Debian root): it makes a temporary encrypted database, adds a cadre, prints his 任免审批表
as a PDF and exports the roster as xlsx, reads both back to see the cadre in them, and opens
and closes the window offscreen. Everything happens in a temporary folder that is removed
afterwards (FRONTLINE_HOME points there meanwhile), so the user's databases, settings and
audit anchors are never touched.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__, paths

if TYPE_CHECKING:
    from desktop.cli.main import Commands
    from desktop.services.workspace import Workspace

CADRE_NAME = "测试甲"  # the cadre the test adds and then looks for in the PDF and the workbook


class CheckFailed(Exception):
    """One check's finding, in Chinese: printed after 失败."""


@dataclass
class Run:
    """The state the checks pass along: the folder, the open database, the cadre."""

    folder: Path
    ws: Workspace | None = None
    cadre_id: int | None = None

    def workspace(self) -> Workspace:
        if self.ws is None:
            raise CheckFailed("数据库没有创建成功，无法继续")
        return self.ws


@contextmanager
def _private_home(folder: Path) -> Iterator[None]:
    """FRONTLINE_HOME (config, state, logs) pointed into the temporary folder."""
    old = os.environ.get("FRONTLINE_HOME")
    os.environ["FRONTLINE_HOME"] = str(folder / "home")
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("FRONTLINE_HOME", None)
        else:
            os.environ["FRONTLINE_HOME"] = old


def check_resources(run: Run) -> str:
    folder = paths.resources_dir()
    tables = sorted(p.stem for p in (folder / "codes").glob("*.csv"))
    templates = sorted(p.stem for p in (folder / "templates").glob("*.json"))
    if not tables or not templates:
        raise CheckFailed(f"资源目录 {folder} 不完整：代码表 {len(tables)} 个，评议表模板 {len(templates)} 个")
    return f"{folder}（代码表 {len(tables)} 个，评议表模板 {len(templates)} 个）"


def check_database(run: Run) -> str:
    from desktop.services.admin.accounts import create_database
    from desktop.services.admin.info import info

    password = "Ft-" + secrets.token_urlsafe(12)
    run.ws, _ = create_database(run.folder / "自检.db", "admin", password)
    data = info(run.ws)
    return f"SQLCipher {data['sqlcipher_version']}，结构版本 {data['schema_version']}"


def check_cadre(run: Run) -> str:
    from desktop.services.cadres import cadre_files

    fields = {"name": CADRE_NAME, "sex": "男", "birth": "1980.05", "ethnicity": "汉族"}
    run.cadre_id = cadre_files.save(run.workspace(), cadre_files.CadreFile(fields=fields))
    return f"干部 {CADRE_NAME}（编号 {run.cadre_id}）"


def check_report(run: Run) -> str:
    from pypdf import PdfReader

    from desktop.services.reports.report_data import Request
    from desktop.services.reports.reports import generate

    out = run.folder / "任免审批表.pdf"
    made = generate(run.workspace(), Request("adform", cadre_id=run.cadre_id), out=out)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    if CADRE_NAME not in text or "任免审批表" not in text:
        raise CheckFailed(f"生成的 PDF {out.name} 中找不到“{CADRE_NAME}”或“任免审批表”")
    return f"{made.name} {len(reader.pages)} 页，{out.stat().st_size // 1024} KB，内容已读回核对"


def check_batch(run: Run) -> str:
    from pypdf import PdfReader

    from desktop.services.reports.reports_batch import run_batch

    # The workers are new processes of this same program (forked from a fork server on Linux,
    # spawned on Windows): a frozen build that cannot start them fails here, not at a meeting.
    if run.cadre_id is None:
        raise CheckFailed("没有可生成报表的干部（添加干部一项未通过）")
    out = run.folder / "批量任免审批表.pdf"
    result = run_batch(run.workspace(), "adform", [run.cadre_id], merged=out, workers=2)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    if CADRE_NAME not in text or len(reader.pages) != result.pages:
        raise CheckFailed(f"批量生成的 PDF {out.name} 中找不到“{CADRE_NAME}”或页数不符")
    return f"工作进程生成 {len(reader.pages)} 页，内容已读回核对"


def check_export(run: Run) -> str:
    from openpyxl import load_workbook

    from desktop.services.exchange.roster_export import export_roster

    out = run.folder / "花名册.xlsx"
    count = export_roster(run.workspace(), out)
    book = load_workbook(out, read_only=True)
    try:
        found = any(CADRE_NAME in (str(v) for v in row) for sheet in book.worksheets
                    for row in sheet.iter_rows(values_only=True))
    finally:
        book.close()
    if count != 1 or not found:
        raise CheckFailed(f"导出的花名册 {out.name} 中没有“{CADRE_NAME}”（写入 {count} 人）")
    return f"花名册 {count} 人，已用 openpyxl 读回核对"


def check_window(run: Run) -> str:
    # The platform must be chosen before the application object exists; a running
    # QApplication (a test runner's) keeps its own.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEvent, QtMsgType, qInstallMessageHandler

    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import Settings

    heard: list[str] = []

    def hear(kind: QtMsgType, _context: object, message: str) -> None:
        # The offscreen platform says on every window that it cannot do what a screen does:
        # not a fault of the installation. Anything else Qt says is shown after the result.
        if kind != QtMsgType.QtDebugMsg and not message.startswith("This plugin does not support"):
            heard.append(message)

    app = application()
    previous = qInstallMessageHandler(hear)
    try:
        window = MainWindow(run.workspace(), Settings())
        window.show()
        app.processEvents()
        title, shown = window.windowTitle(), window.isVisible()
        window.close()
        # Deleted now, with the timers its pages started: nothing of it may run later on a
        # database the test has closed and removed (an event loop may follow: `frontline` in
        # a test, or the window program that ran the test).
        window.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    finally:
        qInstallMessageHandler(previous)
    if not shown:
        raise CheckFailed("主窗口没有显示出来")
    # Qt's own buttons and dialogs come from translations inside the installation.
    if QCoreApplication.translate("QPlatformTheme", "Cancel") != "取消":
        raise CheckFailed("找不到 Qt 的中文翻译文件（translations/qtbase_zh_CN.qm），对话框按钮会显示英文")
    said = "；Qt 提示：" + "；".join(heard) if heard else ""
    return f"主窗口“{title}”已打开并关闭（{app.platformName()}）{said}"


CHECKS: tuple[tuple[str, Callable[[Run], str]], ...] = (
    ("程序资源", check_resources),
    ("新建加密数据库", check_database),
    ("添加干部", check_cadre),
    ("生成 PDF 报表", check_report),
    ("批量生成报表", check_batch),
    ("导出 Excel 花名册", check_export),
    ("打开窗口", check_window),
)


def run_checks(folder: Path, say: Callable[[str], None]) -> list[str]:
    """Run every check in `folder`, saying each result; returns the names of those that failed.
    A check that cannot run because an earlier one failed fails too, saying why."""
    run = Run(folder)
    failed: list[str] = []
    try:
        for name, check in CHECKS:
            started = time.perf_counter()
            try:
                detail = check(run)
            except Exception as exc:
                failed.append(name)
                say(f"[失败] {name}：{exc}")
                continue
            say(f"[通过] {name}：{detail}（{time.perf_counter() - started:.1f} 秒）")
    finally:
        if run.ws is not None:
            run.ws.close()
    return failed


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, EXIT_REFUSED

    frozen = "（打包版）" if getattr(sys, "frozen", False) else ""
    print(f"一线考核 {__version__}{frozen} 自检：{sys.executable}")
    with tempfile.TemporaryDirectory(prefix="frontline-self-test-") as tmp, _private_home(Path(tmp)):
        failed = run_checks(Path(tmp), lambda line: print(line, flush=True))
    if failed:
        print(f"frontline：自检未通过（{'、'.join(failed)}）", file=sys.stderr)
        return EXIT_REFUSED
    print("自检通过：本机可以正常使用一线考核")
    return EXIT_OK


def register(commands: Commands) -> None:
    commands.add("self-test", cmd_self_test,
                 "自检：在临时文件夹中新建加密数据库、添加干部、生成 PDF 报表和 Excel 文件并核对，打开并关闭窗口",
                 [])
