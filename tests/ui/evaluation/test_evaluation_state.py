"""The 测评 screens' state without widgets: template editing with undo, a sheet's live score
and problems, the ballot entry cursor and tally."""

from decimal import Decimal

import pytest

from desktop.services.evaluation import templates
from desktop.services.evaluation.template_text import scale_summary
from desktop.services.workspace import Workspace
from desktop.ui.evaluation.ballot_state import BLANK, BallotEntry, BallotItem, Key
from desktop.ui.evaluation.sheet_form import SheetForm, SheetItem
from desktop.ui.evaluation.sheet_plan import rater_names
from desktop.ui.evaluation.template_form import Row, TemplateForm, parse_grades, parse_weight
from tests.services.assessment_helpers import template


def _democratic(ws: Workspace) -> TemplateForm:
    t = template(ws, "民主测评")
    with ws.read("test.inspect") as s:
        return TemplateForm(templates.spec_of(templates.get(s, t.id)), t.id, t.version, t.published)


def test_weights_total_and_undo(ws: Workspace):
    form = _democratic(ws)
    assert form.total_weight() == 100 and form.weight_ok() and not form.dirty
    form.set_item(0, 0, "weight", Decimal("5"))
    assert form.total_weight() == 95 and not form.weight_ok()
    assert "各项权重合计应为 100，现为 95" in form.problems()
    assert form.section_weight(0) == 15
    form.undo()
    assert form.weight_ok() and not form.dirty
    form.redo()
    assert form.total_weight() == 95


def test_items_are_added_moved_across_sections_and_removed(ws: Workspace):
    form = _democratic(ws)
    first_item = Row(0, 0)
    flat = form.add_item(first_item)
    assert form.rows()[flat] == Row(0, 1)
    new = form.item(Row(0, 1))
    assert new.text == "" and new.weight == 0 and new.scale["type"] == "grades"  # the neighbour's scale
    form.set_item(0, 1, "text", "对口支援工作成效")
    # Down within its section, then past the section's last item into the next section (能).
    form.move(Row(0, 1), 1)
    flat = form.move(Row(0, 2), 1)
    assert form.rows()[flat] == Row(1, 0) and form.item(Row(1, 0)).text == "对口支援工作成效"
    flat = form.move(Row(1), -1)  # a section moves with its items
    assert form.spec.sections[0].title == "能" and form.rows()[flat] == Row(0)
    form.remove(Row(0, 0))
    assert form.spec.sections[0].items[0].text == "业务能力和履职水平"
    while form.can_undo():
        form.undo()
    assert not form.dirty


def test_a_checklist_section_turns_its_items_into_deductions(ws: Workspace):
    form = _democratic(ws)
    form.set_section(0, "checklist", True)
    assert {i.scale["type"] for i in form.spec.sections[0].items} == {"flag"}
    assert form.total_weight() == 80
    assert scale_summary(form.spec.sections[0].items[0].scale) == "勾选扣 5 分"
    form.undo()
    assert form.total_weight() == 100


def test_only_one_overall_item(ws: Workspace):
    form = _democratic(ws)
    assert form.spec.sections[-1].items[0].is_overall
    form.set_item(0, 0, "is_overall", True)
    assert [i.is_overall for i in form.spec.all_items()].count(True) == 1


def test_parsing_grades_and_weights():
    assert parse_grades("好 100；较好=80，一般：60、差 30") == [["好", 100], ["较好", 80], ["一般", 60], ["差", 30]]
    assert parse_grades("优秀 100;合格 72.5") == [["优秀", 100], ["合格", 72.5]]
    for bad, message in (("好", "应写成"), ("好 100", "至少需要两个"), ("好 100；好 80", "不能重复")):
        with pytest.raises(ValueError, match=message):
            parse_grades(bad)
    assert parse_weight("3.5") == Decimal("3.5") and parse_weight("") == 0
    for bad in ("abc", "101", "-1", "3.555"):
        with pytest.raises(ValueError):
            parse_weight(bad)


def test_rater_names_are_names_or_a_count():
    assert rater_names("同级", "王五、李六, 赵七") == ["王五", "李六", "赵七"]
    assert rater_names("下级", "3") == ["下级测评人1", "下级测评人2", "下级测评人3"]
    assert rater_names("上级", "  ") == []
    with pytest.raises(ValueError, match="重复"):
        rater_names("同级", "王五、王五")


GRADES = {"type": "grades", "grades": [["好", 100], ["较好", 80], ["一般", 60], ["差", 30]]}


def _sheet() -> SheetForm:
    return SheetForm([SheetItem(1, "甲", 6000, GRADES, 61, False, "一", 1),
                      SheetItem(2, "乙", 4000, {"type": "score", "max": 10}, 61, False, "一", 2),
                      SheetItem(3, "说三道四", 0, {"type": "flag", "penalty": 5}, 61, False, "负面行为清单", 1),
                      SheetItem(4, "总体评价", 0, GRADES, 61, True, "总体评价", 1)])


def test_sheet_score_keys_and_facts():
    form = _sheet()
    assert [line.section for line in form.lines() if line.item is None] == ["一", "负面行为清单", "总体评价"]
    assert SheetForm.key_value(form.items[0], 2) == "较好" and SheetForm.key_value(form.items[0], 5) is None
    assert SheetForm.key_value(form.items[2], 1) == "1" and SheetForm.key_value(form.items[1], 1) is None
    form.set_value(1, "较好")
    assert form.score() == Decimal("80.00") and form.progress() == (1, 3)
    form.set_value(2, "5")  # 50 points: below 61, a fact is required
    assert form.missing_fact(2)
    form.set_value(3, "1")
    form.set_value(4, "好")
    # (80 × 60 + 50 × 40) / 100 − 5 = 63
    assert form.score() == Decimal("63.00") and form.deductions() == (1, Decimal(5))
    assert [p.field for p in form.problems()] == ["item:2", "item:3"]
    form.set_fact(2, "防汛值守两次脱岗")
    form.set_fact(3, "在会上公开发表不当言论")
    assert form.problems() == [] and form.dirty
    form.set_value(2, "12")
    assert form.score() is None and "分数应在 0 至 10 之间" in form.problems()[0].message


LABELS = ("好", "较好", "一般", "差")


def test_ballot_cursor_and_tally():
    entry = BallotEntry([BallotItem(1, "德", LABELS, False), BallotItem(2, "总体", LABELS, True)], issued=2)
    assert entry.grades() == [*LABELS, BLANK]
    assert entry.key(5) == Key.INVALID and entry.position == 0
    assert entry.key(2) == Key.MARKED and entry.position == 1
    entry.back(clear=True)
    assert entry.marks == {} and entry.position == 0
    entry.key(1)
    assert entry.key(0) == Key.COMPLETE
    assert entry.ballot() == {1: "好", 2: ""}
    entry.stored()
    assert (entry.entered, entry.number, entry.position) == (1, 2, 0)
    entry.key(4)
    entry.key(3)
    entry.stored()
    assert entry.full and entry.key(1) == Key.FULL
    assert entry.counts(2) == {BLANK: 1, "一般": 1}
    assert entry.total() == {"好": 1, "差": 1, BLANK: 1, "一般": 1}
    assert entry.undone() == {1: "差", 2: "一般"} and not entry.full
    assert BallotEntry.percent(1, 3) == Decimal("33.3")
