"""Seed files for bench/fuzz_inputs.py, each made by the program's own writers (or, for the
legacy .lrm and the fonts, the nearest thing the program reads), and the database they go
into. Everything lives under bench/out/fuzz and is rebuilt on every run."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

PASSWORD = "fuzz-password-1"
PACKAGE_PASSWORD = "fuzz-package-1"


@dataclass
class Seeds:
    folder: Path
    db: Path
    files: dict[str, list[Path]] = field(default_factory=dict)

    def add(self, kind: str, path: Path) -> None:
        self.files.setdefault(kind, []).append(path)


def _image(fmt: str, size: tuple[int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, fmt)
    return out.getvalue()


def legacy_lrm(name: str) -> bytes:
    """A 任免审批表 2.0 .lrm: 33 quoted fields in GBK (see interchange/lrm_legacy.py)."""
    fields = [""] * 33
    fields[:12] = [name, "男", "1972.05", "汉族", "江苏南京", "1995.07", "健康", "江苏南京", "1994.08",
                   "大学#学士@研究生#硕士", "南京大学#南京大学@中央党校#中央党校", "高级经济师"]
    fields[17] = "1990.09--1994.07  南京大学经济学专业学习\n1994.08--2026.01  某市发展改革委科员、副主任科员"
    fields[18] = "2019年度嘉奖"
    fields[19] = "2021年度称职；2022年度优秀"
    fields[20:25] = ["妻子@儿子", "李梅@王小", "1973.01@2001.03", "中共党员@共青团员", "某中学教师@学生"]
    fields[25] = "某市发展改革委副主任"
    return ('"' + '","'.join(fields) + '"').encode("gb18030")


def _detail_roster(path: Path) -> None:
    """A roster with the optional detail sheets, as a clerk fills the import template in."""
    wb = Workbook()
    ws = wb.active
    ws.title = "干部名册"
    ws.append(["姓名", "性别", "出生年月", "身份证号", "民族", "籍贯", "参加工作时间", "政治面貌"])
    ws.append(["赵一", "男", "1975.03", "110101197503071234", "汉族", "北京", "1997.07", "中共党员"])
    ws.append(["钱二", "女", "1980-11", "", "回族", "河北保定", "2003.08", "群众"])
    posts = wb.create_sheet("任职")
    posts.append(["干部姓名", "身份证号", "单位", "职务", "任职时间", "免职时间"])
    posts.append(["赵一", "110101197503071234", "某市某局", "副局长", "2018.03", ""])
    family = wb.create_sheet("家庭成员")
    family.append(["干部姓名", "身份证号", "称谓", "姓名", "出生年月", "政治面貌", "工作单位及职务"])
    family.append(["赵一", "110101197503071234", "妻子", "孙三", "1976.02", "群众", "某医院医生"])
    wb.save(path)


def build(folder: Path, cadres: int = 30) -> Seeds:
    from desktop.demo.database import create_demo_database
    from desktop.models import Campaign
    from desktop.services.cadres.roster_columns import COLUMNS
    from desktop.services.exchange import assessment_export, imports, lrmx_export, roster_export, statistics_export
    from desktop.services.exchange.packages import export as package_export
    from desktop.store.package_guard import STATE_FILE, PackageGuard

    shutil.rmtree(folder, ignore_errors=True)
    (folder / "seeds").mkdir(parents=True)
    seeds = Seeds(folder, folder / "office.db")
    ws, _code, _ = create_demo_database(seeds.db, "admin", PASSWORD, cadres, seed=7, photos=True)
    s = folder / "seeds"
    try:
        roster = s / "roster.xlsx"
        roster_export.export_roster(ws, roster, keys=[c.key for c in COLUMNS])
        seeds.add("roster", roster)
        _detail_roster(s / "roster-details.xlsx")
        seeds.add("roster", s / "roster-details.xlsx")
        for kind in ("roster", "annual"):
            imports.write_template(ws, kind, s / f"template-{kind}.xlsx")
        seeds.add("roster", s / "template-roster.xlsx")
        annual = Workbook()
        annual.active.append(["姓名", "身份证号", "年度", "考核结果"])
        with ws.read("bench.inspect") as session:
            from desktop.models import Cadre

            for name, number in session.execute(select(Cadre.name, Cadre.citizen_id).limit(5)):
                annual.active.append([name, number, 2024, "称职"])
            active = next(c.id for c in session.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
        annual.save(s / "annual.xlsx")
        seeds.add("annual", s / "annual.xlsx")
        seeds.add("annual", s / "template-annual.xlsx")
        for kind in ("ledger", "ballots"):
            assessment_export.export(ws, kind, s / f"{kind}.xlsx")
            seeds.add(kind, s / f"{kind}.xlsx")
            imports.write_template(ws, kind, s / f"template-{kind}.xlsx")
            seeds.add(kind, s / f"template-{kind}.xlsx")
        statistics_export.export(ws, s / "statistics.xlsx")
        seeds.add("roster", s / "statistics.xlsx")  # not an import file: must be refused, not crash
        ids = lrmx_export.all_ids(ws)[:6]
        for cadre_id in ids[:3]:
            out = s / f"form-{cadre_id}.lrmx"
            lrmx_export.export(ws, [cadre_id], out)
            seeds.add("lrmx", out)
        lrmx_export.export(ws, ids, s / "forms.zip")
        seeds.add("zip", s / "forms.zip")
        (s / "王五.lrm").write_bytes(legacy_lrm("王五"))
        (s / "王五.pic").write_bytes(_image("JPEG", (33, 46)))
        seeds.add("lrm", s / "王五.lrm")
        package = s / "campaign.flpkg"
        package_export.export(ws, active, package, PACKAGE_PASSWORD)
        seeds.add("package", package)
    finally:
        ws.close()
    seeds.add("keys", Path(f"{seeds.db}.keys"))
    state = s / STATE_FILE
    PackageGuard(package, state_file=state).begin("")  # one wrong package password recorded
    seeds.add("state", state)
    seeds.add("settings", _settings_seed(s))
    from desktop import paths
    from desktop.services.workspace import Workspace

    opened = Workspace.open(seeds.db, "admin", PASSWORD)
    try:
        with opened.read("bench.inspect") as session:
            uid = opened.db.chain.current_uid(session)
    finally:
        opened.close()
    anchor = paths.state_dir() / "anchors" / f"{uid}.json"  # filed by the database's identity
    shutil.copy2(anchor, s / "anchor.json")  # written by the demo's last operation
    seeds.add("anchor", s / "anchor.json")
    (s / "password.txt").write_text(f"{PASSWORD}\n", "utf-8")
    seeds.add("password", s / "password.txt")
    for fmt, suffix in (("JPEG", "jpg"), ("PNG", "png"), ("BMP", "bmp"), ("GIF", "gif")):
        (s / f"photo.{suffix}").write_bytes(_image(fmt, (60, 84)))
        seeds.add("photo", s / f"photo.{suffix}")
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    shutil.copy2(vera, s / "Vera.ttf")
    seeds.add("font", s / "Vera.ttf")
    return seeds


def _settings_seed(folder: Path) -> Path:
    """frontline.ini as the window leaves it."""
    path = folder / "frontline.ini"
    path.write_text("[login]\nlast_db=/home/clerk/一线考核.db\nlast_user=admin\n[roster]\n"
                    "columns=name,sex,birth,unit,post\n"
                    f"widths={json.dumps({'name': 120, 'sex': 40, 'unit': 300})}\n"
                    "[reports]\nlast_folder=/home/clerk\n", "utf-8")
    return path


def zip_members(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(i, z.read(i)) for i in z.infolist()]
