"""Opening hours per weekday, closures and public holidays, and the question a passer-by asks:
is it open now, and if not, when?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# How far ahead "opens ..." looks: past a closed summer or a long renovation, not forever.
LOOKAHEAD_DAYS = 120


@dataclass(frozen=True)
class Day:
    """One weekday: time slots as minutes since midnight, or closed, or by appointment only."""

    slots: tuple[tuple[int, int], ...] = ()
    appointment: bool = False

    @property
    def closed(self) -> bool:
        return not self.slots and not self.appointment


@dataclass(frozen=True)
class Closure:
    """Closed from `start` to `end`, both days included (one day: start == end); `note` a Text."""

    start: dt.date
    end: dt.date
    note: object = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Opening:
    """An exception: open on `date` although a closure or a public holiday says closed, with these
    slots, or the weekday's usual ones when `slots` is None."""

    date: dt.date
    slots: tuple[tuple[int, int], ...] | None = None


class PublicHolidays:
    """The public holidays of one region (ISO 3166-2, e.g. DE-SN), from the `holidays` package."""

    def __init__(self, code: str):
        country, _, subdiv = code.partition("-")
        self.code = code
        self.country = country
        self.subdiv = subdiv or None

    def name(self, day: dt.date, lang: str = "de") -> str | None:
        """The holiday's name on `day` (in `lang` when the package has it), or None."""
        return _calendar(self.country, self.subdiv, day.year, lang).get(day)

    def __eq__(self, other) -> bool:
        return isinstance(other, PublicHolidays) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)

    def __repr__(self) -> str:
        return f"PublicHolidays({self.code!r})"


@lru_cache(maxsize=64)
def _calendar(country: str, subdiv: str | None, year: int, lang: str) -> dict:
    import holidays

    found = holidays.country_holidays(country, subdiv=subdiv, years=year)
    languages = getattr(found, "supported_languages", ()) or ()
    pick = next((code for code in languages if code == lang or code.split("_")[0] == lang), None)
    # always name the language: without one the package follows the machine's locale
    pick = pick or getattr(found, "default_language", None)
    if pick:
        found = holidays.country_holidays(country, subdiv=subdiv, years=year, language=pick)
    return dict(found)


def known_region(code: str) -> bool:
    """True for a country (DE) or country-subdivision (DE-SN) the holidays package knows."""
    import holidays

    country, _, subdiv = code.partition("-")
    supported = holidays.list_supported_countries()
    return country in supported and (not subdiv or subdiv in supported[country])


def regions(country: str) -> list[str]:
    import holidays

    return [f"{country}-{s}" for s in holidays.list_supported_countries().get(country, ())]


@dataclass(frozen=True)
class Status:
    """What to tell a person: open now (until when), or when it opens next, or by appointment;
    `closed_for` says why today is closed when it usually is not: a closure's note (a Text) or a
    public holiday's name."""

    open_now: bool
    closes: dt.datetime | None = None
    opens: dt.datetime | None = None
    by_appointment: bool = False
    closed_for: object = None


@dataclass(frozen=True)
class Hours:
    """A week of opening hours (Monday first), an "also by appointment" flag and a note; closures
    by date, exceptions that open, and the pack's public holidays (which close unless
    `open_on_holidays`)."""

    days: tuple[Day, ...] = tuple(Day() for _ in WEEKDAYS)
    by_appointment: bool = False
    note: object = None  # a Text, or None
    closed: tuple[Closure, ...] = ()
    openings: tuple[Opening, ...] = ()
    holidays: PublicHolidays | None = None
    open_on_holidays: bool = False

    @property
    def appointment_only(self) -> bool:
        return all(not d.slots for d in self.days) and (
            self.by_appointment or any(d.appointment for d in self.days)
        )

    def on(self, day: dt.date, lang: str = "de") -> tuple[tuple[tuple[int, int], ...], object]:
        """The slots of one date, and why it is closed when a closure or a holiday closes it."""
        usual = self.days[day.weekday()].slots
        for opening in self.openings:
            if opening.date == day:
                return (usual if opening.slots is None else opening.slots), None
        for closure in self.closed:
            if closure.covers(day):
                return (), closure.note if closure.note is not None else True
        if self.holidays is not None and not self.open_on_holidays:
            name = self.holidays.name(day, lang)
            if name:
                return (), name
        return usual, None

    def status(self, now: dt.datetime, lang: str = "de") -> Status:
        """Open now or next opening, looking up to LOOKAHEAD_DAYS ahead; `now` is local time."""
        appointment = self.by_appointment or any(d.appointment for d in self.days)
        minute = now.hour * 60 + now.minute
        today, why = self.on(now.date(), lang)
        for start, end in today:
            if start <= minute < end:
                return Status(True, closes=_at(now, 0, end), by_appointment=appointment)
        closed_for = why if why is not None and self.days[now.weekday()].slots else None
        if not any(d.slots for d in self.days) and not self.openings:
            return Status(False, by_appointment=appointment, closed_for=closed_for)
        for offset in range(0, LOOKAHEAD_DAYS + 1):
            slots = today if offset == 0 else self.on(now.date() + dt.timedelta(days=offset), lang)[0]
            for start, _end in slots:
                if offset == 0 and start <= minute:
                    continue
                return Status(False, opens=_at(now, offset, start), by_appointment=appointment, closed_for=closed_for)
        return Status(False, by_appointment=appointment, closed_for=closed_for)


def _at(now: dt.datetime, days: int, minutes: int) -> dt.datetime:
    date = now.date() + dt.timedelta(days=days)
    base = dt.datetime.combine(date, dt.time(0), tzinfo=now.tzinfo)
    return base + dt.timedelta(minutes=minutes)
