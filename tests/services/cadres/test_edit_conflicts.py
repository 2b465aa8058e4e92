"""Two clerks edit the same cadre file: the second save gets the conflict, never a silent overwrite."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.models import Cadre
from desktop.services.cadres import cadre_files, queries
from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.cadres.conflicts import EditConflict, merged
from desktop.services.workspace import Workspace

WANG = CadreFile(fields={"name": "王五", "sex": "男", "birth": "1980.05", "native_place": "海滨"},
                 records={"posts": [{"title": "科长", "unit_name": "海滨市财政局", "start": "2015.03"}]})


def _edit(file: CadreFile, **fields: str) -> CadreFile:
    return replace(file, fields={**file.fields, **fields})


def _stored(ws: Workspace, cadre_id: int) -> Cadre:
    with ws.read("test.inspect") as s:
        cadre = s.scalar(select(Cadre).where(Cadre.id == cadre_id))
        assert cadre is not None
        return cadre


def test_the_second_save_of_the_same_version_is_refused_with_both_versions(ws: Workspace):
    cid = cadre_files.save(ws, WANG)
    first = queries.file_for_editing(ws, cid)  # clerk A opens the file
    second = queries.file_for_editing(ws, cid)  # clerk B opens it too
    assert first.version == second.version == 1
    cadre_files.save(ws, _edit(first, native_place="海滨市", notes="A 的备注"), cid)
    with pytest.raises(EditConflict) as caught:
        cadre_files.save(ws, _edit(second, native_place="山东青岛"), cid)
    conflict = caught.value
    assert "王五 的档案在您打开之后已由 admin" in str(conflict)
    by_label = {d.label: (d.mine, d.theirs) for d in conflict.differences}
    assert by_label["籍贯"] == ("山东青岛", "海滨市")
    assert _stored(ws, cid).native_place == "海滨市"  # nothing of B's was written
    assert _stored(ws, cid).row_version == 2

    # B keeps their own 籍贯 and A's remark: both survive the merged save.
    cadre_files.save(ws, merged(conflict, {"native_place"}), cid)
    cadre = _stored(ws, cid)
    assert (cadre.native_place, cadre.notes, cadre.row_version) == ("山东青岛", "A 的备注", 3)


def test_a_change_to_a_post_alone_counts_the_version_up(ws: Workspace):
    cid = cadre_files.save(ws, WANG)
    opened = queries.file_for_editing(ws, cid)
    posts = [dict(opened.records["posts"][0], title="副局长")]
    cadre_files.save(ws, replace(opened, records={"posts": posts}), cid)
    assert _stored(ws, cid).row_version == 2
    with pytest.raises(EditConflict) as caught:
        cadre_files.save(ws, _edit(opened, notes="过时的副本"), cid)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("备注", "过时的副本", ""), ("任职", "单位：海滨市财政局，职务：科长，主职：是，开始：2015.03",
                 "单位：海滨市财政局，职务：副局长，主职：是，开始：2015.03")]


def test_saving_an_unchanged_file_leaves_the_version(ws: Workspace):
    cid = cadre_files.save(ws, WANG)
    opened = queries.file_for_editing(ws, cid)
    cadre_files.save(ws, opened, cid)
    assert _stored(ws, cid).row_version == 1
