"""干部任免审批表: the two-page form of DOMAIN.md §3, filled from a cadre file.

Page 1: 姓名 … 健康状况 in three rows beside the photo, 专业技术职务, 熟悉专业有何专长 and the
到龄年月 of the 2025 retirement-age reform (改革前任职年龄界限 on the title's line, at the right),
学历学位 (全日制教育, 在职教育, each with 毕业院校系及专业), 现任/拟任/拟免职务 and the 简历
in the large cell that fills the page. Page 2: 奖惩情况, 年度考核结果, 任免理由, the family
table, 呈报单位 and the two opinion boxes, 填表人 under the table. All 宋体.

The 简历 is set with a hanging indent (the text column stays clear of the dates) and shrinks
until it fits its cell; a 简历 too long even at the smallest legible size continues on an
extra page, so nothing is ever cut off silently.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.models import Cadre, retirement
from desktop.models.annual_text import as_written
from desktop.models.resume import resume_text
from desktop.reports import facts
from desktop.reports.layout import draw, forms, stamp
from desktop.reports.layout.fonts import SONG, TITLE
from desktop.reports.layout.forms import Box
from desktop.reports.layout.glyphs import FontBook
from desktop.reports.layout.typeset import Style

PAGE_W, PAGE_H = A4
LEFT = 25 * mm
WIDTH = 164 * mm
# Page-1 columns (mm): label, value, label, value, label, value, photo.
COLS_1 = (18, 24, 18, 24, 22, 24, 34)
# Family table columns (mm): label, 称谓, 姓名, 年龄, 政治面貌, 工作单位及职务.
COLS_FAMILY = (18, 17, 21, 13, 23, 72)
LABEL_SIZE = 12.0  # 小四, labels and values alike
MIN_VALUE = 7.5
RESUME_SIZE = 12.0
RESUME_MIN = 7.5  # below this a printed 简历 is no longer legible
RESUME_LEADING = 1.25
FAMILY_ROWS = 7
TITLE_SIZE = 22.0
NOTE_SIZE = 10.5  # 改革前任职年龄界限, on the title's line at the right


@dataclass(frozen=True)
class FamilyRow:
    relation: str
    name: str
    age: str
    political_status: str
    work: str


@dataclass(frozen=True)
class AdformData:
    """Everything the form prints, as text: picklable, so batch workers receive it as is."""

    name: str
    sex: str = ""
    birth: str = ""  # 1975.03
    age: str = ""  # 50
    ethnicity: str = ""
    native_place: str = ""
    birthplace: str = ""
    party_joined: str = ""
    work_started: str = ""
    health: str = ""
    professional_title: str = ""
    expertise: str = ""
    fulltime_title: str = ""  # 学历\n学位
    fulltime_school: str = ""
    inservice_title: str = ""
    inservice_school: str = ""
    current_post: str = ""
    proposed_post: str = ""
    proposed_removal: str = ""
    resume: str = ""
    rewards: str = ""
    annual: str = ""
    reason: str = ""
    family: tuple[FamilyRow, ...] = field(default=())
    reporting_unit: str = ""
    retirement_due: str = ""  # 到龄年月, 2034.04
    age_limit: str = ""  # 改革前任职年龄界限为60岁, printed beside the title
    filled_by: str = ""
    filled_on: str = ""  # 2025年6月1日
    photo: bytes | None = None
    cadre_id: int | None = None


def adform_data(cadre: Cadre, as_of: dt.date, *, filled_by: str = "", reporting_unit: str = "") -> AdformData:
    """The form's text for a cadre whose records are loaded (cadre_files.load or equivalent)."""
    years = facts.age(cadre.birth, as_of)
    full = facts.highest(cadre.studies, "全日制")
    part = facts.highest(cadre.studies, "在职")
    family = tuple(
        # A member who has died (已去世 in 工作单位及职务) has no age on the form.
        FamilyRow(m.relation, m.name, str(m.birth.age_on(as_of)) if m.birth and not m.deceased else "",
                  m.political_status, m.work_unit_post)
        for m in cadre.family
    )
    rewards = [cadre.rewards_override.strip()] if cadre.rewards_override.strip() else \
        facts.reward_lines(cadre.rewards, cadre.punishments)
    due = cadre.retirement_due or retirement.due_month(cadre.birth, cadre.sex, cadre.pre_reform_age_limit)
    return AdformData(
        name=cadre.name, sex=cadre.sex, birth=facts.dotted(cadre.birth),
        age="" if years is None else str(years), ethnicity=cadre.ethnicity,
        native_place=cadre.native_place, birthplace=cadre.birthplace,
        party_joined=facts.party_cell(cadre.political_status, cadre.party_joined, cadre.party_joined_text),
        work_started=facts.dotted(cadre.work_started),
        health=cadre.health, professional_title=cadre.professional_title, expertise=cadre.expertise,
        fulltime_title=full.title, fulltime_school=full.school,
        inservice_title=part.title, inservice_school=part.school,
        current_post=facts.current_post(cadre), proposed_post=cadre.proposed_post,
        proposed_removal=cadre.proposed_removal,
        resume=resume_text(cadre.resume_override, cadre.studies, cadre.work_records, cadre.posts),
        rewards="\n".join(rewards) if rewards else "无",
        # A form's own wording is printed while it still states the results on file.
        annual=as_written(cadre.annual_results_text, cadre.annual_results, facts.annual_line),
        reason=cadre.appointment_reason, family=family, reporting_unit=cadre.reporting_unit or reporting_unit,
        retirement_due=facts.dotted(due), age_limit=age_limit_note(cadre.pre_reform_age_limit),
        filled_by=filled_by, filled_on=facts.chinese_date(as_of),
        photo=cadre.photo.jpeg if cadre.photo else None, cadre_id=cadre.id,
    )


def age_limit_note(limit: str) -> str:
    """改革前任职年龄界限 as printed: the editor's own phrase, or a bare age made into one."""
    text = " ".join(limit.split())
    if not text or text.startswith("改革前"):
        return text
    return f"改革前任职年龄界限为{text}" + ("岁" if text.isdigit() else "")


def _columns(widths: tuple[int, ...]) -> list[float]:
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w * mm)
    return xs


def _box(xs: list[float], first: int, last: int, top: float, height: float) -> Box:
    return Box(xs[first], top, xs[last + 1] - xs[first], height)


class _Form(forms.Form):
    def __init__(self, c: Canvas, book: FontBook, mark: stamp.Stamp) -> None:
        super().__init__(c, book, mark, left=LEFT, role=SONG, size=LABEL_SIZE, min_size=MIN_VALUE)

    def seal(self, box: Box, date_line: str = "年　　月　　日") -> None:
        """（盖章） and the date line at the bottom right of an opinion box."""
        style = Style(SONG, LABEL_SIZE)
        right = box.x + box.w - 8 * mm
        for i, text in enumerate((date_line, "（盖章）")):
            top = box.bottom + 6 * mm + (i + 1) * LABEL_SIZE * 1.6
            draw.right(self.c, self.book, right, draw.baseline_for_top(self.book, style, top), text, style)

    # --- page 1 ---------------------------------------------------------------------------

    def page_one(self, d: AdformData) -> list[str]:
        self.begin()
        title = Style(TITLE, TITLE_SIZE)
        baseline = draw.baseline_for_top(self.book, title, PAGE_H - 14 * mm)
        draw.centered(self.c, self.book, PAGE_W / 2, baseline, "干部任免审批表", title)
        if d.age_limit:
            draw.right(self.c, self.book, LEFT + WIDTH, baseline, d.age_limit, Style(SONG, NOTE_SIZE))
        xs = _columns(COLS_1)
        top = PAGE_H - 27 * mm
        bottom = 19 * mm
        row = 12 * mm
        born = f"{d.birth}\n（{d.age}岁）" if d.age else d.birth
        cells = (("姓　名", d.name, "性　别", d.sex, "出生年月\n（　岁）", born),
                 ("民　族", d.ethnicity, "籍　贯", d.native_place, "出 生 地", d.birthplace),
                 ("入　党\n时　间", d.party_joined, "参加工\n作时间", d.work_started, "健康状况", d.health))
        for i, values in enumerate(cells):
            y = top - i * row
            for col in range(6):
                box = _box(xs, col, col, y, row)
                (self.label if col % 2 == 0 else self.value)(box, values[col])
        y = top - 3 * row
        for col, (text, content) in enumerate((("专业技\n术职务", d.professional_title),
                                               ("熟悉专业\n有何专长", d.expertise), ("到龄年月", d.retirement_due))):
            self.label(_box(xs, 2 * col, 2 * col, y, row), text)
            self.value(_box(xs, 2 * col + 1, 2 * col + 1, y, row), content)
        self._photo(_box(xs, 6, 6, top, 4 * row), d.photo)
        y -= row
        edu = 13 * mm
        self.label(_box(xs, 0, 0, y, 2 * edu), "学　历\n学　位")
        for i, (kind, degree, school) in enumerate((("全日制\n教　育", d.fulltime_title, d.fulltime_school),
                                                    ("在　职\n教　育", d.inservice_title, d.inservice_school))):
            yy = y - i * edu
            self.label(_box(xs, 1, 1, yy, edu), kind)
            self.value(_box(xs, 2, 3, yy, edu), degree)
            self.label(_box(xs, 4, 4, yy, edu), "毕业院校\n系及专业")
            self.value(_box(xs, 5, 6, yy, edu), school, align="left")
        y -= 2 * edu
        post = 10 * mm
        for text, content in (("现 任 职 务", d.current_post), ("拟 任 职 务", d.proposed_post),
                              ("拟 免 职 务", d.proposed_removal)):
            self.label(_box(xs, 0, 1, y, post), text)
            self.value(_box(xs, 2, 6, y, post), content, align="left")
            y -= post
        resume_box = _box(xs, 1, 6, y, y - bottom)
        self.vertical_label(_box(xs, 0, 0, y, y - bottom), "简历")
        self.cell(resume_box)
        inner = resume_box.inner(2 * mm)
        fitted = forms.fit(self.book, d.resume, SONG, inner, max_size=RESUME_SIZE, min_size=RESUME_MIN,
                           hanging=True, leading=RESUME_LEADING, continued=True)
        forms.put(self.c, self.book, inner, fitted, SONG, valign="top")
        if fitted.overflow:
            note = Style(SONG, fitted.size)
            draw.right(self.c, self.book, inner.x + inner.w, inner.bottom + 1 * mm, "（简历续见附页）", note)
        self.end(Box(LEFT, top, WIDTH, top - bottom))
        return fitted.overflow

    def _photo(self, box: Box, jpeg: bytes | None) -> None:
        self.cell(box)
        if not jpeg:
            forms.label(self.c, self.book, box, "照片", SONG, LABEL_SIZE)
            return
        try:
            image = ImageReader(io.BytesIO(jpeg))
            iw, ih = image.getSize()
        except Exception:
            forms.label(self.c, self.book, box, "照片无法读取", SONG, 9.0)
            return
        # A 2-inch photo is 35 × 49 mm; keep the image's proportions inside the box.
        avail_w, avail_h = box.w - 4 * mm, box.h - 4 * mm
        scale = min(avail_w / iw, avail_h / ih)
        w, h = iw * scale, ih * scale
        self.c.drawImage(image, box.x + (box.w - w) / 2, box.bottom + (box.h - h) / 2, w, h)

    # --- page 2 ---------------------------------------------------------------------------

    def page_two(self, d: AdformData) -> None:
        self.begin()
        top = PAGE_H - 20 * mm
        xs = _columns(COLS_1)
        y = top
        for text, content, height in (("奖惩\n情况", d.rewards, 42 * mm), ("年度\n考核\n结果", d.annual, 22 * mm),
                                      ("任免\n理由", d.reason, 30 * mm)):
            self.label(_box(xs, 0, 0, y, height), text)
            self.value(_box(xs, 1, 6, y, height), content, align="left")
            y -= height
        fx = _columns(COLS_FAMILY)
        rows = max(FAMILY_ROWS, len(d.family))
        head = 10 * mm
        each = min(10 * mm, 70 * mm / rows)
        block = head + rows * each
        self.vertical_label(_box(fx, 0, 0, y, block), "家庭主要成员及重要社会关系")
        for col, text in enumerate(("称谓", "姓　名", "年龄", "政治面貌", "工作单位及职务"), start=1):
            self.label(_box(fx, col, col, y, head), text)
        yy = y - head
        for i in range(rows):
            member = d.family[i] if i < len(d.family) else FamilyRow("", "", "", "", "")
            for col, text in enumerate((member.relation, member.name, member.age, member.political_status), 1):
                self.value(_box(fx, col, col, yy, each), text)
            self.value(_box(fx, 5, 5, yy, each), member.work, align="left")
            yy -= each
        y -= block
        self.label(_box(xs, 0, 0, y, 28 * mm), "呈报\n单位")
        unit_box = _box(xs, 1, 6, y, 28 * mm)
        self.value(unit_box, d.reporting_unit, align="left", valign="top")
        self.seal(unit_box)
        y -= 28 * mm
        opinion = y - 24 * mm
        self.label(_box(xs, 0, 0, y, opinion), "审批\n机关\n意见")
        left_box = _box(xs, 1, 3, y, opinion)
        self.cell(left_box)
        self.seal(left_box)
        self.label(_box(xs, 4, 4, y, opinion), "行政\n任免\n机关\n意见")
        right_box = _box(xs, 5, 6, y, opinion)
        self.cell(right_box)
        self.seal(right_box)
        bottom = y - opinion
        style = Style(SONG, LABEL_SIZE)
        baseline = draw.baseline_for_top(self.book, style, bottom - 3 * mm)
        draw.text(self.c, self.book, LEFT, baseline, f"填表人：{d.filled_by}", style)
        draw.right(self.c, self.book, LEFT + WIDTH, baseline, f"填表时间：{d.filled_on}", style)
        self.end(Box(LEFT, top, WIDTH, top - bottom))

    def continuation(self, d: AdformData, rest: list[str]) -> None:
        """Extra page for a 简历 that does not fit page 1 even at the smallest size."""
        self.begin()
        title = Style(TITLE, 16.0)
        draw.centered(self.c, self.book, PAGE_W / 2, draw.baseline_for_top(self.book, title, PAGE_H - 18 * mm),
                      f"干部任免审批表简历续页（{d.name}）", title)
        top, bottom = PAGE_H - 30 * mm, 19 * mm
        box = self.cell(Box(LEFT, top, WIDTH, top - bottom))
        inner = box.inner(3 * mm)
        fitted = forms.fit(self.book, "\n".join(rest), SONG, inner, max_size=RESUME_SIZE, min_size=RESUME_MIN,
                           hanging=True, leading=RESUME_LEADING, continued=True)
        forms.put(self.c, self.book, inner, fitted, SONG, valign="top")
        self.end(box)
        if fitted.overflow:
            self.continuation(d, fitted.overflow)


def draw_adform(c: Canvas, book: FontBook, d: AdformData, mark: stamp.Stamp) -> int:
    """Draw one cadre's form on a canvas (batches put many on one); returns its page count."""
    form = _Form(c, book, mark)
    rest = form.page_one(d)
    form.page_two(d)
    if rest:
        form.continuation(d, rest)
    return form.page


def render_adforms(items: list[tuple[AdformData, stamp.Stamp]], book: FontBook) -> draw.Rendered:
    """One PDF with the forms of every item, in order."""
    title = "干部任免审批表" if len(items) != 1 else f"干部任免审批表（{items[0][0].name}）"
    return draw.pdf(book, title, lambda c: sum(draw_adform(c, book, d, mark) for d, mark in items),
                    subject="干部任免审批表", **stamp.described(items))


def render_adform(d: AdformData, book: FontBook, mark: stamp.Stamp) -> draw.Rendered:
    return render_adforms([(d, mark)], book)
