"""A template's items as an administrator reads them: weights and points as written by hand,
a scale in a few characters. The editor's table and the side-by-side comparison of two saves
(templates.TEMPLATE) show them alike."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.evaluation.templates import SectionSpec


def number_text(value: Decimal | int | float) -> str:
    """3.50 → 3.5, 4.00 → 4: weights and points as a clerk writes them."""
    text = f"{Decimal(str(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def scale_summary(scale: dict[str, Any]) -> str:
    kind = scale.get("type")
    if kind == "grades":
        return "／".join(f"{g[0]}{number_text(g[1])}" for g in scale.get("grades", []))
    if kind == "score":
        return f"0–{number_text(scale.get('max', 10))} 分"
    if kind == "flag":
        return f"勾选扣 {number_text(scale.get('penalty', 0))} 分"
    return ""


def items_text(sections: list[SectionSpec]) -> str:
    """Every section and item, one to a line, with all an item holds: two versions that differ
    in one item's scale or threshold read differently on that item's line."""
    lines = []
    n = 0
    for sec in sections:
        lines.append(f"【{sec.title}】{'（负面清单）' if sec.checklist else ''}")
        for item in sec.items:
            n += 1
            weight = "" if item.scale.get("type") == "flag" else f"权重 {number_text(item.weight)}，"
            fact = "" if item.scale.get("type") == "flag" else f"，低于 {item.fact_below} 分须写事实"
            overall = "，总体评价" if item.is_overall else ""
            lines.append(f"{n}. {item.text}（{weight}{scale_summary(item.scale)}{fact}{overall}）")
    return "\n".join(lines)
