"""The program's one date field: a line a clerk types into.

It accepts what clerks type — 2026-12-01, 2026.12.01, 20261201, 2026年12月1日, and 2026.12 or
202612 where a month is enough (a cadre file's dates) — and shows the official form once the
cursor leaves it. Being a plain line, it clears with Ctrl+A and Backspace and leaves on Tab;
Qt's QDateEdit with a "not filled in" special value turned typed digits into
"（未填）0261201" and could not be emptied again.

Text that is not a date is left as typed, framed in red with the reason as its tooltip, and
`date()` refuses it (`DateInputError`): a save never drops what the clerk typed.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.errors import FrontlineError
from desktop.models.dates import DateFormatError, PartialDate

INVALID_STYLE = "QLineEdit { border: 1px solid #b00020; }"
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$|^(\d{2})(\d{2})$")


class DateInputError(FrontlineError):
    """A date field holds text that is not a date (the message names the field's text)."""


class DateEdit(QLineEdit):
    """`day=True`: a day is required (a campaign's start, a visit); otherwise a month is enough."""

    def __init__(self, parent: QWidget | None = None, *, day: bool = False, label: str = "日期") -> None:
        super().__init__(parent)
        self.day = day
        self.label = label
        self.setPlaceholderText("如 2026-12-01" if day else "如 1975.03")
        self.setMaxLength(20)
        self.textChanged.connect(lambda _t: self._show_problem())

    # --- reading and writing ---------------------------------------------------------------

    def problem(self) -> str | None:
        """Why the text is not a date of this field, in Chinese; None when it is (or is empty)."""
        try:
            value = PartialDate.parse_optional(self.text())
        except DateFormatError as exc:
            return f"{self.label}“{self.text().strip()}”：{exc}"
        if value is not None and self.day and value.day is None:
            return f"{self.label}须精确到日，如 {value.year}-{value.month:02d}-01"
        return None

    def check(self) -> None:
        """Raise DateInputError (the reason in Chinese) when the text is not a date of this field."""
        found = self.problem()
        if found:
            raise DateInputError(found)

    def partial(self) -> PartialDate | None:
        """The date as typed (month precision kept); raises DateInputError for bad text."""
        self.check()
        return PartialDate.parse_optional(self.text())

    def date(self) -> dt.date | None:
        """The day (the first of the month where only a month was typed); None when empty."""
        value = self.partial()
        return value.first_day() if value is not None else None

    def set_date(self, value: dt.date | PartialDate | None) -> None:
        if isinstance(value, dt.date):
            value = PartialDate.from_date(value)
        self.setText(self._shown(value) if value is not None else "")

    # --- showing ---------------------------------------------------------------------------

    def _shown(self, value: PartialDate) -> str:
        if self.day and value.day is not None:
            return value.first_day().isoformat()
        return value.dotted()

    def _show_problem(self) -> None:
        found = self.problem()
        self.setStyleSheet(INVALID_STYLE if found else "")
        if found:
            self.setToolTip(found)
            return
        value = self.partial()
        self.setToolTip(f"即 {self._shown(value)}" if value else "")

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.normalize()
        super().focusOutEvent(event)

    def normalize(self) -> None:
        if self.problem():
            return  # left as typed: the red frame and tooltip say why
        value = PartialDate.parse_optional(self.text())
        if value is not None and self.text() != self._shown(value):
            self.setText(self._shown(value))


class DateTimeEdit(DateEdit):
    """A day and an optional time (2026-12-01 14:30, 20261201 1430); the time alone means today."""

    def __init__(self, parent: QWidget | None = None, *, label: str = "时间") -> None:
        super().__init__(parent, day=True, label=label)
        self.setPlaceholderText("如 2026-12-01 14:30")

    def _split(self) -> tuple[str, str]:
        text = self.text().strip()
        if _TIME.match(text):
            return dt.date.today().isoformat(), text
        head, _, tail = text.rpartition(" ")
        if head and _TIME.match(tail):
            return head.strip(), tail
        return text, ""

    @staticmethod
    def _time(text: str) -> dt.time | None:
        m = _TIME.match(text)
        if not m:
            return None
        hour, minute = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(4)))
        return dt.time(hour, minute) if hour < 24 and minute < 60 else None

    def problem(self) -> str | None:
        day, clock = self._split()
        if clock and self._time(clock) is None:
            return f"{self.label}“{clock}”不是有效的时刻，如 14:30"
        try:
            value = PartialDate.parse_optional(day)
        except DateFormatError as exc:
            return f"{self.label}“{self.text().strip()}”：{exc}"
        if value is not None and value.day is None:
            return f"{self.label}须精确到日，如 {value.year}-{value.month:02d}-01 14:30"
        return None

    def date_time(self) -> dt.datetime | None:
        """The moment typed (midnight where no time was given); None when empty."""
        self.check()
        day, clock = self._split()
        value = PartialDate.parse_optional(day)
        if value is None:
            return None
        return dt.datetime.combine(value.first_day(), self._time(clock) or dt.time(0, 0))

    def partial(self) -> PartialDate | None:
        value = self.date_time()
        return PartialDate.from_date(value.date()) if value is not None else None

    def set_date_time(self, value: dt.datetime | None) -> None:
        self.setText(value.strftime("%Y-%m-%d %H:%M") if value is not None else "")

    def normalize(self) -> None:
        if self.problem():
            return
        value, (_day, clock) = self.date_time(), self._split()
        if value is not None:
            shown = value.strftime("%Y-%m-%d %H:%M" if clock else "%Y-%m-%d")
            if self.text() != shown:
                self.setText(shown)
