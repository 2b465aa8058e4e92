"""The columns the spreadsheet importer understands, with the headers real files use.

One catalogue serves the import (header synonyms), the templates (headers, dropdowns,
widths) and the roster export (a column exported under a header the importer recognises
comes back as the same field).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from desktop.interchange.cells import halfwidth

Kind = Literal["text", "name", "date", "id", "code", "int", "bool", "readonly"]


@dataclass(frozen=True)
class FieldSpec:
    key: str  # "name", "post.title", "ft.education" … (see the sheet builders)
    header: str  # what templates and exports write
    synonyms: tuple[str, ...] = ()
    kind: Kind = "text"
    code_table: str = ""  # database code table whose names the column takes
    width: int = 12  # characters, for templates and exports
    example: str = ""
    note: str = ""  # shown on the instructions sheet


def _f(key: str, header: str, *synonyms: str, kind: Kind = "text", code: str = "", width: int = 12,
       example: str = "", note: str = "") -> FieldSpec:
    return FieldSpec(key, header, synonyms, kind, code, width, example, note)


# One row per cadre. post.* is the current main post, ft.* / is.* the latest full-time /
# in-service study: what a printed roster (花名册) shows.
ROSTER: tuple[FieldSpec, ...] = (
    _f("name", "姓名", "干部姓名", "名字", kind="name", width=10, example="张三", note="必填"),
    _f("sex", "性别", kind="code", code="sex", width=6, example="女", note="新增干部必填"),
    _f("birth", "出生年月", "出生日期", "出生时间", "出生年月日", "生日", kind="date", width=10,
       example="1949.12", note="新增干部必填；可写 1975.03、197503、1975年3月或日期"),
    _f("ethnicity", "民族", kind="code", code="ethnicity", width=8, example="汉族"),
    _f("native_place", "籍贯", width=12, example="福建厦门"),
    _f("birthplace", "出生地", width=12, example="福建厦门"),
    _f("political_status", "政治面貌", "党派", kind="code", code="political_status", width=12, example="中共党员"),
    _f("party_joined", "入党时间", "入党年月", "入党日期", "加入党派时间", kind="date", width=10, example="1975.06"),
    _f("work_started", "参加工作时间", "参加工作年月", "参加工作日期", "工作时间", kind="date", width=12,
       example="1970.08"),
    _f("health", "健康状况", "健康", kind="code", code="health", width=8, example="健康"),
    _f("citizen_id", "身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "身份号码", kind="id",
       width=20, example="11010519491231002X", note="用于匹配已有干部；请设为文本格式"),
    _f("post.unit_name", "单位", "工作单位", "所在单位", "单位名称", "现工作单位", "任职单位", width=28,
       example="海滨市财政局", note="现任主要职务所在单位"),
    _f("post.title", "职务", "现任职务", "现职务", "职务名称", width=14, example="局长"),
    _f("post.leadership_level", "职务层次", "领导职务层次", "职务级别", kind="code", code="leadership_level",
       width=10, example="县处级"),
    _f("post.grade", "正副职", "正副", "正职副职", kind="code", code="grade", width=7, example="正"),
    _f("post.rank", "职级", "现职级", "职级名称", kind="code", code="civil_rank", width=12, example="一级调研员"),
    _f("post.start", "任现职时间", "任现职务时间", "任职时间", "任现职年月", kind="date", width=11, example="2003.03"),
    _f("post.appointing_doc", "任职文号", "任职文件", width=18, example="海委干〔2018〕12号"),
    _f("ft.education", "全日制学历", "学历", "全日制教育学历", "第一学历", kind="code", code="education", width=11,
       example="大学"),
    _f("ft.degree", "全日制学位", "学位", "全日制教育学位", kind="code", code="degree", width=12, example="经济学学士"),
    _f("ft.school", "全日制毕业院校", "毕业院校", "全日制院校", width=16, example="厦门大学"),
    _f("ft.major", "全日制院系及专业", "全日制专业", "所学专业", "专业", "院系及专业", width=20,
       example="经济学院财政学专业"),
    # The roster's computed highest level: starts a study record for a new cadre only.
    _f("hi.education", "最高学历", kind="code", code="education", width=9),
    _f("hi.degree", "最高学位", kind="code", code="degree", width=11),
    _f("is.education", "在职学历", "在职教育学历", kind="code", code="education", width=11),
    _f("is.degree", "在职学位", "在职教育学位", kind="code", code="degree", width=12),
    _f("is.school", "在职毕业院校", "在职院校", width=16),
    _f("is.major", "在职院系及专业", "在职专业", width=20),
    _f("professional_title", "专业技术职务", "职称", "专业技术职称", width=12),
    _f("expertise", "熟悉专业有何专长", "专长", "熟悉专业", width=16),
    _f("mobile", "手机号码", "手机", "移动电话", "联系电话", width=13),
    _f("phone", "办公电话", "电话", "固定电话", width=13),
    _f("email", "电子邮箱", "邮箱", "电子邮件", "email", width=20),
    _f("address", "通讯地址", "地址", "家庭住址", "住址", width=24),
    _f("tags", "标签", "人员类别", width=16, note="多个标签用顿号或逗号分隔，如 优秀年轻干部、选调生"),
    _f("status", "状态", "在职状态", "人员状态", width=6),
    _f("notes", "备注", width=20),
    _f("uid", "档案标识", "系统标识", width=34, note="导出时由程序填写，用于准确匹配，请勿修改"),
)

# Columns a roster export may carry that are computed, not stored: read and ignored.
READONLY_HEADERS = ("序号", "编号", "年龄", "现年", "任现职年限", "简历", "照片")

# Keys that identify the cadre in detail sheets and the annual-results sheet.
KEY_FIELDS: tuple[FieldSpec, ...] = (
    _f("name", "干部姓名", "姓名", kind="name", width=10, example="张三", note="必填"),
    _f("citizen_id", "身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", kind="id", width=20,
       example="11010519491231002X", note="与姓名一起确定是哪一名干部"),
    _f("birth", "干部出生年月", "出生年月", "出生日期", kind="date", width=10, example="1949.12",
       note="没有身份证号时用于区分同名干部"),
    _f("uid", "档案标识", "系统标识", width=34),
)

POSTS: tuple[FieldSpec, ...] = (
    _f("unit_name", "单位", "任职单位", "工作单位", width=28, example="海滨市财政局"),
    _f("title", "职务", "职务名称", width=14, example="局长"),
    _f("leadership_level", "职务层次", "领导职务层次", kind="code", code="leadership_level", width=10,
       example="县处级"),
    _f("grade", "正副职", "正副", kind="code", code="grade", width=7, example="正"),
    _f("rank", "职级", kind="code", code="civil_rank", width=12, example="一级调研员"),
    _f("is_main", "主职兼职", "是否主职", "任职类型", kind="bool", width=9, example="主职"),
    _f("start", "任职时间", "任职年月", "开始时间", kind="date", width=10, example="2018.03"),
    _f("end", "免职时间", "免职年月", "结束时间", kind="date", width=10, note="现任职务留空"),
    _f("appointing_doc", "任职文号", width=18, example="海委干〔2018〕12号"),
)
STUDIES: tuple[FieldSpec, ...] = (
    _f("mode", "学习形式", "教育类别", "全日制在职", width=9, example="全日制", note="全日制或在职"),
    _f("start", "入学时间", "开始时间", kind="date", width=10, example="1993.09"),
    _f("end", "毕业时间", "结束时间", kind="date", width=10, example="1997.07"),
    _f("education", "学历", kind="code", code="education", width=11, example="大学"),
    _f("degree", "学位", kind="code", code="degree", width=12, example="经济学学士"),
    _f("school", "毕业院校", "学校", "院校", width=16, example="厦门大学"),
    _f("major", "院系及专业", "专业", "所学专业", width=20, example="经济学院财政学专业"),
)
FAMILY: tuple[FieldSpec, ...] = (
    _f("relation", "称谓", "关系", "与本人关系", kind="code", code="relation", width=8, example="妻子"),
    _f("name", "成员姓名", "家庭成员姓名", "亲属姓名", kind="name", width=10, example="李梅"),
    _f("birth", "成员出生年月", "出生日期", kind="date", width=10, example="1976.05"),
    _f("political_status", "政治面貌", kind="code", code="political_status", width=12, example="群众"),
    _f("work_unit_post", "工作单位及职务", "工作单位", width=30, example="海滨市第一中学教师"),
    _f("is_social_relation", "社会关系", "是否社会关系", kind="bool", width=9, note="重要社会关系填“是”"),
)
ANNUAL: tuple[FieldSpec, ...] = (
    _f("year", "年度", "考核年度", "年份", kind="int", width=8, example="2024"),
    _f("grade", "考核等次", "考核结果", "年度考核结果", "等次", "结果", kind="code", code="annual_grade", width=10,
       example="称职"),
    _f("note", "说明", "备注", width=20),
)

# Detail sheets of a roster workbook, recognised by the sheet's name.
DETAIL_SHEETS: dict[str, tuple[str, tuple[FieldSpec, ...], tuple[str, ...]]] = {
    "posts": ("任职", POSTS, ("任职", "任职经历", "任职情况", "职务")),
    "studies": ("学习经历", STUDIES, ("学习经历", "学历学位", "学历", "教育经历")),
    "family": ("家庭成员", FAMILY, ("家庭成员", "家庭成员及社会关系", "家庭主要成员及重要社会关系", "家庭")),
    "annual_results": ("年度考核", ANNUAL, ("年度考核", "年度考核结果", "考核结果", "考核")),
}
SKIPPED_SHEETS = ("说明", "填写说明", "代码", "代码表", "选项")

# A wide annual-results sheet has one column per year: 2023年, 2023年度, 2023年度考核结果 …
YEAR_HEADER = re.compile(r"^(\d{4})年?度?(?:考核)?(?:结果|等次)?$")
_NOTE = re.compile(r"[(（][^)）]*[)）]$")
_BOOL_TRUE = {"是", "主职", "主", "y", "yes", "true", "1", "√", "社会关系"}
_BOOL_FALSE = {"否", "兼职", "兼", "n", "no", "false", "0", "", "家庭成员"}


def normalize_header(text: object) -> str:
    """Header text without spaces, line breaks, required-marks or a trailing note: 出生年月（岁） → 出生年月."""
    if text is None:
        return ""
    raw = halfwidth(str(text))
    raw = "".join(raw.split()).strip("*＊:：")
    raw = _NOTE.sub("", raw)
    return raw.lower()


def lookup(specs: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    """Normalised header and synonyms → spec; the first spec to claim a header keeps it."""
    out: dict[str, FieldSpec] = {}
    for spec in specs:
        for h in (spec.header, *spec.synonyms):
            out.setdefault(normalize_header(h), spec)
    return out


def to_bool(text: str) -> bool | None:
    key = text.strip().lower()
    if key in _BOOL_TRUE:
        return True
    if key in _BOOL_FALSE:
        return False
    return None
