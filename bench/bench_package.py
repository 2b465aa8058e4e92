"""Field-laptop exchange packages, against baselines measured in the same run.

A campaign over BENCH_PACKAGE_CADRES cadres (default 500) of a BENCH_CADRES demo database:
1. package export (working set, fingerprints, encryption) against an online backup of the
   whole office database (SQLite backup API, same cipher);
2. after 50 talks and 100 ledger entries on the "laptop", the merge preview + commit against
   reading every row of the package's tables with plain SELECTs;
3. a second import of the same package (nothing to do) for the cost of the no-op.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import select, text

from bench.common import PASSWORD, cadres_default, demo_database, timed
from desktop.models import Cadre
from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.campaigns.campaigns import CampaignInput
from desktop.services.exchange.packages import export as package_export
from desktop.services.exchange.packages.apply import PackageImport
from desktop.services.ledger import ledger
from desktop.services.workspace import Workspace
from desktop.store.backup import backup_database

PACKAGE_PASSWORD = "bench-package"


def main() -> None:
    n = min(cadres_default(), 20000)
    size = int(os.environ.get("BENCH_PACKAGE_CADRES", "500"))
    folder = Path(tempfile.mkdtemp(prefix="bench-package-"))
    try:
        office_path = folder / "office.db"
        src = demo_database(n)
        shutil.copy2(src, office_path)
        shutil.copy2(f"{src}.keys", f"{office_path}.keys")
        office = Workspace.open(office_path, "admin", PASSWORD)
        with office.read("bench.inspect") as s:
            ids = list(s.scalars(select(Cadre.id).order_by(Cadre.id).limit(size)))
        cid = campaigns.create(office, CampaignInput(name="基准一线考核", kind="沉浸式"))
        campaigns.add_cadres(office, cid, ids)
        campaigns.activate(office, cid)
        package = folder / "p.flpkg"
        export_s = timed(lambda: package_export.export(office, cid, package, PACKAGE_PASSWORD))
        backup_s = timed(lambda: backup_database(office_path, office.db.key, folder / "backup.db", office.db.slots))
        print(f"   export of {len(ids)} cadres: {export_s:.2f} s; whole-database backup ({n} cadres): "
              f"{backup_s:.2f} s; ratio {export_s / backup_s:.1f}; package {package.stat().st_size / 2**20:.1f} MB "
              f"of {office_path.stat().st_size / 2**20:.1f} MB")
        laptop = Workspace.open(package, "admin", PACKAGE_PASSWORD)
        for i, cadre in enumerate(ids[:100]):
            ledger.add(laptop, ledger.EntryInput(cadre, dt.date.today(), "政治担当", True, 3, "一线考核",
                                                 f"现场表现 {i}", campaign_id=cid))
            if i % 2 == 0:
                fieldwork.save_talk(laptop, fieldwork.TalkInput(
                    interviewers=["考核组"], interviewee_cadre_id=cadre, interviewee_name=f"干部{i}",
                    start_at=dt.datetime(2024, 5, 8, 9, 0), content="谈话记录", campaign_id=cid))
        with laptop.read("bench.inspect") as s:
            tables = [r[0] for r in s.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]

            def bare() -> None:
                for table in tables:
                    s.execute(text(f'SELECT * FROM "{table}"')).fetchall()

            bare_s = timed(bare)
        laptop.close()

        def merge() -> None:
            with PackageImport(package, PACKAGE_PASSWORD) as job:
                job.commit(office, job.preview(office))

        merge_s = timed(merge)

        def again() -> None:
            with PackageImport(package, PACKAGE_PASSWORD) as job:
                assert not job.preview(office).changes

        again_s = timed(again)
        print(f"   import (150 new records, preview + commit): {merge_s:.2f} s; bare read of the package: "
              f"{bare_s:.2f} s; ratio {merge_s / bare_s:.1f}; second import (no-op): {again_s:.2f} s")
        office.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
