"""The state of a template while it is edited: sections and items, undo, weight total.

Plain Python (no Qt), so it is tested on its own; the editor's widgets only mirror it. The
editor shows sections and items as one flat list of rows (a section row, then its items),
which is also how the keyboard moves through them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.models.scoring import FULL_WEIGHT_CENTI
from desktop.services.evaluation.template_text import number_text
from desktop.services.evaluation.templates import ItemSpec, SectionSpec, TemplateSpec
from desktop.ui.common.undo_history import UndoHistory

SCALE_KINDS = {"grades": "按等次", "score": "按分数", "flag": "勾选扣分"}
DEFAULT_GRADES: list[list[Any]] = [["好", 100], ["较好", 80], ["一般", 60], ["差", 30]]
HUNDRED = Decimal(100)


def parse_weight(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().rstrip("分") or "0")
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数字") from None
    if value < 0 or value > HUNDRED:
        raise ValueError("权重应在 0 至 100 之间")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("权重最多保留两位小数")
    return value


def grades_text(grades: list[list[Any]]) -> str:
    return "；".join(f"{label} {number_text(points)}" for label, points in grades)


def parse_grades(text: str) -> list[list[Any]]:
    """“好 100；较好 80；一般 60；差 30” (also = or ： between, ，、; between) → grades."""
    out: list[list[Any]] = []
    for part in (p.strip() for p in re.split(r"[；;，,、\n]+", text)):
        if not part:
            continue
        match = re.fullmatch(r"(.+?)\s*[=＝:：\s]\s*(-?\d+(?:\.\d+)?)", part)
        if match is None:
            raise ValueError(f"“{part}”应写成“等次 分值”，如“较好 80”")
        points = Decimal(match.group(2))
        out.append([match.group(1).strip(), int(points) if points == points.to_integral_value() else float(points)])
    if len(out) < 2:
        raise ValueError("至少需要两个等次")
    labels = [g[0] for g in out]
    if len(set(labels)) != len(labels):
        raise ValueError("等次名称不能重复")
    return out


@dataclass(frozen=True)
class Row:
    """A flat row: a section (item is None) or an item of it."""

    section: int
    item: int | None = None

    @property
    def is_section(self) -> bool:
        return self.item is None


@dataclass
class TemplateForm:
    """Listeners get ("rows", -1) after a change of structure, undo or redo, and
    ("row", n) after a change inside flat row n."""

    spec: TemplateSpec
    template_id: int | None = None
    version: int = 0
    published: bool = False
    used: int = 0  # sheets and ballot batches that use this version
    listeners: list[Callable[[str, int], None]] = field(default_factory=list)
    _saved: TemplateSpec = field(init=False)
    history: UndoHistory[TemplateSpec] = field(default_factory=UndoHistory)

    def __post_init__(self) -> None:
        self._saved = copy.deepcopy(self.spec)

    @classmethod
    def blank(cls) -> TemplateForm:
        return cls(TemplateSpec("", "其他", sections=[SectionSpec("第一部分", items=[
            ItemSpec("", scale={"type": "grades", "grades": copy.deepcopy(DEFAULT_GRADES)})])]))

    # --- reading --------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.spec != self._saved

    def rows(self) -> list[Row]:
        out = []
        for s, sec in enumerate(self.spec.sections):
            out.append(Row(s))
            out += [Row(s, i) for i in range(len(sec.items))]
        return out

    def row_of(self, section: int, item: int | None = None) -> int:
        return self.rows().index(Row(section, item))

    def section(self, row: Row) -> SectionSpec:
        return self.spec.sections[row.section]

    def item(self, row: Row) -> ItemSpec:
        assert row.item is not None
        return self.spec.sections[row.section].items[row.item]

    def total_weight(self) -> Decimal:
        return sum((i.weight for i in self.spec.all_items() if i.scale.get("type") != "flag"), Decimal(0))

    def section_weight(self, section: int) -> Decimal:
        return sum((i.weight for i in self.spec.sections[section].items if i.scale.get("type") != "flag"),
                   Decimal(0))

    def weight_ok(self) -> bool:
        return int(self.total_weight() * 100) == FULL_WEIGHT_CENTI

    def problems(self) -> list[str]:
        return copy.deepcopy(self.spec).problems()  # problems() numbers the items it checks

    def saves_new_version(self) -> bool:
        """A published or used template is never changed in place (services.templates.save)."""
        return self.template_id is not None and (self.published or self.used > 0)

    # --- changing (every change is undoable) ----------------------------------------------

    def _change(self, key: str, apply: Callable[[], None], what: str, row: int) -> None:
        before = copy.deepcopy(self.spec)
        apply()
        if self.spec == before:
            return
        self.history.changed(before, key)  # typing into one field is one step
        for listener in list(self.listeners):
            listener(what, row)

    def set_meta(self, key: str, value: str) -> None:
        self._change(f"meta:{key}", lambda: setattr(self.spec, key, value), "meta", -1)

    def set_section(self, section: int, key: str, value: Any) -> None:
        row = self.row_of(section)
        sec = self.spec.sections[section]

        def apply() -> None:
            setattr(sec, key, value)
            if key == "checklist" and value:
                # A negative-behaviour list deducts; its items carry no weight.
                for item in sec.items:
                    item.scale = {"type": "flag", "penalty": item.scale.get("penalty", 5)}
                    item.weight = Decimal(0)
                    item.is_overall = False

        self._change(f"section:{id(sec)}:{key}", apply, "rows" if key == "checklist" else "row", row)

    def set_item(self, section: int, item: int, key: str, value: Any) -> None:
        target = self.spec.sections[section].items[item]
        row = self.row_of(section, item)

        def apply() -> None:
            if key == "is_overall" and value:
                for other in self.spec.all_items():
                    other.is_overall = False
            setattr(target, key, value)
            if key == "scale" and value.get("type") == "flag":
                target.weight = Decimal(0)

        self._change(f"item:{id(target)}:{key}", apply, "rows" if key == "is_overall" else "row", row)

    def set_scale_kind(self, section: int, item: int, kind: str) -> None:
        current = self.spec.sections[section].items[item].scale
        if current.get("type") == kind:
            return
        scale: dict[str, Any] = {
            "grades": {"type": "grades", "grades": copy.deepcopy(DEFAULT_GRADES)},
            "score": {"type": "score", "max": 10},
            "flag": {"type": "flag", "penalty": 5},
        }[kind]
        self.set_item(section, item, "scale", scale)

    def add_item(self, at: Row | None) -> int:
        """A new item after the row given (first in a section when a section row is given);
        it takes its scale from its neighbour, as items of a section usually share one.
        Returns its flat row."""
        if not self.spec.sections:
            self.add_section(None)
        section = at.section if at is not None else len(self.spec.sections) - 1
        sec = self.spec.sections[section]
        position = (at.item + 1) if at is not None and at.item is not None else \
            (0 if at is not None else len(sec.items))
        neighbour = sec.items[position - 1] if 0 < position <= len(sec.items) else (sec.items[0] if sec.items else None)
        if sec.checklist:
            scale: dict[str, Any] = {"type": "flag", "penalty": 5}
        elif neighbour is not None and neighbour.scale.get("type") != "flag":
            scale = copy.deepcopy(neighbour.scale)
        else:
            scale = {"type": "grades", "grades": copy.deepcopy(DEFAULT_GRADES)}
        fact_below = neighbour.fact_below if neighbour is not None else 61
        new = ItemSpec("", Decimal(0), scale, fact_below)
        self._change("", lambda: sec.items.insert(position, new), "rows", -1)
        return self.row_of(section, position)

    def add_section(self, at: Row | None) -> int:
        position = at.section + 1 if at is not None else len(self.spec.sections)
        new = SectionSpec("新的部分", items=[ItemSpec("", scale={"type": "grades",
                                                                "grades": copy.deepcopy(DEFAULT_GRADES)})])
        self._change("", lambda: self.spec.sections.insert(position, new), "rows", -1)
        return self.row_of(position)

    def remove(self, row: Row) -> int:
        """Remove an item, or a section with its items; returns the flat row to go to."""
        flat = self.rows().index(row)

        def apply() -> None:
            if row.item is None:
                del self.spec.sections[row.section]
            else:
                del self.spec.sections[row.section].items[row.item]

        self._change("", apply, "rows", -1)
        return min(flat, len(self.rows()) - 1)

    def move(self, row: Row, delta: int) -> int:
        """Move an item up or down one row (into the neighbouring section at an edge), or a
        section with its items past its neighbour. Returns the row's new flat position."""
        sections = self.spec.sections
        if row.item is None:
            target = row.section + delta
            if not 0 <= target < len(sections):
                return self.row_of(row.section)
            self._change("", lambda: sections.insert(target, sections.pop(row.section)), "rows", -1)
            return self.row_of(target)
        items = sections[row.section].items
        target_item = row.item + delta
        if 0 <= target_item < len(items):
            self._change("", lambda: items.insert(target_item, items.pop(row.item)), "rows", -1)
            return self.row_of(row.section, target_item)
        target_section = row.section + delta
        if not 0 <= target_section < len(sections):
            return self.row_of(row.section, row.item)
        moving = items[row.item]
        to = sections[target_section].items
        position = len(to) if delta < 0 else 0

        def apply() -> None:
            items.remove(moving)
            to.insert(position, moving)

        self._change("", apply, "rows", -1)
        return self.row_of(target_section, position)

    # --- undo -----------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return self.history.can_undo()

    def can_redo(self) -> bool:
        return self.history.can_redo()

    def undo(self) -> None:
        state = self.history.undo(self.spec)
        if state is not None:
            self.spec = state
            self._notify_all()

    def redo(self) -> None:
        state = self.history.redo(self.spec)
        if state is not None:
            self.spec = state
            self._notify_all()

    def break_undo_group(self) -> None:
        """The next keystroke starts a new undo step (focus moved to another field)."""
        self.history.break_group()

    def _notify_all(self) -> None:
        for listener in list(self.listeners):
            listener("rows", -1)

    def adopt(self, spec: TemplateSpec) -> None:
        """The template as saved after choosing between this administrator's version and another's:
        one undo step, so Ctrl+Z brings back what was typed."""
        self._change("", lambda: setattr(self, "spec", copy.deepcopy(spec)), "rows", -1)

    def mark_saved(self, template_id: int, version: int, published: bool) -> None:
        self.template_id, self.version, self.published, self.used = template_id, version, published, 0
        self._saved = copy.deepcopy(self.spec)
        for listener in list(self.listeners):
            listener("meta", -1)
