"""The state of one evaluation sheet while a rater's answers are entered: values, facts,
the live score, the problems that block saving. Plain Python (no Qt), tested on its own.

The score and the problems come from the same functions the service uses
(models.scoring), so what the window shows is what will be stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.models.scoring import checked, grade_labels, is_flag, needs_fact, penalty, score, sheet_problems
from desktop.models.validation import Problem
from desktop.services.evaluation.queries import SheetItem


@dataclass(frozen=True)
class Line:
    """A flat row of the sheet: a section heading (item None) or an item."""

    section: str
    item: SheetItem | None = None


@dataclass
class SheetForm:
    """Listeners get the id of the item whose value or fact changed."""

    items: list[SheetItem]
    answers: dict[int, tuple[str, str]] = field(default_factory=dict)
    listeners: list[Callable[[int], None]] = field(default_factory=list)
    _saved: dict[int, tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        self._saved = dict(self.answers)

    # --- reading --------------------------------------------------------------------------

    def lines(self) -> list[Line]:
        out: list[Line] = []
        current: str | None = None
        for item in self.items:
            if item.section != current:
                current = item.section
                if current:
                    out.append(Line(current))
            out.append(Line(item.section, item))
        return out

    def value(self, item_id: int) -> str:
        return self.answers.get(item_id, ("", ""))[0]

    def fact(self, item_id: int) -> str:
        return self.answers.get(item_id, ("", ""))[1]

    def item(self, item_id: int) -> SheetItem:
        return next(i for i in self.items if i.id == item_id)

    def needs_fact(self, item_id: int) -> bool:
        return needs_fact(self.item(item_id), self.value(item_id))

    def missing_fact(self, item_id: int) -> bool:
        return self.needs_fact(item_id) and not self.fact(item_id).strip()

    def score(self) -> Decimal | None:
        try:
            return score(self.items, {i: v for i, (v, _f) in self.answers.items()})
        except ValueError:  # a score out of range while typing: no score until it is fixed
            return None

    def progress(self) -> tuple[int, int]:
        """Rated items answered, of all rated items."""
        rated = [i for i in self.items if not is_flag(i)]
        return sum(1 for i in rated if self.value(i.id).strip()), len(rated)

    def deductions(self) -> tuple[int, Decimal]:
        ticked = [i for i in self.items if checked(i, self.value(i.id))]
        return len(ticked), sum((penalty(i) for i in ticked), Decimal(0))

    def problems(self) -> list[Problem]:
        return sheet_problems(self.items, self.answers)

    @property
    def dirty(self) -> bool:
        clean = {k: v for k, v in self.answers.items() if v != ("", "")}
        return clean != {k: v for k, v in self._saved.items() if v != ("", "")}

    # --- keys -----------------------------------------------------------------------------

    @staticmethod
    def key_value(item: SheetItem, digit: int) -> str | None:
        """What a number key means on an item: 1…n the grades in order, 0 clears; on a
        checklist item 1 ticks (有) and 0 answers 无. None: the key means nothing here."""
        if item.kind == "grades":
            labels = grade_labels(item)
            if digit == 0:
                return ""
            return labels[digit - 1] if digit <= len(labels) else None
        if item.kind == "flag":
            return {0: "0", 1: "1"}.get(digit)  # 0 answers 无: not the same as not answered
        return None

    # --- changing -------------------------------------------------------------------------

    def set_value(self, item_id: int, value: str) -> None:
        _old, fact = self.answers.get(item_id, ("", ""))
        self.answers[item_id] = (value.strip(), fact)
        self._notify(item_id)

    def set_fact(self, item_id: int, fact: str) -> None:
        value, _old = self.answers.get(item_id, ("", ""))
        self.answers[item_id] = (value, fact)
        self._notify(item_id)

    def _notify(self, item_id: int) -> None:
        for listener in list(self.listeners):
            listener(item_id)

    def mark_saved(self) -> None:
        self._saved = dict(self.answers)
