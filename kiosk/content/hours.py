"""Opening hours per weekday, and the question a passer-by asks: is it open now, and if not, when?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Day:
    """One weekday: time slots as minutes since midnight, or closed, or by appointment only."""

    slots: tuple[tuple[int, int], ...] = ()
    appointment: bool = False

    @property
    def closed(self) -> bool:
        return not self.slots and not self.appointment


@dataclass(frozen=True)
class Status:
    """What to tell a person: open now (until when), or when it opens next, or by appointment."""

    open_now: bool
    closes: dt.datetime | None = None
    opens: dt.datetime | None = None
    by_appointment: bool = False


@dataclass(frozen=True)
class Hours:
    """A week of opening hours (Monday first), an "also by appointment" flag and a note."""

    days: tuple[Day, ...] = tuple(Day() for _ in WEEKDAYS)
    by_appointment: bool = False
    note: object = None  # a Text, or None

    @property
    def appointment_only(self) -> bool:
        return all(not d.slots for d in self.days) and (
            self.by_appointment or any(d.appointment for d in self.days)
        )

    def status(self, now: dt.datetime) -> Status:
        """Open now or next opening, looking at most one week ahead; `now` is local time."""
        appointment = self.by_appointment or any(d.appointment for d in self.days)
        minute = now.hour * 60 + now.minute
        today = self.days[now.weekday()]
        for start, end in today.slots:
            if start <= minute < end:
                return Status(True, closes=_at(now, 0, end), by_appointment=appointment)
        for offset in range(0, 8):
            day = self.days[(now.weekday() + offset) % 7]
            for start, _end in day.slots:
                if offset == 0 and start <= minute:
                    continue
                return Status(False, opens=_at(now, offset, start), by_appointment=appointment)
        return Status(False, by_appointment=appointment)


def _at(now: dt.datetime, days: int, minutes: int) -> dt.datetime:
    date = now.date() + dt.timedelta(days=days)
    base = dt.datetime.combine(date, dt.time(0), tzinfo=now.tzinfo)
    return base + dt.timedelta(minutes=minutes)
