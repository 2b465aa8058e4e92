"""Between an LRMX form and the cadre file: which element is which field, both ways.

LRMX carries text, not records: education as the latest full-time and in-service study,
the current posts as one line, rewards and annual results as sentences, the 简历 as lines.
Writing composes those texts from the records; reading parses them back into records where
the text allows (see resume_parse, posts_text, records_text).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from desktop.interchange import posts_text, records_text
from desktop.interchange.cells import compact
from desktop.interchange.incoming import Incoming, Resume, Where
from desktop.interchange.lrmx_format import LABELS, Form
from desktop.interchange.resume_parse import parse_resume, reprints, split_school
from desktop.interchange.vocab import Vocabulary
from desktop.models import Cadre, idcard, limits, party, retirement
from desktop.models import annual_text as annual_text_rules
from desktop.models.dates import DateFormatError, PartialDate
from desktop.models.resume import resume_text

TEXT_FIELDS = {
    "JiGuan": "native_place", "ChuShengDi": "birthplace", "ZhuanYeJiShuZhiWu": "professional_title",
    "ShuXiZhuanYeYouHeZhuanChang": "expertise", "NiRenZhiWu": "proposed_post", "NiMianZhiWu": "proposed_removal",
    "RenMianLiYou": "appointment_reason", "ChengBaoDanWei": "reporting_unit",
    "GaiGeQianRenZhiNianLingJieXian": "pre_reform_age_limit",
}
CODED_FIELDS = {"XingBie": ("sex", "sex"), "MinZu": ("ethnicity", "ethnicity"),
                "JianKangZhuangKuang": ("health", "health")}
DATE_FIELDS = {"ChuShengNianYue": "birth", "CanJiaGongZuoShiJian": "work_started", "DaoLingNianYue": "retirement_due"}
EDUCATION = {"全日制": "QuanRiZhiJiaoYu", "在职": "ZaiZhiJiaoYu"}


# --- writing --------------------------------------------------------------------------------

def _month(d: PartialDate | None) -> str:
    return d.month_only().storage() if d else ""


def _latest_with(studies: Sequence[Any], mode: str, attr: str) -> Any | None:
    found = [s for s in studies if s.mode == mode and getattr(s, attr)]
    if not found:
        return None
    return max(found, key=lambda s: ((s.end or s.start or PartialDate(1900, 1)), s.sort_order))


def party_text(status: str, joined: PartialDate | None, as_written: str = "") -> str:
    """入党时间 as LRMX carries it: a CPC member's month in the editor's own form (199806),
    another party's cell as the form wrote it while it still agrees with the record."""
    return party.party_cell(status, joined, as_written, cpc_date=PartialDate.storage, masses=True)


def annual_text(cadre: Cadre) -> str:
    """年度考核结果: as the last imported form wrote it while it still lists the latest
    results on file exactly, else composed (a new year's result makes it stale)."""
    return annual_text_rules.as_written(cadre.annual_results_text, cadre.annual_results)


def form_of(cadre: Cadre, *, reporting_unit: str = "", filled_by: str = "", today: dt.date | None = None) -> Form:
    """Every LRMX value of one cadre (records loaded)."""
    today = today or dt.date.today()
    due = cadre.retirement_due or retirement.due_month(cadre.birth, cadre.sex, cadre.pre_reform_age_limit)
    v: dict[str, str] = {
        "XingMing": cadre.name, "XingBie": cadre.sex, "ChuShengNianYue": _month(cadre.birth),
        "MinZu": cadre.ethnicity,
        "RuDangShiJian": party_text(cadre.political_status, cadre.party_joined, cadre.party_joined_text),
        "CanJiaGongZuoShiJian": _month(cadre.work_started), "DaoLingNianYue": _month(due),
        "JianKangZhuangKuang": cadre.health,
        "XianRenZhiWu": cadre.current_post_override or posts_text.compose(cadre.posts),
        "JianLi": resume_text(cadre.resume_override or "", cadre.studies, cadre.work_records, cadre.posts),
        "JiangChengQingKuang": cadre.rewards_override
        or records_text.compose_rewards(cadre.rewards, cadre.punishments),
        "NianDuKaoHeJieGuo": annual_text(cadre),
        "ChengBaoDanWei": cadre.reporting_unit or reporting_unit,
        "GaiGeQianRenZhiNianLingJieXian": cadre.pre_reform_age_limit,
        "JiSuanNianLingShiJian": today.strftime("%Y%m%d"),
        "TianBiaoShiJian": today.strftime("%Y%m%d"), "TianBiaoRen": filled_by, "ShenFenZheng": cadre.citizen_id,
    }
    for element, attr in TEXT_FIELDS.items():
        v[element] = getattr(cadre, attr) or ""
    for mode, prefix in EDUCATION.items():
        level = _latest_with(cadre.studies, mode, "education")
        degree = _latest_with(cadre.studies, mode, "degree")
        v[f"{prefix}_XueLi"] = level.education if level else ""
        v[f"{prefix}_XueLi_BiYeYuanXiaoXi"] = f"{level.school}{level.major}" if level else ""
        v[f"{prefix}_XueWei"] = degree.degree if degree else ""
        v[f"{prefix}_XueWei_BiYeYuanXiaoXi"] = f"{degree.school}{degree.major}" if degree else ""
    family = [{"ChengWei": m.relation, "XingMing": m.name, "ChuShengRiQi": _month(m.birth),
               "ZhengZhiMianMao": m.political_status, "GongZuoDanWeiJiZhiWu": m.work_unit_post}
              for m in cadre.family]
    return Form(values=v, family=family, photo=cadre.photo.jpeg if cadre.photo else b"")


# --- reading --------------------------------------------------------------------------------

def _date(item: Incoming, element: str, text: str) -> PartialDate | None:
    raw = compact(text)
    if not raw:
        return None
    try:
        return PartialDate.parse(raw)
    except DateFormatError as exc:
        item.reject(element, f"{LABELS.get(element, element)}：{exc}")
        return None


def _party(item: Incoming, text: str, vocab: Vocabulary) -> None:
    raw = " ".join(text.split())
    item.fields["party_joined_text"] = ""
    if not raw:
        item.fields["party_joined"] = None
        return
    joined, rest = party.find_date(raw)
    rest = rest.strip(" （）()，,、")
    item.fields["party_joined"] = joined
    status = vocab.normalize("political_status", rest) if rest else ""
    if status:
        item.fields["political_status"] = status
    elif joined is not None:
        item.fields["political_status"] = "中共党员"
    if rest and status not in party.CPC and raw != party.composed(status, joined, PartialDate.storage, masses=True):
        # 2010.05 九三学社: more than a date, in words of its own; keep them.
        item.fields["party_joined_text"] = raw


def _apply_education(resume: Resume, form: Form, vocab: Vocabulary, known: Iterable[str]) -> None:
    for mode, prefix in EDUCATION.items():
        for attr, element, table in (("education", "XueLi", "education"), ("degree", "XueWei", "degree")):
            value = form.values.get(f"{prefix}_{element}", "").strip()
            place = form.values.get(f"{prefix}_{element}_BiYeYuanXiaoXi", "").strip()
            if not value:
                continue
            value = vocab.normalize(table, value)
            same_mode = [s for s in resume.studies if s.get("mode") == mode]
            target = next((s for s in same_mode
                           if compact(f"{s.get('school', '')}{s.get('major', '')}") == compact(place)), None)
            if target is None and same_mode and not place:
                target = max(same_mode, key=lambda s: s.get("end") or s.get("start") or PartialDate(1900, 1))
            if target is None:
                # A school the 简历 does not name as written gets a study of its own: put on
                # another line's study, the 毕业院校系及专业 would come back as that line's.
                school, major = split_school(place, known)
                target = {"mode": mode, "start": None, "end": None, "school": school, "major": major}
                resume.studies.append(target)
            target[attr] = value


# Texts each line of which becomes a record (work or study, reward or punishment, a year's result).
_LINE_RECORDS = ("JianLi", "JiangChengQingKuang", "NianDuKaoHeJieGuo")


def _refuse_runaway_texts(item: Incoming, form: Form) -> None:
    """A form whose 简历 (or 奖惩, 年度考核) runs to thousands of lines, or whose family has
    hundreds of members, is rejected before those are parsed: no real form comes close, and
    parsing a 20 MB text line by line would keep the clerk waiting for minutes."""
    name = compact(form.values.get("XingMing", "")) or "（未填姓名）"
    for element in _LINE_RECORDS:
        text = form.values.get(element, "")
        lines = text.count("\n") + 1 if text else 0
        if lines > limits.RESUME_LINES:
            item.reject(element, f"{LABELS[element]}有 {lines} 行，超过每名干部 {limits.RESUME_LINES} 行的上限"
                                 f"（干部“{name}”），不像是真实的任免审批表")
            form.values[element] = ""
    message = limits.over_cap("family_member", len(form.family), name)
    if message:
        item.reject("JiaTingChengYuan", message)
        form.family = []


def incoming_of(form: Form, where: Where, vocab: Vocabulary, known_schools: Iterable[str] = ()) -> Incoming:
    item = Incoming(where=where)
    values = form.values
    for element in values:
        item.columns[element] = f"{LABELS.get(element, element)}（{element}）"
        item.raw[element] = values[element] if element != "JianLi" else values[element][:60]
    for key, element in (("name", "XingMing"), ("citizen_id", "ShenFenZheng"), ("birth", "ChuShengNianYue")):
        item.columns[key] = item.columns.get(element, element)
        item.raw[key] = values.get(element, "")
    if "XingMing" in values:
        item.fields["name"] = compact(values["XingMing"])
    for element, (attr, table) in CODED_FIELDS.items():
        if element in values:
            text = compact(values[element]) if attr == "sex" else values[element].strip()
            item.fields[attr] = vocab.normalize(table, text)
    for element, attr in DATE_FIELDS.items():
        if element in values:
            item.fields[attr] = _date(item, element, values[element])
    for element, attr in TEXT_FIELDS.items():
        if element in values:
            item.fields[attr] = " ".join(values[element].split()) if element not in ("RenMianLiYou",) \
                else values[element].strip()
    if "RuDangShiJian" in values:
        _party(item, values["RuDangShiJian"], vocab)
    if item.fields.get("retirement_due") is not None and item.fields["retirement_due"] == retirement.due_month(
            item.fields.get("birth"), item.fields.get("sex", ""), item.fields.get("pre_reform_age_limit", "")):
        # The reform's own month: left to the rule, so a corrected birth month moves it too.
        item.fields["retirement_due"] = None
    if "ShenFenZheng" in values:
        item.fields["citizen_id"] = idcard.normalize(values["ShenFenZheng"])
    known = list(known_schools)
    _refuse_runaway_texts(item, form)
    if "JianLi" in values:
        resume = parse_resume(values["JianLi"], known)
        readable = resume.exact or (not resume.studies and not resume.work)
        _apply_education(resume, form, vocab, known)
        resume.exact = bool(resume.studies or resume.work) and readable and reprints(resume, values["JianLi"])
        item.resume = resume
        if not resume.exact and values["JianLi"].strip():
            item.warnings.append("简历中有无法逐行识别的内容，已按原文保存为简历文本")
    if "XianRenZhiWu" in values:
        item.current_post_text = " ".join(values["XianRenZhiWu"].split())
    if "JiangChengQingKuang" in values:
        _rewards(item, values["JiangChengQingKuang"])
    if "NianDuKaoHeJieGuo" in values:
        text = values["NianDuKaoHeJieGuo"]
        results, exact = records_text.read_annual(text)
        item.upserts["annual_results"] = [{**r, "grade": vocab.normalize("annual_grade", r["grade"])}
                                          for r in results]
        item.fields["annual_results_text"] = "" if exact else text.strip()
    if "JiaTingChengYuan" in values:
        item.records["family"] = [
            {"relation": vocab.normalize("relation", m["ChengWei"].strip()), "name": compact(m["XingMing"]),
             "birth": _date(item, "JiaTingChengYuan", m["ChuShengRiQi"]),
             "political_status": vocab.normalize("political_status", m["ZhengZhiMianMao"].strip()),
             "work_unit_post": " ".join(m["GongZuoDanWeiJiZhiWu"].split())}
            for m in form.family]
    if form.photo:
        item.photo = as_jpeg(form.photo, item)
    if form.extra:
        item.warnings.append(f"忽略了本程序不认识的项目：{'、'.join(form.extra)}")
    return item


def _rewards(item: Incoming, text: str) -> None:
    """奖惩情况: records when every line reads as one and they print the text back;
    otherwise the text verbatim, and the records on file are left as they are."""
    rewards, punishments, exact = records_text.read_rewards(text)
    if exact:
        item.records["rewards"] = rewards
        item.records["punishments"] = punishments
        item.fields["rewards_override"] = ""
    else:
        item.fields["rewards_override"] = text.strip("\r\n")


def as_jpeg(data: bytes, item: Incoming) -> bytes | None:
    """The photo as JPEG; other image formats are converted, anything else is left out.

    A JPEG is kept byte for byte, but only once Pillow has decoded it: a photo that cannot
    be decoded would otherwise be stored and fail later, in the middle of a report."""
    import warnings

    from PIL import Image

    from desktop.interchange import safety

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.width * img.height > 25_000_000:
                    raise ValueError("too large")
                img.load()
                if img.format == "JPEG":
                    return data
                out = io.BytesIO()
                img.convert("RGB").save(out, "JPEG", quality=90)
                return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        pass
    except Exception as exc:  # Pillow's plugins raise SyntaxError, struct.error … on damaged data
        if not safety.raised_in_parser(exc):
            raise
    item.warnings.append("照片不是可识别的图片，已忽略")
    return None
