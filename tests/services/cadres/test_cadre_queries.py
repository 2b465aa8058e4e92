"""The window's and the command line's reads about cadres (services/cadres/queries.py): what
they return on the demo database, that it is plain data and not ORM objects, and that each
one passes the permission hook."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from desktop.errors import PermissionDenied
from desktop.models import Cadre, Tag
from desktop.models.accounts import ROLE_ADMIN
from desktop.models.dates import PartialDate
from desktop.services import permissions
from desktop.services.cadres import attachments, cadre_files, queries, saved_filters
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.units import codes
from desktop.services.workspace import Workspace
from tests.services.cadres.plain import assert_frozen, assert_plain, query_names


def _cadre(ws: Workspace, cadre_id: int) -> tuple[str, PartialDate, str, int]:
    with ws.read("test.inspect") as s:
        c = cadre_files.load(s, cadre_id)
        return c.name, c.birth, c.citizen_id, len(c.posts)


def test_the_roster(demo_ws: Workspace):
    found = queries.roster_ids(demo_ws, RosterFilter())
    assert_frozen(found)
    assert found.total == 300 and len(found.ids) == 300
    with demo_ws.read("test.inspect") as s:
        by_pinyin = list(s.scalars(select(Cadre.id).order_by(Cadre.name_pinyin, Cadre.id)))
        women = s.scalar(select(func.count()).select_from(Cadre).where(Cadre.sex == "女"))
    assert list(found.ids) == by_pinyin
    descending = queries.roster_ids(demo_ws, RosterFilter(), order="name", descending=True)
    assert list(descending.ids) == by_pinyin[::-1]
    only_women = queries.roster_ids(demo_ws, RosterFilter(sexes=("女",)))
    assert (len(only_women.ids), only_women.total) == (women, 300)
    start = queries.roster_start(demo_ws, 40)  # what the window reads first
    assert_frozen(start)
    assert list(start.ids) == by_pinyin[:40] and start.total == 300

    name, birth, _number, _posts = _cadre(demo_ws, by_pinyin[0])
    (row,) = queries.roster_rows(demo_ws, [by_pinyin[0]])
    assert (row.id, row.name, row.birth) == (by_pinyin[0], name, birth)
    assert [r.id for r in queries.roster_rows(demo_ws, [by_pinyin[2], 999_999, by_pinyin[1]])] == \
        [by_pinyin[2], by_pinyin[1]]  # the order asked for; an unknown id is left out
    assert_plain(row)


def test_finding_a_cadre_by_name_or_initials(demo_ws: Workspace):
    name, *_ = _cadre(demo_ws, 1)
    matches = queries.cadre_matches(demo_ws, name)
    assert 1 in [r.id for r in matches] and all(name in r.name for r in matches)
    everyone_with_z = queries.cadre_matches(demo_ws, "z")
    assert len(everyone_with_z) > 3
    assert [r.id for r in queries.cadre_matches(demo_ws, "z", 3)] == [r.id for r in everyone_with_z[:3]]
    assert queries.cadre_matches(demo_ws, "不存在的人名") == []
    assert_plain(matches)


def test_what_the_roster_offers(demo_ws: Workspace):
    saved_filters.save(demo_ws, "女干部", RosterFilter(sexes=("女",)))
    choices = queries.roster_choices(demo_ws)
    assert_frozen(choices)
    with demo_ws.read("test.inspect") as s:
        tags = list(s.scalars(select(Tag.name).order_by(Tag.name)))
        ranks = codes.names(s, "civil_rank")
    assert choices.codes["sex"] == ["男", "女"]
    assert choices.codes["civil_rank"] == ranks and len(ranks) > 5
    assert choices.tags == tags == queries.tag_names(demo_ws)
    (saved,) = queries.saved_filter_rows(demo_ws)
    assert (saved.name, saved.filter, saved.owner) == ("女干部", RosterFilter(sexes=("女",)), "admin")
    assert_plain(choices)
    assert_plain(saved)


def test_a_cadre_file_for_editing(demo_ws: Workspace):
    name, birth, number, posts = _cadre(demo_ws, 7)
    setup = queries.editor_setup(demo_ws, 7)
    assert_frozen(setup)
    assert setup.file is not None
    assert (setup.file.fields["name"], setup.file.fields["birth"], setup.file.fields["citizen_id"]) == \
        (name, birth, number)
    assert len(setup.file.records["posts"]) == posts
    assert all(isinstance(row["id"], int) for row in setup.file.records["posts"])
    assert setup.codes["sex"] == ["男", "女"]
    assert any(label.endswith(" / " + unit_name) or label == unit_name
               for label, (_uid, unit_name) in setup.unit_labels.items())
    assert_plain(setup)
    assert queries.editor_setup(demo_ws, None).file is None

    again = queries.file_for_editing(demo_ws, 7)
    assert again == setup.file
    assert queries.file_problems(demo_ws, again) == []  # the demo files pass every rule
    again.fields["birth"] = "1980.13"
    problems = queries.file_problems(demo_ws, again)
    assert [(p.field, p.message) for p in problems] == [("birth", "出生年月：月份 13 无效"),
                                                         ("birth", "出生年月：必填")]


def test_possible_duplicates(demo_ws: Workspace):
    name, birth, number, _posts = _cadre(demo_ws, 5)
    found = queries.duplicates_of(demo_ws, name, birth, number)
    assert [(d.cadre_id, d.name) for d in found][:1] == [(5, name)]
    assert found[0].reason == f"身份证号相同（{number}）"
    assert all(d.cadre_id != 5 for d in queries.duplicates_of(demo_ws, name, birth, number, exclude_id=5))
    assert_plain(found)


def test_attachments_and_history_of_a_file(demo_ws: Workspace):
    attachment = attachments.add_bytes(demo_ws, 3, "考察材料.pdf", b"%PDF-1.4 material", note="2026年")
    (info,) = queries.attachment_rows(demo_ws, 3)
    assert (info.id, info.filename, info.mime, info.size, info.note) == \
        (attachment, "考察材料.pdf", "application/pdf", 17, "2026年")
    content = queries.attachment_content(demo_ws, attachment)
    assert (content.filename, content.mime, content.data) == ("考察材料.pdf", "application/pdf", b"%PDF-1.4 material")
    history = queries.history_rows(demo_ws, 3)
    assert (history[0].actor, history[0].action, history[0].what) == ("admin", "添加附件", "附件")
    assert "考察材料.pdf" in history[0].detail
    for value in (info, content, history[0]):
        assert_frozen(value)
        assert_plain(value)


def test_statistics_and_quality(demo_ws: Workspace):
    stats = queries.statistics_of(demo_ws, RosterFilter())
    assert stats.total == 300
    with demo_ws.read("test.inspect") as s:
        women = s.scalar(select(func.count()).select_from(Cadre).where(Cadre.sex == "女"))
    assert dict(stats.dimension("sex").counts)["女"] == women
    assert_plain(stats)

    lacking = cadre_files.save(demo_ws, cadre_files.CadreFile(fields={"name": "钱缺项", "sex": "男",
                                                                       "birth": "1980.01"}))
    seen: list[tuple[int, int]] = []
    issues = queries.quality_issues(demo_ws, progress=lambda done, total: seen.append((done, total)))
    mine = [i for i in issues if i.cadre_id == lacking]
    assert {i.category for i in mine} >= {"缺少必填项", "缺少任职或学历"}
    assert all(i.name == "钱缺项" for i in mine)
    assert seen and seen[-1][0] == seen[-1][1]
    assert_plain(issues)
    assert queries.quality_issues(demo_ws, cancelled=lambda: True) == []


QUERIES: dict[str, Callable[[Workspace], object]] = {
    "roster_ids": lambda ws: queries.roster_ids(ws, RosterFilter()),
    "roster_rows": lambda ws: queries.roster_rows(ws, [1]),
    "roster_names": queries.roster_names,
    "roster_start": lambda ws: queries.roster_start(ws, 10),
    "cadre_matches": lambda ws: queries.cadre_matches(ws, "z"),
    "roster_choices": queries.roster_choices,
    "tag_names": queries.tag_names,
    "saved_filter_rows": queries.saved_filter_rows,
    "editor_setup": lambda ws: queries.editor_setup(ws, 1),
    "file_for_editing": lambda ws: queries.file_for_editing(ws, 1),
    "file_problems": lambda ws: queries.file_problems(ws, cadre_files.CadreFile(fields={"name": "甲"})),
    "duplicates_of": lambda ws: queries.duplicates_of(ws, "甲", None, "110101198001010011"),
    "attachment_rows": lambda ws: queries.attachment_rows(ws, 1),
    "attachment_content": lambda ws: queries.attachment_content(ws, 1),
    "history_rows": lambda ws: queries.history_rows(ws, 1),
    "statistics_of": lambda ws: queries.statistics_of(ws, RosterFilter()),
    "quality_issues": queries.quality_issues,
}


def test_every_query_is_listed_here():
    assert query_names(queries) == set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_query_passes_the_permission_hook(demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch, name: str):
    monkeypatch.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), "cadre.read": frozenset()})
    with pytest.raises(PermissionDenied, match=r"cadre\.read"):
        QUERIES[name](demo_ws)
