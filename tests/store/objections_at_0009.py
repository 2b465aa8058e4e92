"""A grading round in its notice with two objections, written in schema 0009's columns with plain
SQL (that schema had no row version on objections, and today's models cannot write it): the
upgrade to 0010 must keep each row as it was and start it at version 1."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROUND_ID = 9001
OBJECTIONS = {9001: ("反映甲同志下基层次数偏少", ""), 9002: ("反映乙同志年内请假较多", "经核实，请假均经批准")}


def add(execute: Callable[[str, dict[str, Any]], object], unit_id: int) -> None:
    """`execute(sql, params)`: a DB-API connection's (SQLCipher) or a SQLAlchemy connection's
    through text() (PostgreSQL); both take :name parameters."""
    execute("INSERT INTO grade_round (id, year, unit_id, staff_type, bands, quota_share, frontline_share, "
            "frontline_rule, frontline_months, min_service_months, state, approval, approved_by, approved_excellent, "
            "notice_start, notice_days, signed_by, created_at, uid) VALUES (:id, 2026, :unit, '公务员', '90,75,60', "
            "0.2, 0.3, '', 6, 6, 'notice', '', '', 0, '2026-12-03', 5, '', '2026-12-01 09:00:00', :uid)",
            {"id": ROUND_ID, "unit": unit_id, "uid": "r" * 32})
    for oid, (content, handling) in OBJECTIONS.items():
        execute("INSERT INTO notice_objection (id, round_id, cadre_id, received_on, content, handling, recorded_by, "
                "recorded_at, uid) VALUES (:id, :round, NULL, '2026-12-04', :content, :handling, 'admin', "
                "'2026-12-04 10:00:00', :uid)",
                {"id": oid, "round": ROUND_ID, "content": content, "handling": handling, "uid": f"{oid:032d}"})
