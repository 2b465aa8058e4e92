"""LRMX written by peer tools (tests/data/lrmx) comes back out as it went in, and prints so.

The samples are shaped as the newest 任免审批表 editors write them: a BOM, CRLF line ends,
tab indentation, the two elements of the 2025 retirement-age reform, the photo's base64
wrapped at 76 columns, and the free wording other tools and clerks use (奖惩情况 as one
sentence, 入党时间 "2010.05 九三学社", 年度考核结果 "2021、2022年度考核称职，…").
"""

from __future__ import annotations

import base64
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.models import Cadre
from desktop.models.dates import PartialDate
from desktop.reports.adform import adform_data
from desktop.services.cadres import cadre_files
from desktop.services.exchange import imports, lrmx_export
from desktop.services.reports.reports import Request, generate
from desktop.services.workspace import Workspace
from tests.reports.pdf_helpers import compact, pages

PEERS = Path(__file__).parents[2] / "data" / "lrmx"
SAMPLES = sorted(PEERS.glob("*.lrmx"))
# What describes the act of filling the form in, not the cadre: set anew by whoever exports.
FILLING = {"TianBiaoRen", "TianBiaoShiJian", "JiSuanNianLingShiJian", "Version"}


def _elements(data: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(data.removeprefix(b"\xef\xbb\xbf"))
    return {child.tag: child for child in root}


def _text(el: ET.Element | None) -> str:
    return "" if el is None else "".join(el.itertext()).strip()


def _resume(text: str) -> list[str]:
    """The 简历 as lines, each line's spacing aside (the editor's own spacing may differ)."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _import(ws: Workspace, path: Path) -> int:
    plan = imports.preview(ws, path)
    assert (len(plan.adds), plan.rejects) == (1, []), plan.preview_rows()
    return imports.commit(ws, plan).added[0]


def _export(ws: Workspace, cadre_id: int, out: Path) -> bytes:
    lrmx_export.export(ws, [cadre_id], out, today=dt.date(2025, 6, 1))
    return out.read_bytes()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_field_of_a_peer_file_survives_import_and_export(sample: Path, ws: Workspace, tmp_path: Path):
    cadre_id = _import(ws, sample)
    theirs = _elements(sample.read_bytes())
    ours = _elements(_export(ws, cadre_id, tmp_path / "out.lrmx"))
    assert list(ours) == [t for t in theirs if t in ours] and set(theirs) <= set(ours)  # same order
    for tag, el in theirs.items():
        if tag in FILLING:
            continue
        if tag == "JianLi":
            assert _resume(_text(ours[tag])) == _resume(_text(el))
        elif tag == "ZhaoPian":
            assert base64.b64decode("".join(_text(ours[tag]).split())) == base64.b64decode("".join(_text(el).split()))
        elif tag == "JiaTingChengYuan":
            assert [[_text(sub) for sub in item] for item in ours[tag]] == \
                   [[_text(sub) for sub in item] for item in el], tag
        else:
            assert _text(ours[tag]) == _text(el), tag


def test_a_second_import_of_the_export_changes_nothing(ws: Workspace, tmp_path: Path):
    for sample in SAMPLES:
        cadre_id = _import(ws, sample)
        out = tmp_path / sample.name
        _export(ws, cadre_id, out)
        again = imports.preview(ws, out)
        assert (len(again.unchanged), again.updates, again.rejects) == (1, [], []), again.preview_rows()


def _cadre(ws: Workspace, name: str) -> Cadre:
    with ws.read("test.inspect") as s:
        found = s.query(Cadre).filter_by(name=name).one()
        return cadre_files.load(s, found.id)


def test_what_the_free_wording_is_stored_as(ws: Workspace):
    for sample in SAMPLES:
        _import(ws, sample)
    lin = _cadre(ws, "林秀珍")
    assert lin.rewards_override == "2019年被评为全省优秀公务员；2021年记三等功"
    assert (lin.rewards, lin.punishments) == ([], [])  # not forced into 给予… entries
    assert (lin.political_status, lin.party_joined) == ("九三学社社员", PartialDate(2010, 5))
    assert lin.reporting_unit == "中共海滨市委组织部"
    assert lin.pre_reform_age_limit == "改革前任职年龄界限为60岁"
    assert lin.retirement_due is None  # the file's 203404 is the reform's own month: left to the rule
    assert [(r.year, r.grade) for r in lin.annual_results] == [(2021, "称职"), (2022, "称职"), (2023, "优秀")]
    zhang = _cadre(ws, "张建华")
    assert zhang.rewards_override == ""  # read as entries that print the text back
    assert [(r.date, r.granted_by, r.title) for r in zhang.rewards] == [
        (PartialDate(2018, 12), "海滨市人民政府", "嘉奖"), (PartialDate(2020, 6), "中共海滨市委", "记三等功")]
    zhou = _cadre(ws, "周海波")
    assert zhou.retirement_due == PartialDate(2031, 5)  # a senior post's month, typed: kept as given
    assert (zhou.political_status, zhou.party_joined) == ("民盟盟员", PartialDate(2003, 11))


def test_a_changed_record_is_written_from_the_record_not_the_old_wording(ws: Workspace, tmp_path: Path):
    cadre_id = _import(ws, PEERS / "林秀珍.lrmx")
    file = cadre_files.CadreFile(fields={"political_status": "中共党员", "party_joined": "2016.07",
                                         "pre_reform_age_limit": "改革前任职年龄界限为55岁"})
    cadre_files.save(ws, file, cadre_id)
    ours = _elements(_export(ws, cadre_id, tmp_path / "out.lrmx"))
    assert _text(ours["RuDangShiJian"]) == "201607"  # a CPC member's month in the editor's own form
    assert _text(ours["DaoLingNianYue"]) == "202801"  # follows the limit: 55岁8个月 for one born 1972.05


def test_a_dotted_cpc_date_is_written_in_the_editor_s_own_form(ws: Workspace, tmp_path: Path):
    source = (PEERS / "张建华.lrmx").read_bytes().replace(b"<RuDangShiJian>199506", b"<RuDangShiJian>1995.06")
    (tmp_path / "in.lrmx").write_bytes(source)
    ours = _elements(_export(ws, _import(ws, tmp_path / "in.lrmx"), tmp_path / "out.lrmx"))
    assert _text(ours["RuDangShiJian"]) == "199506"


def test_a_new_year_s_result_replaces_the_old_wording(ws: Workspace, tmp_path: Path):
    cadre_id = _import(ws, PEERS / "林秀珍.lrmx")
    with ws.read("test.inspect") as s:
        rows = [{"id": r.id} for r in cadre_files.load(s, cadre_id).annual_results]
    cadre_files.save(ws, cadre_files.CadreFile(records={"annual_results": [*rows, {"year": 2024, "grade": "优秀"}]}),
                     cadre_id)
    ours = _elements(_export(ws, cadre_id, tmp_path / "out.lrmx"))
    assert _text(ours["NianDuKaoHeJieGuo"]) == "2021年度考核称职；2022年度考核称职；2023年度考核优秀；2024年度考核优秀"


def test_the_printed_form_shows_the_peer_s_words(ws: Workspace, tmp_path: Path):
    cadre_id = _import(ws, PEERS / "林秀珍.lrmx")
    made = generate(ws, Request("adform", cadre_id=cadre_id), out=tmp_path / "form.pdf")
    text = compact(made.data)
    assert adform_data(_cadre(ws, "林秀珍"), dt.date(2025, 6, 1)).party_joined == "2010.05 九三学社"
    # 年度考核结果 prints in the peer's own words, as the LRMX export keeps them.
    assert adform_data(_cadre(ws, "林秀珍"), dt.date(2025, 6, 1)).annual == "2021、2022年度考核称职，2023年度考核优秀"
    for expected in ("2019年被评为全省优秀公务员；2021年记三等功", "2010.05九三", "中共海滨市委组织部",
                     "到龄年月", "2034.04", "改革前任职年龄界限为60岁"):
        assert expected in text, expected
    assert "给予2019" not in text
    family = pages(made.data)[1].text
    # (the vertical label's characters share lines with the rows: read from the 称谓 on)
    father = next(line[line.index("父亲"):] for line in family.splitlines() if "林德福" in line)
    mother = next(line[line.index("母亲"):] for line in family.splitlines() if "黄秀英" in line)
    assert father.split() == ["父亲", "林德福", "群众", "已去世"]  # no age for the deceased
    assert mother.split()[:3] == ["母亲", "黄秀英", str(PartialDate(1948, 8).age_on(dt.date.today()))]
