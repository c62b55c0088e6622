"""Opening hours per weekday, closures and public holidays, and the question a passer-by asks:
is it open now, and if not, when?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# How far ahead "opens ..." looks: past a closed summer or a long renovation, not forever.
LOOKAHEAD_DAYS = 120


@dataclass(frozen=True, slots=True)
class Day:
    """One weekday: time slots as minutes since midnight, or closed, or by appointment only."""

    slots: tuple[tuple[int, int], ...] = ()
    appointment: bool = False

    @property
    def closed(self) -> bool:
        return not self.slots and not self.appointment


@dataclass(frozen=True, slots=True)
class Closure:
    """Closed from `start` to `end`, both days included (one day: start == end); `note` a Text."""

    start: dt.date
    end: dt.date
    note: object = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Status:
    """What to tell a person: open now (until when), or when it opens next, or by appointment;
    `closed_for` says why today is closed when it usually is not: a closure's note (a Text) or a
    public holiday's name."""

    open_now: bool
    closes: dt.datetime | None = None
    opens: dt.datetime | None = None
    by_appointment: bool = False
    closed_for: object = None


@dataclass(frozen=True, slots=True)
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


# -- reading `hours:` from a pack ------------------------------------------------------------------

HOURS_FIELDS = (*WEEKDAYS, "by_appointment", "note", "closed", "open", "public_holidays")


def read_hours(r, node, text, holidays: PublicHolidays | None = None) -> Hours | None:
    """The `hours:` mapping of an item, checked with the Reader `r`; `text(node, what)` reads a
    note in the pack's languages. Every problem is reported with its line; None if unusable."""
    from kiosk.yamlsafe import Scalar

    m = r.fields(node, "hours", optional=HOURS_FIELDS)
    if m is None:
        return None
    days = []
    for name in WEEKDAYS:
        value = m.get(name)
        if value is None or (isinstance(value, Scalar) and value.is_null):
            days.append(Day())
        elif isinstance(value, Scalar):
            if value in ("closed", "appointment"):
                days.append(Day(appointment=value == "appointment"))
            else:
                slot = _single_slot_hint(r, value, name)
                days.append(Day(slots=(slot,) if slot else ()))
        else:
            days.append(Day(slots=_slots(r, value, f"hours.{name}")))
    by_appointment = r.boolean(m["by_appointment"], "by_appointment") if "by_appointment" in m else False
    note = text(m["note"], "hours note") if "note" in m else None
    closed = tuple(_closures(r, m["closed"], text)) if "closed" in m else ()
    openings = tuple(_openings(r, m["open"])) if "open" in m else ()
    open_on_holidays = False
    if "public_holidays" in m:
        open_on_holidays = r.choice(m["public_holidays"], "public_holidays", ("closed", "open")) == "open"
        if holidays is None and isinstance(m["public_holidays"], Scalar):
            r.report.warn(m["public_holidays"].loc, "public_holidays has no effect: pack.yaml names no holidays "
                                                    "region (add a line like holidays: DE-SN)")
    days = r.share(tuple(r.share(day) for day in days))  # a week like many others is kept once
    return Hours(days, bool(by_appointment), note, closed, openings, holidays, open_on_holidays)


def _single_slot_hint(r, value, name):
    """`tue: 10:00-12:00` without brackets is one slot: take it, as a list would."""
    text = str(value).strip()
    if "-" in text or "–" in text:
        return r.slot(value, f"hours.{name}")
    r.report.error(value.loc, f"hours.{name} must be a list of times like [\"10:00-12:00\"], or closed, "
                              f"or appointment, not {text!r}")
    return None


def _slots(r, node, what: str) -> tuple:
    slots = [s for s in (r.slot(item, what) for item in r.sequence(node, what)) if s]
    slots.sort()
    for (s1, e1), (s2, e2) in zip(slots, slots[1:]):
        if s2 < e1:
            r.report.error(node.loc, f"{what}: time slots overlap: let one end before the next starts")
    return tuple(slots)


def _closures(r, node, text):
    """`closed:` entries: a date, or {date, note}, or {from, to, note}."""
    from kiosk.yamlsafe import Scalar

    for item in r.sequence(node, "hours.closed"):
        if isinstance(item, Scalar):
            day = r.date(item, "hours.closed")
            if day:
                yield Closure(day, day)
            continue
        m = r.fields(item, "a closure", optional=("date", "from", "to", "note"))
        if m is None:
            continue
        note = text(m["note"], "closure note") if "note" in m else None
        if "date" in m:
            if "from" in m or "to" in m:
                r.report.error(m.loc, "a closure has either date: (one day) or from: and to: (a range), not both")
                continue
            day = r.date(m["date"], "closure date")
            if day:
                yield Closure(day, day, note)
            continue
        if "from" not in m or "to" not in m:
            r.report.error(m.loc, "a closure needs date: (one day) or from: and to: (first and last closed day), "
                                  "like from: \"2026-12-23\" and to: \"2027-01-02\"")
            continue
        start, end = r.date(m["from"], "closure from"), r.date(m["to"], "closure to")
        if start and end and end < start:
            r.report.error(m["to"].loc, f"closure: to ({end}) is before from ({start}): write the first closed day "
                                        "in from: and the last in to:")
        elif start and end:
            yield Closure(start, end, note)


def _openings(r, node):
    """`open:` entries: a date (usual hours despite a holiday or closure) or {date, hours}."""
    from kiosk.yamlsafe import Scalar

    for item in r.sequence(node, "hours.open"):
        if isinstance(item, Scalar):
            day = r.date(item, "hours.open")
            if day:
                yield Opening(day)
            continue
        m = r.fields(item, "an opening", required=("date",), optional=("date", "hours"))
        if m is None or "date" not in m:
            continue
        day = r.date(m["date"], "opening date")
        slots = _slots(r, m["hours"], "opening hours") if "hours" in m else None
        if day:
            yield Opening(day, slots)


def read_holidays(r, node) -> PublicHolidays | None:
    """pack.yaml's `holidays: DE-SN`: the region whose public holidays close the offers."""
    code = r.string(node, "holidays")
    if not code:
        return None
    code = code.strip()
    if known_region(code.upper()) and code != code.upper():
        r.report.error(node.loc, f"holidays: write the region in capitals: {code.upper()}")
        return None
    if not known_region(code):
        country = code.partition("-")[0].upper()
        choices = regions(country)
        from kiosk.schema import did_you_mean

        hint = did_you_mean(code, choices) if choices else ""
        r.report.error(node.loc, f"holidays must be a region code like DE-SN (Saxony) or DE-BE (Berlin), "
                                 f"or a country like DE, not {code!r}{hint}")
        return None
    return PublicHolidays(code)
