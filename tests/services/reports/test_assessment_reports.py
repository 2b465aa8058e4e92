"""Reports from front-line records: the figures worked out by hand in report_scenario appear
in the PDFs, under the right headings, in the right rows."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from desktop.errors import FrontlineError, NotFound
from desktop.services.reports.reports import Request, generate
from desktop.services.reports.reports_batch import run_batch
from desktop.services.workspace import Workspace
from tests.reports.pdf_helpers import compact, pages, prose, table_rows, text
from tests.services.reports.report_scenario import FLAG, Scenario


@pytest.fixture
def built(scenario_db: tuple[Path, Scenario]) -> Iterator[tuple[Workspace, Scenario]]:
    from tests.conftest import PASSWORD

    workspace = Workspace.open(scenario_db[0], "admin", PASSWORD)
    yield workspace, scenario_db[1]
    workspace.close()


@pytest.fixture
def ws(built: tuple[Workspace, Scenario]) -> Workspace:
    """The scenario's database (in this module, in place of the empty one)."""
    return built[0]


@pytest.fixture
def scenario(built: tuple[Workspace, Scenario]) -> Scenario:
    return built[1]


def rows(pdf: bytes) -> list[list[str]]:
    """Every text line of every page, split into cells (table rows read left to right)."""
    return [line.split() for line in text(pdf).splitlines() if line.strip()]


def row(pdf: bytes, *first: str) -> list[str]:
    """The first line whose leading cells are `first`."""
    found = [r for r in rows(pdf) if r[:len(first)] == list(first)]
    assert found, f"no row starting {first}"
    return found[0]


def today() -> str:
    import datetime as dt

    d = dt.date.today()
    return f"{d.year}年{d.month}月{d.day}日"


def test_comprehensive_report_puts_political_quality_first(ws: Workspace, scenario: Scenario):
    pdf = generate(ws, Request("comprehensive", cadre_id=scenario.zhang)).data
    body = compact(pdf)
    headings = ["一、基本情况", "二、政治素质", "三、一线考核情况", "四、年度考核情况", "七、综合研判"]
    positions = [body.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "根据2份政治素质评议表（来自1次考核）计算" in body
    assert row(pdf, "政治忠诚")[1:] == ["90.00", "+2", "0", "+2"]
    assert row(pdf, "政治担当")[1:] == ["100.00", "+5", "0", "+5"]
    assert row(pdf, "政治自律")[1:] == ["80.00", "0", "0", "0"]  # the corrected −3 and its +3 cancel
    assert "雷达图按各维度评议得分绘制" in body and "政治素质五维雷达图" in body
    assert f"{FLAG}（同级评议" in body and "以身体原因推脱牵头任务" in body


def test_ledger_facts_show_corrections_and_never_drop_them(ws: Workspace, scenario: Scenario):
    pdf = generate(ws, Request("comprehensive", cadre_id=scenario.zhang)).data
    body = compact(pdf)
    assert "记录政治表现积分4条，其中加分2条（+7分）、扣分0条（0分），另有1条经冲正更正" in body
    assert "净积分+7分" in body
    entries = {r[0]: r for r in table_rows(pdf) if r and r[0].isdigit()}
    # The corrected entry is printed, marked as corrected, and so is the correction.
    reason = "经复核，接待标准符合规定"
    assert entries[str(scenario.corrected)][-1] == f"已冲正（第{scenario.correction}号，{today()}：{reason}）"
    assert entries[str(scenario.correction)][-1] == f"冲正第{scenario.corrected}号：经复核，接待标准符合规定"
    assert entries[str(scenario.corrected)][1:5] == ["2025.03.10", "审计政治自律", "公务接待超出标准", "-3"]
    assert entries[str(scenario.correction)][3:5] == ["公务接待超出标准", "+3"]
    facts = [r[3] for r in entries.values()]
    assert "台风期间连续三昼夜坚守征拆一线" in facts and "巡察整改中主动认领问题并按期销号" in facts


def test_comprehensive_tallies_talks_and_conclusion(ws: Workspace, scenario: Scenario):
    pdf = generate(ws, Request("comprehensive", cadre_id=scenario.zhang)).data
    body = prose(pdf)
    assert "干部政治素质评议表收回2份（发出2份，参评率100.00%），综合得分93.63分" in body
    assert "领导干部民主测评表（德能勤绩廉）收回6份（发出8份，参评率75.00%），综合得分70.00分" in body
    assert "好3票（50.00%）、较好1票（16.67%）、一般1票（16.67%）、差0票（0.00%）、弃权1票（16.67%）" in body
    assert "下级：1张测评票未收回" in body
    assert "共有谈话记录1次，其中与本人谈话1次" in body
    assert "2025年3月6日，东部新城片区建设一线考核，谈话人王组长、赵成员" in body
    assert "谈话结论：该同志熟悉征拆政策，能够靠前协调。" in body
    conclusion = body[body.index("七、综合研判"):]
    for figure in ("先后参加一线考核1次（沉浸式1次）", "各维度评议得分在80.00至100.00分之间",
                   "净积分+7分", "综合得分93.63分", "综合得分70.00分", "谈话记录1次"):
        assert figure in conclusion


def test_a_cadre_without_front_line_records_says_so(ws: Workspace, scenario: Scenario):
    from tests.services.assessment_helpers import cadre

    nobody = cadre(ws, "王五")
    body = compact(generate(ws, Request("comprehensive", cadre_id=nobody)).data)
    assert "档案中暂无该同志的一线考核、谈话、评议测评和政治表现积分记录" in body
    assert "暂无政治素质评议表和政治表现积分记录" in body and "政治素质五维雷达图" not in body


def test_radar_from_ledger_points_when_there_are_no_sheets(ws: Workspace, scenario: Scenario):
    from desktop.services.ledger import ledger
    from desktop.services.ledger.ledger import EntryInput
    from tests.services.assessment_helpers import cadre

    other = cadre(ws, "王五")
    import datetime as dt

    ledger.add(ws, EntryInput(other, dt.date(2025, 1, 5), "政治能力", True, 3, "重点业绩", "牵头完成项目审批改革"))
    body = compact(generate(ws, Request("comprehensive", cadre_id=other)).data)
    assert "暂无政治素质评议表，雷达图按各维度政治表现净积分绘制" in body
    assert "政治素质五维雷达图（政治表现净积分）" in body


def test_stage_report_of_a_campaign(ws: Workspace, scenario: Scenario):
    made = generate(ws, Request("stage", campaign_id=scenario.campaign))
    pdf, body = made.data, prose(made.data)
    assert made.title == "关于东部新城片区建设一线考核的阶段性报告"
    for expected in ("（截至", "跟踪东部新城片区指挥部",
                     # A deadline typed as a month prints as one, not as the 1st of June.
                     "《关于加快东部新城建设的批示》（海委〔2025〕7号）：6月底前完成征拆扫尾（完成时限：2025年6月）",
                     "考核单位1个：预算科", "被考核干部2名", "组长王组长，成员赵成员",
                     "共开展走访2次，走访单位2个次，其中按“四不两直”方式暗访1次",
                     "共开展谈话1人次，被考核干部中已谈话1人，占50.00%",
                     "发放评议表5份，已完成4份（上级2份、同级2份），尚未完成1份（下级1份）",
                     "民主测评票发出8张，收回6张（收回率75.00%）",
                     "2025年3月5日，走访东部新城征拆现场（预算科）：征拆补偿资金拨付滞后两周",
                     "五、尚待完成的工作", "尚有1份评议表未完成（下级1份）", "尚有1名被考核干部未谈话",
                     "民主测评票尚有2张未收回或未录入"):
        assert expected in body, expected
    ranked = [r for r in table_rows(pdf) if len(r) == 6 and r[0] in ("1", "2") and r[-1][-3:-2] == "."]
    assert ranked == [["1", "张三", "海滨市财政局预算科科长", "2/2", "50.00%", "93.63"],  # political quality
                      ["2", "李四", "海滨市财政局预算科副科长", "2/3", "50.00%", "75.00"],
                      ["1", "张三", "海滨市财政局预算科科长", "6/8", "50.00%", "70.00"]]  # democratic


def test_special_report_and_word_copy(ws: Workspace, scenario: Scenario, tmp_path: Path):
    made = generate(ws, Request("special", campaign_id=scenario.campaign))
    body = compact(made.data)
    assert made.title == "关于东部新城片区建设一线考核的专项报告"
    assert "尚待完成的工作" not in body and "四、干部考核情况" in body
    word = generate(ws, Request("special", campaign_id=scenario.campaign, fmt="docx"), out=tmp_path / "专项.docx")
    doc = Document(io.BytesIO(word.data))
    paragraphs = "".join(p.text.replace("\n", "") for p in doc.paragraphs)  # the title has a line break
    cells = "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "关于东部新城片区建设一线考核的专项报告" in paragraphs and "征拆补偿资金拨付滞后两周" in paragraphs
    assert "93.63" in cells and "台风期间连续三昼夜坚守征拆一线" in cells


def test_emergency_report_only_for_emergency_campaigns(ws: Workspace, scenario: Scenario, tmp_path: Path):
    made = generate(ws, Request("emergency", campaign_id=scenario.emergency))
    body = compact(made.data)
    assert made.title == "关于城区道路塌陷处置应急考核的分析报告"
    for expected in ("4月12日晚城区道路塌陷", "（一）表现突出的",
                     "李四（海滨市财政局预算科副科长）：连夜组织周边群众转移（政治担当，+4分",
                     "（二）存在不足的", "未按要求及时报送险情信息（政治定力，-2分", "夜间警示设施不足",
                     "本次考核尚无完成的评议表或测评票", "七、综合分析"):
        assert expected in body, expected
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "x.pdf"
    with pytest.raises(FrontlineError, match="是沉浸式考核，不是应急考核"):
        generate(ws, Request("emergency", campaign_id=scenario.campaign), out=out)
    with pytest.raises(NotFound, match="考核活动 999 不存在"):
        generate(ws, Request("stage", campaign_id=999), out=out)
    with pytest.raises(FrontlineError, match="需要指定考核活动"):
        generate(ws, Request("special"), out=out)
    assert not list(out.parent.iterdir())  # no file, no temporary file


def test_democratic_tally_of_a_cadre(ws: Workspace, scenario: Scenario):
    made = generate(ws, Request("democratic-tally", cadre_id=scenario.zhang))
    pdf, body = made.data, compact(made.data)
    assert made.title == "民主测评结果统计表（张三）"
    assert all(abs(p.width_mm - 297) < 1 and abs(p.height_mm - 210) < 1 for p in pages(pdf))  # landscape A4
    assert "被测评人：张三" in body and "测评活动：东部新城片区建设一线考核" in body
    #                                 发出 收回 参评率  好        较好       一般        差        弃权      平均分
    assert row(pdf, "上级") == ["上级", "2", "1", "50.00", "0", "0.00", "0", "0.00", "1", "100.00", "0", "0.00",
                                "0", "0.00", "60.00"]
    assert row(pdf, "下级") == ["下级", "6", "5", "83.33", "3", "60.00", "1", "20.00", "0", "0.00", "0", "0.00",
                                "1", "20.00", "95.00"]
    assert row(pdf, "合计") == ["合计", "8", "6", "75.00", "3", "50.00", "1", "16.67", "1", "16.67", "0", "0.00",
                                "1", "16.67", "—"]
    assert "综合得分：70.00分" in body and "上级50%、同级30%、下级20%" in body and "同级无测评结果，不计入" in body
    assert row(pdf, "政治品质和道德品行", "德") == ["政治品质和道德品行", "德", "3", "60.00", "1", "20.00", "1",
                                                "20.00", "0", "0.00", "1"]
    assert "下级：1张测评票未收回" in body and "统计人（签名）" in body and "审核人（签名）" in body


def test_democratic_tally_of_a_unit_ranks_its_cadres(ws: Workspace, scenario: Scenario):
    from desktop.services.evaluation import sheets
    from tests.services.assessment_helpers import template

    dem = template(ws, "民主测评")
    batch = sheets.create_batch(ws, dem.id, scenario.li, "下级", issued=2, campaign_id=scenario.campaign)
    with ws.read("test.inspect") as s:
        items = sheets.ballot_items(s, batch)
    sheets.add_ballot(ws, batch, {i.id: "较好" for i in items})  # 李四: 80.00
    made = generate(ws, Request("democratic-tally", unit_id=scenario.unit, campaign_id=scenario.campaign))
    pdf = made.data
    assert made.title == "民主测评结果统计表（海滨市财政局）"
    assert row(pdf, "1", "李四")[-1] == "80.00"
    assert row(pdf, "2", "张三")[-1] == "70.00"
    assert row(pdf, "2", "张三")[3:6] == ["8", "6", "75.00"]


def test_democratic_tally_refusals(ws: Workspace, scenario: Scenario, tmp_path: Path):
    out = tmp_path / "x.pdf"
    with pytest.raises(FrontlineError, match="李四没有民主测评记录"):
        generate(ws, Request("democratic-tally", cadre_id=scenario.li), out=out)
    with pytest.raises(FrontlineError, match="在考核活动“城区道路塌陷处置”中没有民主测评记录"):
        generate(ws, Request("democratic-tally", cadre_id=scenario.zhang, campaign_id=scenario.emergency), out=out)
    with pytest.raises(FrontlineError, match="干部（--cadre 编号）或单位（--unit 编号）之一"):
        generate(ws, Request("democratic-tally"), out=out)
    with pytest.raises(NotFound, match="单位 4242 不存在"):
        generate(ws, Request("democratic-tally", unit_id=4242), out=out)
    assert not out.exists()


def test_batch_of_tallies_skips_cadres_without_evaluation(ws: Workspace, scenario: Scenario, tmp_path: Path):
    result = run_batch(ws, "democratic-tally", [scenario.zhang, scenario.li], out_dir=tmp_path, workers=1)
    assert result.skipped == [scenario.li]
    (only,) = tmp_path.glob("*.pdf")
    assert only.name.startswith("张三") and "张三" in compact(only.read_bytes())
    with pytest.raises(FrontlineError, match="都没有民主测评记录"):
        run_batch(ws, "democratic-tally", [scenario.li], out_dir=tmp_path, workers=1)


def test_comprehensive_word_copy_has_the_chart_and_the_tables(ws: Workspace, scenario: Scenario, tmp_path: Path):
    made = generate(ws, Request("comprehensive", cadre_id=scenario.zhang, fmt="docx"), out=tmp_path / "综合.docx")
    doc = Document(io.BytesIO(made.data))
    assert len(doc.inline_shapes) == 1  # the radar chart, as a picture
    texts = [p.text for p in doc.paragraphs]
    assert "二、政治素质" in texts and "七、综合研判" in texts
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert ["政治忠诚", "90.00", "+2", "0", "+2"] in rows
    assert any(len(r) == 6 and r[2] == "审计\n政治自律" and r[3] == "公务接待超出标准" and r[-1].startswith("已冲正")
               for r in rows)
