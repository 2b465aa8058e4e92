"""Entering a stack of paper ballots: the ballot being keyed, the cursor, and the running
tally of the ballots already stored. Plain Python (no Qt), tested on its own.

One key per grade: 1…n are an item's grades in printed order (好 较好 一般 差), 0 a cell
left blank. The cursor moves on after each key; the key on the last item completes the
ballot, which the window then stores (services.sheets.add_ballot) and the next one begins.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from desktop.services.evaluation.queries import GradedItem as BallotItem

BLANK = "空白"


class Key(Enum):
    MARKED = "marked"  # the cursor moved on
    COMPLETE = "complete"  # the last item was marked: store the ballot
    INVALID = "invalid"  # no such grade on this item
    FULL = "full"  # as many ballots entered as were issued


@dataclass
class BallotEntry:
    items: list[BallotItem]
    issued: int
    ballots: list[dict[int, str]] = field(default_factory=list)  # stored, in order
    marks: dict[int, str] = field(default_factory=dict)  # the ballot being keyed
    position: int = 0

    # --- reading --------------------------------------------------------------------------

    @property
    def entered(self) -> int:
        return len(self.ballots)

    @property
    def full(self) -> bool:
        return self.entered >= self.issued

    @property
    def number(self) -> int:
        """The number of the ballot being keyed (1-based)."""
        return self.entered + 1

    def grades(self) -> list[str]:
        """Every grade any item offers, in printed order, then blank: the tally's columns."""
        out: list[str] = []
        for item in self.items:
            out += [g for g in item.labels if g not in out]
        return [*out, BLANK]

    def label(self, item: BallotItem, digit: int) -> str | None:
        if digit == 0:
            return ""
        return item.labels[digit - 1] if digit <= len(item.labels) else None

    def counts(self, item_id: int) -> Counter[str]:
        return Counter((b.get(item_id) or BLANK) for b in self.ballots)

    def total(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for item in self.items:
            out.update(self.counts(item.id))
        return out

    def overall_item(self) -> BallotItem | None:
        return next((i for i in self.items if i.is_overall), None)

    @staticmethod
    def percent(count: int, of: int) -> Decimal:
        return (Decimal(count) * 100 / of).quantize(Decimal("0.1"), ROUND_HALF_UP) if of else Decimal(0)

    # --- keys -----------------------------------------------------------------------------

    def key(self, digit: int) -> Key:
        if self.full:
            return Key.FULL
        item = self.items[self.position]
        value = self.label(item, digit)
        if value is None:
            return Key.INVALID
        self.marks[item.id] = value
        if self.position == len(self.items) - 1:
            return Key.COMPLETE
        self.position += 1
        return Key.MARKED

    def back(self, clear: bool) -> None:
        """One item back (Backspace also clears it, ↑ only moves)."""
        self.position = max(0, self.position - 1)
        if clear:
            self.marks.pop(self.items[self.position].id, None)

    def forward(self) -> None:
        self.position = min(len(self.items) - 1, self.position + 1)

    def ballot(self) -> dict[int, str]:
        """The ballot as stored: every item, "" where nothing was keyed."""
        return {i.id: self.marks.get(i.id, "") for i in self.items}

    # --- after the service answered -------------------------------------------------------

    def stored(self) -> None:
        self.ballots.append(self.ballot())
        self.marks = {}
        self.position = 0

    def undone(self) -> dict[int, str] | None:
        return self.ballots.pop() if self.ballots else None

    def restart(self) -> None:
        self.marks = {}
        self.position = 0
