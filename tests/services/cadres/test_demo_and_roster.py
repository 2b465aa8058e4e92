import datetime as dt

from desktop.demo import database as demo
from desktop.models import idcard
from desktop.services.admin import info
from desktop.services.admin.accounts import create_database
from desktop.services.cadres import cadre_files, roster
from desktop.services.cadres.roster import RosterFilter
from desktop.services.units import codes
from desktop.services.workspace import Workspace
from tests.conftest import PASSWORD


def test_demo_files_pass_every_validation_rule(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        names = codes.all_names(s)
        for cid in range(1, 301):
            c = cadre_files.load(s, cid)
            assert cadre_files.check_file(c, names) == [], c.name
            cid_info = idcard.parse(c.citizen_id)
            assert (cid_info.sex, cid_info.birth.year, cid_info.birth.month) == (c.sex, c.birth.year, c.birth.month)
            assert [p for p in c.posts if p.is_main and p.end is None], "every cadre holds a current post"


def test_demo_is_deterministic_for_a_seed(tmp_path):
    def people(name: str, seed: int) -> list[tuple[str, str]]:
        ws, _ = create_database(tmp_path / name, "admin", PASSWORD)
        demo.fill(ws, 40, seed=seed, today=dt.date(2026, 1, 1))
        with ws.read("test.inspect") as s:
            rows = [(r.name, r.unit) for r in roster.rows_for(s, list(range(1, 41)))]
        ws.close()
        return rows

    assert people("a.db", 5) == people("b.db", 5)
    assert people("c.db", 5) != people("d.db", 6)


def test_counts_after_demo(demo_ws: Workspace):
    counts = info.counts(demo_ws)
    assert counts["cadres"] == 300
    assert counts["units"] > 100
    assert counts["posts"] >= 300 and counts["family_members"] > 300 and counts["annual_results"] > 300


def _names(ws: Workspace, text: str) -> list[str]:
    with ws.read("test.inspect") as s:
        return [r.name for r in roster.rows_for(s, roster.matching_ids(s, RosterFilter(text)))]


def test_filter_by_characters_full_pinyin_and_initials(ws: Workspace):
    for name, birth in (("张三", "1980.01"), ("赵张生", "1981.01"), ("曾国藩", "1982.01"), ("欧阳修", "1983.01")):
        cadre_files.save(ws, cadre_files.CadreFile(fields={"name": name, "sex": "男", "birth": birth}))
    assert _names(ws, "张") == ["张三", "赵张生"]
    assert _names(ws, "zs") == ["张三"]
    assert _names(ws, "ZhangSan") == ["张三"]
    assert _names(ws, "zgf") == ["曾国藩"]  # the surname reading, not 曾 ceng
    assert _names(ws, "cgf") == ["曾国藩"]  # and the everyday reading too
    assert _names(ws, "oyx") == ["欧阳修"]
    assert _names(ws, "%") == []


def test_rows_show_the_current_main_post(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        (row,) = roster.rows_for(s, [1])
        c = cadre_files.load(s, 1)
    main = next(p for p in c.posts if p.is_main and p.end is None)
    assert (row.unit, row.post, row.rank) == (main.unit_name, main.title, main.rank)


def test_demo_assessment_inserts_parents_first_for_every_seed_shape(tmp_path):
    # Seed 7 on ten cadres makes a first campaign with ledger entries and no talks: its
    # entries were once written before any talk and a later entry's talk did not exist yet.
    from desktop.demo import assessment as demo_assessment

    today = dt.date(2026, 11, 24)
    ws, _ = create_database(tmp_path / "s7.db", "admin", PASSWORD)
    demo.fill(ws, 10, seed=7, today=today)
    assert demo_assessment.fill(ws, 10, seed=7, today=today)["rows"] > 0
    counts = info.counts(ws)
    assert counts["talks"] > 0 and counts["point_entries"] > 0
    ws.close()


def test_the_demo_made_on_the_office_server_is_the_file_s_demo(demo_db, request):
    """One seed, one demo, whichever backend it was made on: its generator walks its reads in
    a written order (a server returns unordered rows as they lie on disk)."""
    from sqlalchemy import func, select

    from desktop.models import Base, Cadre, PointEntry, Talk
    from tests.pg_fixtures import open_server_ws

    def made(ws: Workspace) -> tuple[dict[str, int], list[tuple[object, ...]]]:
        try:
            with ws.read("test.inspect") as s:
                counts = {t.name: int(s.scalar(select(func.count()).select_from(t)) or 0)
                          for t in Base.metadata.sorted_tables if t.name not in ("audit_entry", "audit_head")}
                rows: list[tuple[object, ...]] = [tuple(r) for r in s.execute(
                    select(Cadre.id, Cadre.name, Cadre.citizen_id).order_by(Cadre.id))]
                rows += [tuple(r) for r in s.execute(select(
                    PointEntry.id, PointEntry.cadre_id, PointEntry.date, PointEntry.points, PointEntry.fact,
                    PointEntry.campaign_id).order_by(PointEntry.id))]
                rows += [tuple(r) for r in s.execute(select(Talk.id, Talk.interviewee_cadre_id).order_by(Talk.id))]
                return counts, rows
        finally:
            ws.close()

    in_file = made(Workspace.open(demo_db, "admin", PASSWORD))
    on_server = made(open_server_ws(request, "demo"))
    assert in_file[0] == on_server[0]
    assert in_file[1] == on_server[1]
