"""Check YAML values against what a file expects, collecting every problem with its file:line.

Both `kiosk.yaml` and the content packs are read through a `Reader`: it turns located YAML
values into Python values, and for anything wrong it records a `Problem` and carries on, so an
administrator sees all mistakes at once rather than one per run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from kiosk.yamlsafe import Loc, Mapping, Scalar, Sequence

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) at one place."""

    loc: Loc
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.loc}: {'warning: ' if self.warning else ''}{self.message}"


@dataclass
class Report:
    """All problems found while reading one or more files."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(loc, message))

    def warn(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(loc, message, warning=True))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        """Errors first, then warnings; each sorted by file and line (the order found within)."""
        order = {id(p): i for i, p in enumerate(self.problems)}
        return sorted(self.problems, key=lambda p: (p.warning, p.loc.path, p.loc.line, order[id(p)]))


# Common ways of writing a weekday, a time or a date that the files do not take, with the form
# they do take: the message says what to write instead.
GERMAN_WEEKDAYS = {
    "mo": "mon", "montag": "mon", "di": "tue", "dienstag": "tue", "mi": "wed", "mittwoch": "wed",
    "do": "thu", "donnerstag": "thu", "fr": "fri", "freitag": "fri", "sa": "sat", "samstag": "sat",
    "sonnabend": "sat", "so": "sun", "sonntag": "sun",
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
    "saturday": "sat", "sunday": "sun", "tues": "tue", "thur": "thu", "thurs": "thu",
}
_LOOSE_TIME = re.compile(r"^(\d{1,2})(?:[.:h](\d{2}))?\s*(?:uhr|h)?$", re.IGNORECASE)
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")


def weekday_hint(key: str) -> str | None:
    """`di` -> 'weekdays are written mon tue ...: write tue: instead of di:'"""
    english = GERMAN_WEEKDAYS.get(key.strip().lower())
    if english is None or english == key:
        return None
    return f"weekdays are written mon tue wed thu fri sat sun: write {english}: instead of {key}:"


def loose_time(text: str) -> str | None:
    """`9`, `9.00`, `9h`, `9 Uhr` -> '09:00'; None when it is no time at all."""
    match = _LOOSE_TIME.match(text.strip())
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2] or 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        return None
    return f"{hours:02d}:{minutes:02d}"


def date_hint(text: str) -> str | None:
    """`24.12.2026` -> '2026-12-24'"""
    match = _GERMAN_DATE.match(text.strip())
    if not match:
        return None
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    year += 2000 if year < 100 else 0
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def kind_of(value) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    return "a single value"


class Reader:
    """Typed access to located YAML values; each method returns None after reporting a problem."""

    def __init__(self, report: Report):
        self.report = report

    def fields(self, node, what: str, required=(), optional=()):
        """Check that `node` is a mapping with the required keys and no unknown ones."""
        if not isinstance(node, Mapping):
            self.report.error(
                getattr(node, "loc", Loc("?", 1)),
                f"{what} must be a mapping (lines of key: value, indented below it), not {kind_of(node)}",
            )
            return None
        allowed = set(required) | set(optional)
        for key in node:
            if key not in allowed:
                hint = weekday_hint(key)
                if hint and GERMAN_WEEKDAYS[key.strip().lower()] in allowed:
                    self.report.error(node.key_locs[key], f"unknown field {key!r} in {what}: {hint}")
                    continue
                close = did_you_mean(key, allowed)
                self.report.error(
                    node.key_locs[key],
                    f"unknown field {key!r} in {what}"
                    + (close if close else f": the fields here are {', '.join(sorted(allowed))}"),
                )
        for key in required:
            if key not in node or _is_null(node[key]):
                self.report.error(node.loc, f"{what} is missing the required field {key!r}: add a line {key}: ...")
        return node

    def scalar(self, node, what: str):
        if not isinstance(node, Scalar):
            self.report.error(_loc(node), f"{what} must be a single value on the same line as its name, not {kind_of(node)}")
            return None
        if node.is_null:
            return None
        return node

    def string(self, node, what: str):
        value = self.scalar(node, what)
        if value is not None and not value.strip():
            self.report.error(node.loc, f"{what} is empty: write a value, or leave the line out")
            return None
        return None if value is None else str(value)

    def ident(self, node, what: str, pattern=None, kinds: str = "lowercase letters, digits and dashes"):
        value = self.scalar(node, what)
        if value is None:
            return None
        if not (pattern or ID_RE).match(value):
            self.report.error(node.loc, f"{what} {str(value)!r} must be {kinds}")
            return None
        return str(value)

    def plugin_name(self, node, what: str):
        """A plugin's name (also a route word, a config key): the one naming rule."""
        from kiosk.content.kinds import NAME_RE, NAME_RULE

        return self.ident(node, what, NAME_RE, NAME_RULE)

    def number(self, node, what: str, low: float, high: float):
        value = self.scalar(node, what)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            hint = f": write {value.replace(',', '.')}" if re.fullmatch(r"-?\d+,\d+", value) else " (like 51.3458, with a point)"
            self.report.error(node.loc, f"{what} must be a number, not {str(value)!r}{hint}")
            return None
        if not low <= number <= high:
            self.report.error(node.loc, f"{what} must be between {low:g} and {high:g}, not {number:g}")
            return None
        return number

    def integer(self, node, what: str, low: int, high: int):
        value = self.scalar(node, what)
        if value is None:
            return None
        if not re.fullmatch(r"-?\d+", value):
            self.report.error(node.loc, f"{what} must be a whole number (like 90), not {str(value)!r}")
            return None
        number = int(value)
        if not low <= number <= high:
            self.report.error(node.loc, f"{what} must be between {low} and {high}, not {number}")
            return None
        return number

    def boolean(self, node, what: str):
        value = self.scalar(node, what)
        if value is None:
            return None
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        self.report.error(node.loc, f"{what} must be true or false, not {str(value)!r}")
        return None

    def choice(self, node, what: str, choices):
        value = self.scalar(node, what)
        if value is None:
            return None
        if value not in choices:
            self.report.error(
                node.loc,
                f"{what} must be one of {', '.join(map(str, choices))}, not {str(value)!r}"
                + did_you_mean(value, choices),
            )
            return None
        return str(value)

    def sequence(self, node, what: str):
        if isinstance(node, Scalar) and node.is_null:
            return []
        if not isinstance(node, list):  # a Sequence, or a default given by the caller
            self.report.error(_loc(node), f"{what} must be a list (lines starting with \"- \", or [a, b] on one line), not {kind_of(node)}")
            return []
        return node

    def date(self, node, what: str):
        value = self.scalar(node, what)
        if value is None:
            return None
        return self.date_text(str(value), node.loc, what)

    def date_text(self, text: str, loc: Loc, what: str):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
                return dt.date.fromisoformat(text.strip())
        except ValueError:
            self.report.error(loc, f"{what}: there is no day {text.strip()}: check the month and the day (year-month-day)")
            return None
        german = date_hint(text)
        if german:
            self.report.error(loc, f"{what}: dates are written year-month-day: write {german} instead of {text.strip()}")
        else:
            self.report.error(loc, f"{what} must be a date like 2026-05-19 (year-month-day), not {text.strip()!r}")
        return None

    def time(self, text: str, loc: Loc, what: str):
        text = text.strip()
        if not TIME_RE.match(text):
            loose = loose_time(text)
            hint = f": write {loose}" if loose and loose != text else " (like 09:30)"
            self.report.error(loc, f"{what} must be a time HH:MM, with a colon and two digits each{hint}, not {text!r}")
            return None
        hours, minutes = map(int, text.split(":"))
        return hours * 60 + minutes

    def slot(self, node, what: str):
        """A time slot "HH:MM-HH:MM" as (start, end) minutes since midnight; hints for 9-12, 9.00-12.00."""
        text = self.string(node, what)
        if not text:
            return None
        parts = [p.strip() for p in text.replace("–", "-").replace("—", "-").split("-")]
        if len(parts) != 2:
            self.report.error(node.loc, f"{what}: a time slot is written \"10:00-12:00\" (start-end), not {text!r}")
            return None
        loose = [loose_time(p) for p in parts]
        if all(loose) and not all(TIME_RE.match(p) for p in parts):
            self.report.error(node.loc, f"{what}: times are written with a colon and two digits each: write \"{loose[0]}-{loose[1]}\" instead of {text}")
            return None
        start = self.time(parts[0], node.loc, f"{what} start")
        end = self.time(parts[1], node.loc, f"{what} end")
        if start is None or end is None:
            return None
        if end <= start:
            self.report.error(node.loc, f"{what}: {text} ends before it starts: write the earlier time first (an end of 24:00 is midnight)")
            return None
        return start, end


def _is_null(node) -> bool:
    return isinstance(node, Scalar) and node.is_null


def _loc(node) -> Loc:
    return getattr(node, "loc", Loc("?", 1))
