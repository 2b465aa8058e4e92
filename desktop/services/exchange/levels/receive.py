"""接收: a report file from a district merged into the city's database.

The file is believed in this order, each step refusing with its reason and writing nothing:
its signature and payload digest hold (container.py: any changed byte is caught), its
signing key is one this database registered (keys.py: a foreign file is refused before its
password is even tried), its password opens the payload (wrong passwords counted and locked
as a package's are), and the payload's pages and rows are sound (packages/merge.open_package).

Then it is merged as a field-laptop package is (packages/merge.compare, packages/apply), with
the district in the laptop's place: a record new to the city is added; one the district
changed since its last report is taken, unless the city changed the same field too, which is
a conflict to decide. The ancestor is what the city last took from that district — the sync
state is kept per district ("package.sync.report-<fingerprint>"), not per file — so the same
file imported twice changes nothing the second time, and next year's report brings only what
changed. A report never deletes: what a district leaves out of a report (another period,
other kinds) is not taken for a deletion. A cadre or unit the city already has on file,
entered separately, is recognised first rather than added twice (recognise.py). The units at
the top of the district's tree that the city does not have go under the city unit the clerk
chooses in the preview (placement.py), not to the top of the city's tree.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import paths
from desktop.errors import FrontlineError, WrongPassword
from desktop.interchange.errors import FileRefused
from desktop.models import Setting
from desktop.services.exchange.levels import container, keys, placement
from desktop.services.exchange.levels.export import KINDS_OFFERED, MANIFEST, REPORT_KINDS
from desktop.services.exchange.levels.recognise import Recognised, recognise
from desktop.services.exchange.packages.apply import MergeResult, PackageImport
from desktop.services.exchange.packages.merge import (
    MergePlan,
    PackageInfo,
    PackageView,
    compare,
    open_package,
    read_sync,
    sync_key,
)
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace

MAX_NAME = 100


@dataclass(frozen=True)
class ReportHeader:
    """What a report file says about itself, once its signature holds."""

    name: str
    district: str
    fingerprint: str
    public_key: bytes
    exported_at: str
    exported_by: str
    first_year: int
    last_year: int
    kinds: tuple[str, ...]
    counts: dict[str, int]

    @property
    def period(self) -> str:
        if self.first_year == self.last_year:
            return f"{self.first_year}年"
        return f"{self.first_year}年至{self.last_year}年"

    @property
    def kinds_text(self) -> str:
        order = list(KINDS_OFFERED)
        ranked = sorted(self.kinds, key=lambda k: order.index(k) if k in order else len(order))
        return "、".join(KINDS_OFFERED.get(k, k).split("（")[0] for k in ranked)

    @property
    def exported_text(self) -> str:
        try:
            return f"{dt.datetime.fromisoformat(self.exported_at).astimezone():%Y-%m-%d %H:%M}"
        except ValueError:
            return self.exported_at


def _header(name: str, sealed: container.Sealed) -> ReportHeader:
    h: dict[str, Any] = sealed.header
    counts = h.get("counts")

    def year(key: str) -> int:
        value = h.get(key)
        return value if isinstance(value, int) else 0

    kinds = h.get("kinds")
    district = str(h.get("district", ""))[:MAX_NAME]  # anyone can sign a file: it is shown before it is trusted
    return ReportHeader(name, district, keys.fingerprint(sealed.public_key), sealed.public_key,
                        str(h.get("exported_at", "")), str(h.get("exported_by", "")), year("first_year"),
                        year("last_year"), tuple(k for k in kinds if isinstance(k, str)) if isinstance(kinds, list)
                        else (), {str(k): v for k, v in counts.items() if isinstance(v, int)}
                        if isinstance(counts, dict) else {})


def read_header(path: Path | str) -> ReportHeader:
    """The header of a report file whose signature holds (FileRefused otherwise): what the
    city looks at before registering the district that signed it."""
    path = Path(path)
    return _header(path.name, container.open_sealed(path))


def foreign_message(session: Session, header: ReportHeader) -> str:
    if keys.own_fingerprint(session) == header.fingerprint:
        return f"上报文件 {header.name} 是本数据库自己导出的，不能由本数据库接收"
    return (f"上报文件 {header.name} 的签名来自未登记的报送单位“{header.district}”（签名指纹 {header.fingerprint}），"
            "没有导入任何数据。如确是下级单位报送的，请先与报送单位电话核对指纹，再登记该单位"
            "（在接收上报文件窗口中按“登记报送单位”，或用 frontline report-file trust）")


SYNC_PREFIX = "report-"


def sync_id(header: ReportHeader) -> str:
    return SYNC_PREFIX + header.fingerprint.replace(" ", "")


def trust_file(ws: Workspace, path: Path | str, typed: str) -> keys.District:
    """Register the district that signed the report file at `path`; `typed` is the
    fingerprint it read out on the phone."""
    header = read_header(path)
    return keys.trust(ws, header.district, header.public_key, typed)


@dataclass
class ReportResult(MergeResult):
    district: str = ""

    def message(self) -> str:
        return (f"已接收“{self.district}”的上报文件：新增 {self.added} 条，更新 {self.updated} 条"
                if self.district else super().message())


class ReportImport(PackageImport):
    """A report file from preview to commit (a context manager, as PackageImport)."""

    READ, WRITE = "report_file.read", "report_file.import"

    def __init__(self, ws: Workspace, path: Path | str, password: str) -> None:
        self.ws = ws
        self.header: ReportHeader | None = None
        self.recognised: Recognised | None = None
        # Where the district's new top units go: chosen (choose) or, at the first preview, guessed.
        self.choice: placement.Choice | None = None
        self.placed: list[str] = []  # their names, in the last plan
        self._note = ""
        super().__init__(path, password)

    def choose(self, choice: placement.Choice) -> None:
        """Put the new top units under `choice` in the plans to come (commit's included)."""
        self.choice = choice

    def place(self, plan: MergePlan, choice: placement.Choice) -> None:
        """The clerk chose another place after the preview: `plan` (and the commit) say so."""
        self.choice = choice
        with self.ws.read(self.READ) as s:
            self._place(s, plan)

    def _place(self, session: Session, plan: MergePlan) -> None:
        header, choice = self.header, self.choice
        assert header is not None and choice is not None
        self.placed = placement.place(plan, choice)
        text = placement.note(session, self.placed, choice, header.district)
        plan.notes = [n for n in plan.notes if n != self._note] + ([text] if text else [])
        self._note = text

    def __enter__(self) -> ReportImport:
        return self

    def _open(self, path: Path | str, password: str) -> contextlib.AbstractContextManager[PackageView]:
        return self._opened(Path(path), password)

    @contextlib.contextmanager
    def _opened(self, path: Path, password: str) -> Iterator[PackageView]:
        folder = Path(tempfile.mkdtemp(prefix="report-", dir=paths.state_dir()))
        try:
            payload = folder / "report.db"
            self.header = header = _header(path.name, container.open_sealed(path, payload))
            with self.ws.read(self.READ) as s:
                if keys.trusted(s, header.public_key) is None:
                    raise FileRefused(foreign_message(s, header))
            with contextlib.ExitStack() as stack:
                try:
                    view = stack.enter_context(open_package(payload, password, name=path.name,
                                                            manifest_key=MANIFEST))
                except WrongPassword:
                    raise WrongPassword("上报文件密码错误") from None
                yield view
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _plan(self, session: Session, ws: Workspace) -> MergePlan:
        header = self.header
        assert header is not None
        district = keys.trusted(session, header.public_key)
        if district is None:  # unregistered since the file was opened
            raise FileRefused(foreign_message(session, header))
        info = PackageInfo(header.name, sync_id(header), district.name, "", header.exported_at, header.exported_by,
                           self.view.digest, 0, 0)
        result = MergePlan(info, kinds=REPORT_KINDS)
        sync = read_sync(session, info.package_id)
        others: set[str] | None = None
        if self.recognised is None:  # once per opened file: its copy then carries the city's uids
            others = _brought_by_others(session, info.package_id)
            self.recognised = recognise(session, self.view.session, self.view.engine, {*sync["a"], *sync["d"]},
                                        others)
        for uid, assumed in self.recognised.ancestors.items():
            sync["a"].setdefault(uid, assumed)
        result.notes += self.recognised.notes
        compare(session, self.view.session, result, {}, sync)
        if self.choice is None:
            if others is None:
                others = _brought_by_others(session, info.package_id)
            self.choice = placement.guess(session, header.district, header.fingerprint, others)
        placement.check(session, self.choice)
        self._place(session, result)
        return result

    def _audit(self, ctx: OpContext, merged: MergePlan, result: MergeResult) -> None:
        header = self.header
        assert header is not None
        ctx.record("report_file", kind="update", after={
            "district": merged.package.campaign, "fingerprint": header.fingerprint, "file": header.name,
            "sha256": merged.package.digest, "period": header.period, "kinds": list(header.kinds),
            "added": result.added, "updated": result.updated, "conflicts": len(merged.conflicts),
            **self._placement(ctx)})

    def _placement(self, ctx: OpContext) -> dict[str, Any]:
        """Where the new top units went, for the audit entry; remembered for the next report."""
        header, choice = self.header, self.choice
        if not self.placed or header is None or choice is None:
            return {}
        placement.remember(ctx.session, header.fingerprint, choice)
        return {"placed_units": self.placed, "placed_under": choice.path or placement.TOP_TEXT}

    def commit(self, ws: Workspace, previewed: MergePlan) -> MergeResult:
        done = super().commit(ws, previewed)
        return ReportResult(done.added, done.updated, done.deleted, done.op_id, previewed.package.campaign)


def _brought_by_others(session: Session, own: str) -> set[str]:
    """The uids other districts' reports brought or had recognised (their sync states)."""
    found: set[str] = set()
    found_keys = list(session.scalars(select(Setting.key).where(
        Setting.key.startswith(sync_key(SYNC_PREFIX), autoescape=True), Setting.key != sync_key(own))))
    for key in found_keys:
        state = read_sync(session, key.removeprefix(sync_key("")))
        found.update(state["a"], state["d"])
    return found


def check_not_package(path: Path | str) -> None:
    """A field-laptop package given where a report file is expected: say so."""
    from desktop.services.exchange.packages import file as package_file

    if package_file.is_package(path):
        raise FrontlineError(f"{Path(path).name} 是外出考核数据包，不是上报文件：请用“导入外出考核数据包并合并”")
