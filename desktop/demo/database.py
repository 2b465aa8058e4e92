"""`frontline demo`: a database full of realistic synthetic cadre files.

Deterministic for a seed: the same seed gives the same people, whatever the machine. Rows are
written with bulk INSERT statements in one operation (one transaction, one summary audit
entry): 100,000 complete files must be feasible on a clerk's PC.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert

from desktop.demo import cadre_words as d
from desktop.errors import FrontlineError
from desktop.models import (
    AnnualResult,
    Cadre,
    CadrePhoto,
    FamilyMember,
    Post,
    Punishment,
    Reward,
    Study,
    Tag,
    Training,
    Unit,
    WorkRecord,
    cadre_tag,
    idcard,
)
from desktop.models.base import Base, utcnow
from desktop.models.dates import PartialDate
from desktop.models.search_keys import stored_keys
from desktop.services.admin.accounts import create_database
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace

# A demo is for trying the program: a million files is already far beyond any department.
MAX_CADRES = 1_000_000
CHUNK = 2000
Progress = Callable[[int, int], None]
Step = tuple[PartialDate, PartialDate | None, str]  # a work-history line: start, end, text


class Cancelled(FrontlineError):
    def __init__(self) -> None:
        super().__init__("已取消，没有写入任何数据")


@dataclass
class UnitInfo:
    id: int
    name: str
    kind: str  # 党委部门, 政府部门, 区, 镇街, 科室, 指挥部, 区直部门
    parent: UnitInfo | None = None

    @property
    def full(self) -> str:
        """The unit as a résumé line writes it: a section carries its department's name."""
        if self.kind == "科室" and self.parent:
            return self.parent.full + self.name
        if self.kind in ("镇街", "区直部门") and self.parent:
            # 区财政局 under 翔云区 reads 海滨市翔云区财政局, not …翔云区区财政局.
            return d.CITY + self.parent.name + self.name.removeprefix("区")
        return self.name if self.name.startswith(d.CITY) else d.CITY + self.name.removeprefix("市")


@dataclass
class Rows:
    by_table: dict[type[Base] | Any, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: type[Base] | Any, row: dict[str, Any]) -> None:
        self.by_table.setdefault(table, []).append(row)


def _table(entity: type[Base]) -> Table:
    """The Core table of a mapped class (typed as the Table it is; bulk rows go in through Core)."""
    return cast(Table, entity.__table__)


def build_units() -> tuple[list[dict[str, Any]], list[UnitInfo]]:
    """The unit tree, as rows to insert and as the list of units people can work in."""
    rows: list[dict[str, Any]] = []
    places: list[UnitInfo] = []

    def add(name: str, kind: str, parent: UnitInfo | None, order: int) -> UnitInfo:
        info = UnitInfo(len(rows) + 1, name, kind, parent)
        rows.append({"id": info.id, "parent_id": parent.id if parent else None, "name": name,
                     "short_name": "", "kind": kind, "code": "", "sort_order": order})
        return info

    party = add(f"中共{d.CITY}委员会", "党委", None, 0)
    gov = add(f"{d.CITY}人民政府", "政府", None, 1)
    hq_root = add(f"{d.CITY}重大片区建设指挥部", "指挥部", None, 2)
    for parent, names, kind in ((party, d.CITY_PARTY_DEPTS, "党委部门"), (gov, d.CITY_GOV_DEPTS, "政府部门")):
        for i, name in enumerate(names):
            dept = add(name, kind, parent, i)
            places.append(dept)
            for j, section in enumerate(d.SECTIONS[: 3 + (i % 4)]):
                places.append(add(section, "科室", dept, j))
    for i, name in enumerate(d.HEADQUARTERS):
        places.append(add(name, "指挥部", hq_root, i))
    for i, (district, towns) in enumerate(d.DISTRICTS):
        dist = add(district, "区", None, 10 + i)
        places.append(dist)
        for j, dept_name in enumerate(d.DISTRICT_DEPTS):
            places.append(add(dept_name, "区直部门", dist, j))
        for j, town in enumerate(towns):
            places.append(add(town, "镇街", dist, 20 + j))
    return rows, places


# Leadership level, grade, rank choices, age range, share of cadres.
LEVELS = (
    ("县处级", "正", ("一级调研员", "二级巡视员"), (44, 58), 0.05),
    ("县处级", "副", ("二级调研员", "三级调研员"), (38, 57), 0.12),
    ("乡科级", "正", ("一级主任科员", "二级主任科员"), (32, 56), 0.25),
    ("乡科级", "副", ("三级主任科员", "四级主任科员"), (28, 52), 0.25),
    ("", "", ("一级科员", "二级科员", "四级主任科员"), (23, 45), 0.33),
)


def _title(unit: UnitInfo, level: str, grade: str) -> str:
    if not level:
        return "科员"
    deputy = grade == "副"
    if unit.kind == "科室":
        return "副科长" if deputy else "科长"
    if unit.kind == "区":
        return "副区长" if deputy else "区长"
    if unit.kind == "指挥部":
        return "副指挥长" if deputy else "指挥长"
    if unit.name.endswith("镇"):
        return "副镇长" if deputy else "镇长"
    if unit.name.endswith("街道"):
        return "街道办事处副主任" if deputy else "街道办事处主任"
    if unit.name.endswith(("委员会", "办公室", "委员会办公室")):
        return "副主任" if deputy else "主任"
    if unit.name.endswith("部"):
        return "副部长" if deputy else "部长"
    return "副局长" if deputy else "局长"


class Generator:
    def __init__(self, seed: int, today: dt.date, photos: bool) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.photos = _photo_variants(seed) if photos else []
        self.unit_rows, self.places = build_units()
        self.work_places = [u for u in self.places if u.kind != "指挥部"]
        self.leader_places = [u for u in self.work_places if u.kind in ("党委部门", "政府部门", "区")]
        self.section_places = [u for u in self.work_places if u.kind == "科室"]
        local = [u for u in self.work_places if u.kind in ("科室", "镇街", "区直部门")]
        # Where a cadre of each level works: heads of city departments and districts are
        # 县处级; sections, towns and district bureaus are led at 乡科级.
        self.by_level = {"县处级": self.leader_places, "乡科级": local, "": local}
        self.used_ids: set[str] = set()
        self.ids = {"post": 0, "study": 0, "work": 0, "family": 0, "reward": 0, "punish": 0,
                    "annual": 0, "training": 0}
        self.tags = {"优秀年轻干部": 1, "选调生": 2, "退役军人": 3, "援疆援藏干部": 4}
        surnames = list(d.SURNAMES.replace("欧阳", ""))
        self.surnames = [*surnames, "欧阳"]
        self.surname_weights = [1.0 / (i + 8) for i in range(len(self.surnames))]

    def _next(self, key: str) -> int:
        self.ids[key] += 1
        return self.ids[key]

    def _given(self, sex: str) -> str:
        r = self.rng
        pool = d.MALE_CHARS if sex == "男" else d.FEMALE_CHARS
        return r.choice(pool) + (r.choice(pool) if r.random() < 0.7 else "")

    def _name(self, sex: str) -> str:
        return self.rng.choices(self.surnames, self.surname_weights)[0] + self._given(sex)

    def _citizen_id(self, area: str, birth: dt.date, sex: str) -> str:
        while True:
            number = idcard.make(area, birth, self.rng.randrange(1, 999), sex)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def cadre(self, cid: int, rows: Rows) -> None:
        r = self.rng
        level, grade, ranks, (age_lo, age_hi), _ = r.choices(LEVELS, [lv[4] for lv in LEVELS])[0]
        unit = r.choice(self.by_level[level])
        sex = "男" if r.random() < 0.68 else "女"
        age = r.randint(age_lo, age_hi)
        birth_date = dt.date(self.today.year - age - 1, r.randint(1, 12), r.randint(1, 28))
        birth = PartialDate(birth_date.year, birth_date.month)
        place, area = r.choice(d.PLACES)
        name = self._name(sex)
        pinyin, initials = stored_keys(name)
        party_year = birth.year + r.randint(19, 30)
        party = r.random() < 0.88 and party_year < self.today.year
        pstatus = "中共党员" if party else r.choice((*d.DEMOCRATIC_PARTIES, "无党派人士", "群众", "群众"))
        # Education: full-time study from 18, a master's for some.
        edu_roll = r.random()
        start_year = birth.year + 18
        major, discipline = r.choice(d.MAJORS)
        school = r.choice(d.SCHOOLS)
        if edu_roll < 0.08:
            studies = [("大专", "", start_year, 3)]
        else:
            studies = [("大学", f"{discipline}学士", start_year, 4)]
            if edu_roll > 0.8 and start_year + 7 < self.today.year:
                studies.append(("研究生", f"{discipline}硕士", start_year + 4, 3))
        grad_year = studies[-1][2] + studies[-1][3]
        work_start = PartialDate(grad_year, 8)
        for i, (education, degree, year, length) in enumerate(studies):
            rows.add(Study, {"id": self._next("study"), "cadre_id": cid, "mode": "全日制",
                             "education": education, "degree": degree,
                             "school": school if i == 0 else r.choice(d.SCHOOLS), "major": major,
                             "start": PartialDate(year, 9), "end": PartialDate(year + length, 7),
                             "sort_order": i})
        careers = self._career(unit, level, grade, work_start)
        for i, (start, end, text) in enumerate(careers):
            rows.add(WorkRecord, {"id": self._next("work"), "cadre_id": cid, "start": start, "end": end,
                                  "description": text, "sort_order": i})
        current_start = careers[-1][0]
        if r.random() < 0.3 and current_start.year - 1 > grad_year:
            school_name, spec, education, degree = r.choice(d.IN_SERVICE)
            s_year = r.randint(grad_year + 1, max(grad_year + 1, self.today.year - 4))
            rows.add(Study, {"id": self._next("study"), "cadre_id": cid, "mode": "在职",
                             "education": education, "degree": degree, "school": school_name,
                             "major": spec, "start": PartialDate(s_year, 9),
                             "end": PartialDate(s_year + 3, 7), "sort_order": len(studies)})
        rank = r.choice(ranks)
        title = _title(unit, level, grade)
        rows.add(Post, {"id": self._next("post"), "cadre_id": cid, "unit_id": unit.id,
                        "unit_name": unit.full, "title": title, "leadership_level": level,
                        "grade": grade, "rank": rank, "is_main": True, "start": current_start,
                        "end": None, "appointing_doc": f"海委干〔{current_start.year}〕{r.randint(1, 150)}号",
                        "sort_order": 0})
        if level == "县处级" and grade == "正" and unit.kind in ("政府部门", "区直部门"):
            rows.add(Post, {"id": self._next("post"), "cadre_id": cid, "unit_id": unit.id,
                            "unit_name": unit.full, "title": "党组书记", "leadership_level": level,
                            "grade": grade, "rank": "", "is_main": False, "start": current_start,
                            "end": None, "appointing_doc": "", "sort_order": 1})
        self._family(cid, name, sex, birth, rows)
        self._results(cid, work_start, rows)
        tags = []
        if level and age <= 40 and r.random() < 0.5:
            tags.append(self.tags["优秀年轻干部"])
        for tag, share in (("选调生", 0.05), ("退役军人", 0.04), ("援疆援藏干部", 0.02)):
            if r.random() < share:
                tags.append(self.tags[tag])
        for t in tags:
            rows.add(cadre_tag, {"cadre_id": cid, "tag_id": t})
        if self.photos:
            rows.add(CadrePhoto, {"cadre_id": cid, "jpeg": r.choice(self.photos), "updated_at": utcnow()})
        now = utcnow()
        rows.add(Cadre, {
            "id": cid, "name": name, "name_pinyin": pinyin, "name_initials": initials, "sex": sex,
            "birth": birth, "ethnicity": "汉族" if r.random() < 0.94 else r.choice(d.MINORITIES),
            "native_place": place, "birthplace": place if r.random() < 0.8 else r.choice(d.PLACES)[0],
            "political_status": pstatus,
            "party_joined": PartialDate(party_year, r.randint(1, 12)) if party else None,
            "work_started": work_start, "health": "健康" if r.random() < 0.95 else "良好",
            "professional_title": r.choice(d.TITLES) if r.random() < 0.1 else "",
            "expertise": r.choice(d.EXPERTISE), "citizen_id": self._citizen_id(area, birth_date, sex),
            "phone": "", "mobile": f"1{r.choice('35789')}{r.randrange(10**9):09d}",
            "email": "", "address": "", "current_post_override": "", "proposed_post": "",
            "proposed_removal": "", "appointment_reason": "", "resume_override": "", "status": "在职",
            "notes": "", "created_at": now, "updated_at": now,
        })

    def _career(self, unit: UnitInfo, level: str, grade: str, start: PartialDate) -> list[Step]:
        """Work history from the first job to the current post, which has an open end."""
        r = self.rng
        ladder = ["科员", "副科长", "科长"]
        target = _title(unit, level, grade)
        steps = []
        early = r.choice(self.section_places)
        for t in ladder[: 3 if level == "县处级" else r.randint(1, 3)]:
            steps.append(f"{early.full}{t}")
        if level == "县处级":
            other = r.choice(self.leader_places)
            steps.append(f"{other.full}{_title(other, '县处级', '副')}")
        steps.append(f"{unit.full}{target}")
        years = range(start.year + 1, self.today.year)
        # A young cadre has had fewer years to move: keep the latest steps that fit.
        steps = steps[-(min(len(steps) - 1, len(years)) + 1):]
        points = sorted(r.sample(years, len(steps) - 1))
        dates = [start] + [PartialDate(y, r.randint(1, 12)) for y in points]
        out = []
        for i, text in enumerate(steps):
            end = dates[i + 1] if i + 1 < len(dates) else None
            out.append((dates[i], end, text))
        return out

    def _family(self, cid: int, name: str, sex: str, birth: PartialDate, rows: Rows) -> None:
        r = self.rng
        order = 0

        def member(relation: str, name: str, year: int, status: str, work: str) -> None:
            nonlocal order
            rows.add(FamilyMember, {"id": self._next("family"), "cadre_id": cid, "relation": relation,
                                    "name": name, "birth": PartialDate(year, r.randint(1, 12)),
                                    "political_status": status, "work_unit_post": work,
                                    "is_social_relation": False, "sort_order": order})
            order += 1

        surname = "欧阳" if name.startswith("欧阳") else name[0]
        age = self.today.year - birth.year
        if age > 26 and r.random() < 0.9:
            spouse = self._name("女" if sex == "男" else "男")
            member("妻子" if sex == "男" else "丈夫", spouse, birth.year + r.randint(-3, 3),
                   r.choice(("中共党员", "群众")), r.choice(d.WORKS[3:]))
            # Children take the father's surname and are born at least two years apart.
            family_name = surname if sex == "男" else spouse[: 2 if spouse.startswith("欧阳") else 1]
            year = birth.year + r.randint(25, 30)
            for _ in range(r.choice((1, 1, 2)) if age > 30 else 0):
                if year >= self.today.year:
                    break
                child_sex = r.choice("男女")
                kid_age = self.today.year - year
                status = "共青团员" if 14 <= kid_age <= 28 else ("群众" if kid_age > 28 else "")
                work = ("学龄前儿童" if kid_age < 6 else "学生") if kid_age < 23 else r.choice(d.WORKS[3:])
                member("儿子" if child_sex == "男" else "女儿", family_name + self._given(child_sex),
                       year, status, work)
                year += r.randint(2, 6)
        if r.random() < 0.8:
            member("父亲", surname + self._given("男"), birth.year - r.randint(24, 32), "群众",
                   "退休" if r.random() < 0.5 else "务农")
        if r.random() < 0.85:
            member("母亲", self._name("女"), birth.year - r.randint(22, 30), "群众",
                   "退休" if r.random() < 0.5 else "务农")

    def _results(self, cid: int, work_start: PartialDate, rows: Rows) -> None:
        r = self.rng
        for year in range(max(work_start.year + 1, self.today.year - 5), self.today.year):
            roll = r.random()
            grade = "优秀" if roll < 0.16 else ("基本称职" if roll > 0.99 else "称职")
            rows.add(AnnualResult, {"id": self._next("annual"), "cadre_id": cid, "year": year,
                                    "grade": grade, "note": ""})
        first, last = work_start.year + 1, self.today.year - 1
        if first > last:
            return
        if r.random() < 0.18:
            title, by = r.choice(d.REWARDS)
            year = r.randint(first, last)
            rows.add(Reward, {"id": self._next("reward"), "cadre_id": cid, "date": PartialDate(year, r.randint(1, 12)),
                              "title": f"{year}年度{title}" if title == "嘉奖" else title,
                              "granted_by": by.format(city=d.CITY), "reason": "", "sort_order": 0})
        if r.random() < 0.01:
            title, by, reason = r.choice(d.PUNISHMENTS)
            year = r.randint(first, last)
            rows.add(Punishment, {"id": self._next("punish"), "cadre_id": cid,
                                  "date": PartialDate(year, r.randint(1, 12)), "title": title,
                                  "granted_by": by.format(city=d.CITY), "reason": reason,
                                  "lifted": PartialDate(year + 1, 6), "sort_order": 0})
        for i in range(r.choice((0, 1, 1, 2))):
            title, org, mode, hours = r.choice(d.TRAININGS)
            year = r.randint(max(first, last - 7), last)
            month = r.randint(1, 10)
            rows.add(Training, {"id": self._next("training"), "cadre_id": cid,
                                "title": title.format(city=d.CITY), "organizer": org.format(city=d.CITY),
                                "mode": mode, "start": PartialDate(year, month),
                                "end": PartialDate(year, month + 2 if hours > 100 else month),
                                "hours": hours, "sort_order": i})


def _photo_variants(seed: int) -> list[bytes]:
    """A few ID-photo-like silhouettes (JPEG, 5:7), shared by the demo cadres."""
    from PIL import Image, ImageDraw

    r = random.Random(seed)
    out = []
    for bg in ((66, 133, 214), (200, 40, 40), (245, 245, 245), (80, 150, 220)):
        for _ in range(2):
            img = Image.new("RGB", (250, 350), bg)
            draw = ImageDraw.Draw(img)
            suit = r.choice(((30, 30, 40), (40, 45, 70), (60, 60, 60)))
            skin = r.choice(((236, 200, 170), (225, 185, 150), (240, 210, 185)))
            draw.ellipse((25, 250, 225, 420), fill=suit)
            draw.polygon([(105, 255), (145, 255), (125, 330)], fill=(250, 250, 250))
            draw.rectangle((108, 200, 142, 262), fill=skin)
            draw.ellipse((70, 70, 180, 220), fill=skin)
            draw.chord((66, 55, 184, 160), 180, 360, fill=(25, 20, 20))
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=80)
            out.append(buf.getvalue())
    return out


@dataclass
class DemoSummary:
    cadres: int
    units: int
    seed: int
    rows: int


def fill(ws: Workspace, cadres: int, *, seed: int = 1, photos: bool = False,
         today: dt.date | None = None, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None) -> DemoSummary:
    """Add the demo unit tree and `cadres` files to an empty database, in one operation."""
    if cadres < 0:
        raise FrontlineError("干部人数不能为负数")
    if cadres > MAX_CADRES:
        raise FrontlineError(f"演示数据最多 {MAX_CADRES:,} 名干部")
    gen = Generator(seed, today or dt.date.today(), photos)

    def op(ctx: OpContext) -> DemoSummary:
        s = ctx.session
        if s.query(Cadre.id).first() is not None or s.query(Unit.id).first() is not None:
            raise FrontlineError("演示数据只能写入空数据库")
        s.execute(insert(_table(Unit)), gen.unit_rows)
        s.execute(insert(_table(Tag)), [{"id": i, "name": n} for n, i in gen.tags.items()])
        total_rows = len(gen.unit_rows)
        for start in range(0, cadres, CHUNK):
            if cancelled is not None and cancelled():
                raise Cancelled()
            rows = Rows()
            for cid in range(start + 1, min(cadres, start + CHUNK) + 1):
                gen.cadre(cid, rows)
            # Parents before children, so foreign keys hold at every statement.
            for table in (Cadre, Post, Study, WorkRecord, FamilyMember, AnnualResult, Reward,
                          Punishment, Training, CadrePhoto, cadre_tag):
                batch = rows.by_table.get(table)
                if batch:
                    target = _table(table) if isinstance(table, type) else table
                    s.execute(insert(target), batch)
                    total_rows += len(batch)
            if progress is not None:
                progress(min(cadres, start + CHUNK), cadres)
        summary = DemoSummary(cadres, len(gen.unit_rows), seed, total_rows)
        ctx.record("database", kind="create",
                   after={"demo": True, "seed": seed, "cadres": cadres, "units": summary.units,
                          "rows": total_rows, "photos": photos})
        return summary

    return ws.run("demo.generate", op).value


# The demo's clerk of the 干部监督科, as the demo's talks and reports name their author.
DEMO_CLERK = "周文静"


def create_demo_database(path: Path | str, username: str, password: str, cadres: int, *,
                         seed: int = 1, photos: bool = False, progress: Progress | None = None,
                         cancelled: Callable[[], bool] | None = None,
                         show_recovery_key: Callable[[str], None] | None = None,
                         display_name: str = DEMO_CLERK,
                         ) -> tuple[Workspace, str, DemoSummary]:
    """A new encrypted database filled with demo data; nothing is left behind if it fails
    or is killed (it takes its name only when complete: store/creation.py).

    The account gets a person's name: reports print it as 制表人 and talks offer it as 谈话人,
    where a login name such as "admin" reads wrong on paper."""
    if not 0 <= cadres <= MAX_CADRES:
        raise FrontlineError(f"干部人数应在 0 到 {MAX_CADRES:,} 之间")
    summaries: list[DemoSummary] = []

    def populate(ws: Workspace) -> None:
        summary = fill(ws, cadres, seed=seed, photos=photos, progress=progress, cancelled=cancelled)
        ws.db.resync_sequences()  # the rows above were inserted with their ids (an office server counts on)
        if cadres:
            from desktop.demo import assessment as demo_assessment
            from desktop.demo import grading as demo_grading
            from desktop.demo import judgement as demo_judgement

            summary.rows += demo_assessment.fill(ws, cadres, seed=seed).get("rows", 0)
            demo_grading.fill(ws, seed=seed)
            summary.rows += demo_judgement.fill(ws, seed=seed)
            ws.db.resync_sequences()
        summaries.append(summary)

    ws, code = create_database(path, username, password, display_name=display_name, populate=populate,
                               show_recovery_key=show_recovery_key)
    return ws, code, summaries[0]
