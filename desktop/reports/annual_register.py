"""公务员年度考核登记表 of one year, as two A4 pages.

The fields of DOMAIN.md §3 (the official grid itself is UNCONFIRMED: this follows the
common printed form). What the file knows is filled in (name … 任现职务职级时间, the year's
脱产 training, the grade when the committee's result is recorded); 个人总结, 评语 and the
opinions are left blank for hand and signature, as the form is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.models import Cadre
from desktop.models.grading import UNDETERMINED
from desktop.reports import facts
from desktop.reports.adform import LEFT, WIDTH
from desktop.reports.layout import draw, forms, stamp
from desktop.reports.layout.fonts import SONG, TITLE
from desktop.reports.layout.forms import Box
from desktop.reports.layout.glyphs import FontBook
from desktop.reports.layout.typeset import Style

PAGE_W, PAGE_H = A4
COLS = (26, 30, 18, 24, 24, 42)  # mm
SIZE = 12.0
SIGN = "签名：　　　　　　　　年　　月　　日"


@dataclass(frozen=True)
class RegisterData:
    year: int
    name: str
    sex: str = ""
    birth: str = ""
    political_status: str = ""
    unit_post: str = ""  # 单位及职务职级
    since: str = ""  # 任现职务职级时间
    duties: str = ""  # 从事或分管工作
    training: str = ""  # 参加脱产培训情况
    grade: str = ""  # the year's grade, when recorded
    cadre_id: int | None = None
    supervisor: str = ""  # 主管领导评语和考核等次建议, when the appraisal has them
    remarks: str = ""  # 需要说明的情况: why 不定等次, from the annual result's note


def register_data(cadre: Cadre, year: int) -> RegisterData:
    post = facts.current_post(cadre)
    rank = facts.current_rank(cadre)
    result = next((r for r in cadre.annual_results if r.year == year), None)
    grade = result.grade if result is not None else ""
    training = facts.training_lines(cadre.trainings, modes=frozenset({"脱产"}), year=year)
    return RegisterData(
        year=year, name=cadre.name, sex=cadre.sex, birth=facts.dotted(cadre.birth),
        political_status=cadre.political_status,
        unit_post=post + (f"，{rank}" if rank and rank not in post else ""),
        since=facts.dotted(facts.current_since(cadre)), duties="",
        training="\n".join(training) if training else "无", grade=grade, cadre_id=cadre.id,
        remarks=result.note if result is not None and result.grade == UNDETERMINED else "",
    )


def _xs() -> list[float]:
    xs = [LEFT]
    for w in COLS:
        xs.append(xs[-1] + w * mm)
    return xs


class _Register(forms.Form):
    def __init__(self, c: Canvas, book: FontBook, mark: stamp.Stamp) -> None:
        super().__init__(c, book, mark, left=LEFT, role=SONG, size=SIZE, min_size=7.5)
        self.xs = _xs()

    def box(self, first: int, last: int, top: float, h: float) -> Box:
        return Box(self.xs[first], top, self.xs[last + 1] - self.xs[first], h)

    def opinion(self, top: float, h: float, title: str, text: str = "", sign: str = SIGN) -> None:
        self.label(self.box(0, 0, top, h), title)
        area = self.cell(self.box(1, 5, top, h))
        if text:
            inner = area.inner(3 * mm)
            fitted = forms.fit(self.book, text, SONG, inner, max_size=SIZE, min_size=7.5)
            forms.put(self.c, self.book, inner, fitted, SONG, valign="top")
        style = Style(SONG, SIZE)
        baseline = draw.baseline_for_top(self.book, style, area.bottom + 4 * mm + SIZE)
        draw.right(self.c, self.book, area.x + area.w - 6 * mm, baseline, sign, style)

    def page_one(self, d: RegisterData) -> None:
        self.begin()
        title = Style(TITLE, 22.0)
        draw.centered(self.c, self.book, PAGE_W / 2, draw.baseline_for_top(self.book, title, PAGE_H - 16 * mm),
                      "公务员年度考核登记表", title)
        sub = Style(SONG, 14.0)
        draw.centered(self.c, self.book, PAGE_W / 2, draw.baseline_for_top(self.book, sub, PAGE_H - 27 * mm),
                      f"（{d.year}年度）", sub)
        top, row = PAGE_H - 35 * mm, 13 * mm
        for col, text in ((0, "姓　名"), (2, "性　别"), (4, "出生年月")):
            self.label(self.box(col, col, top, row), text)
        for col, text in ((1, d.name), (3, d.sex), (5, d.birth)):
            self.value(self.box(col, col, top, row), text)
        y = top - row
        self.label(self.box(0, 0, y, row), "政治面貌")
        self.value(self.box(1, 1, y, row), d.political_status)
        self.label(self.box(2, 3, y, row), "单位及职务职级")
        self.value(self.box(4, 5, y, row), d.unit_post, align="left")
        y -= row
        self.label(self.box(0, 0, y, row), "任现职务\n职级时间")
        self.value(self.box(1, 1, y, row), d.since)
        self.label(self.box(2, 3, y, row), "从事或分管工作")
        self.value(self.box(4, 5, y, row), d.duties, align="left")
        y -= row
        bottom = 20 * mm
        self.vertical_label(self.box(0, 0, y, y - bottom), "个人总结", most=2.0)
        area = self.cell(self.box(1, 5, y, y - bottom))
        style = Style(SONG, SIZE)
        baseline = draw.baseline_for_top(self.book, style, area.bottom + 4 * mm + SIZE)
        draw.right(self.c, self.book, area.x + area.w - 6 * mm, baseline, SIGN, style)
        self.end(Box(LEFT, top, WIDTH, top - bottom))

    def page_two(self, d: RegisterData) -> None:
        self.begin()
        top = PAGE_H - 20 * mm
        y = top
        self.label(self.box(0, 0, y, 34 * mm), "参加脱产\n培训情况")
        area = self.cell(self.box(1, 5, y, 34 * mm))
        inner = area.inner(3 * mm)
        fitted = forms.fit(self.book, d.training, SONG, inner, max_size=SIZE, min_size=7.5, hanging=True)
        forms.put(self.c, self.book, inner, fitted, SONG, valign="top")
        y -= 34 * mm
        grade = f"考核等次：{d.grade}" if d.grade else ""
        for title, h, text, sign in (
            ("主管领导\n评语和考核\n等次建议", 62 * mm, d.supervisor, SIGN),
            ("机关负责人\n或考核委员\n会意见", 50 * mm, grade, "签名（盖章）：　　　　　　年　　月　　日"),
            ("被考核人\n意见", 38 * mm, "", SIGN),
            ("需要说明\n的情况", 38 * mm, d.remarks, ""),
        ):
            self.opinion(y, h, title, text, sign)
            y -= h
        self.end(Box(LEFT, top, WIDTH, top - y))


def draw_register(c: Canvas, book: FontBook, d: RegisterData, mark: stamp.Stamp) -> int:
    form = _Register(c, book, mark)
    form.page_one(d)
    form.page_two(d)
    return 2


def render_registers(items: list[tuple[RegisterData, stamp.Stamp]], book: FontBook) -> draw.Rendered:
    return draw.pdf(book, "公务员年度考核登记表", lambda c: sum(draw_register(c, book, d, mark) for d, mark in items),
                    **stamp.described(items))
