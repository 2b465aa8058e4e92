"""The whole roster's ids when only its first rows and its count have been read.

Opening the window on 100,000 cadres, reading every id in name order cost a quarter of the
time from the password's Enter to a usable roster (issue 17 P1b), though the view asks for
the first screenful only, and the names read in the background a moment later bring every id
anyway. This sequence has the roster's length from the start and its first ids; the first
question about any other position reads them all (from the names in memory once they are
there), once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload


class FirstRows(Sequence[int]):
    def __init__(self, first: Sequence[int], total: int, read_all: Callable[[], Sequence[int]]) -> None:
        # read_all must give `total` ids whose first ones are `first`: the model answers for it
        # (RosterModel._every_id), since a view may already show and select those rows.
        self._first = first
        self._total = total
        self._read_all = read_all
        self._all: Sequence[int] | None = None

    @property
    def all_read(self) -> bool:
        return self._all is not None

    def agrees(self, ids: Sequence[int]) -> bool:
        """Whether `ids` can stand for this roster: as many, the first ones the same."""
        return len(ids) == self._total and list(ids[:len(self._first)]) == list(self._first)

    def known(self) -> Sequence[int]:
        """The ids read so far (the first ones, or all), without reading the rest."""
        return self._all if self._all is not None else self._first

    def _everything(self) -> Sequence[int]:
        if self._all is None:
            self._all = self._read_all()
        return self._all

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...

    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if self._all is None:
            if isinstance(index, slice):
                start, stop, step = index.indices(self._total)
                if step == 1 and stop <= len(self._first):
                    return self._first[start:stop]
            elif 0 <= index < len(self._first):
                return self._first[index]
        return self._everything()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._everything())

    def __contains__(self, value: object) -> bool:
        return value in self._everything()

    def index(self, value: object, start: int = 0, stop: int | None = None) -> int:
        everything = self._everything()
        return everything.index(value, start, len(everything) if stop is None else stop)
