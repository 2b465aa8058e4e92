"""Relationships load only when the query asks for them: a hidden per-row query (N+1) is an
error in a test, not a slow screen on a clerk's machine with 5,000 cadres."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import selectinload

from desktop.models import Cadre
from desktop.models.base import Base
from desktop.services.cadres import cadre_files


def test_every_relationship_raises_unless_loaded_explicitly():
    lazy = {f"{m.class_.__name__}.{r.key}": r.lazy for m in Base.registry.mappers for r in m.relationships}
    assert lazy, "no relationships found"
    assert {k: v for k, v in lazy.items() if v != "raise"} == {}


def test_touching_an_unloaded_relationship_fails_and_a_loaded_one_reads(demo_ws):
    with demo_ws.read("test.inspect") as s:
        bare = s.scalar(select(Cadre).where(Cadre.id == 1))
        with pytest.raises(InvalidRequestError, match="lazy='raise'"):
            _ = bare.posts
    with demo_ws.read("test.inspect") as s:
        loaded = s.scalar(select(Cadre).where(Cadre.id == 2).options(selectinload(Cadre.posts)))
        assert loaded.posts and all(p.cadre_id == 2 for p in loaded.posts)
        # The cadre file's loader names every record kind it needs.
        full = cadre_files.load(s, 3)
        assert full.posts and full.studies is not None and full.family is not None
