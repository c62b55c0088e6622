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
            self.report.error(getattr(node, "loc", Loc("?", 1)), f"{what} must be a mapping, not {kind_of(node)}")
            return None
        allowed = set(required) | set(optional)
        for key in node:
            if key not in allowed:
                self.report.error(
                    node.key_locs[key],
                    f"unknown field {key!r} in {what}{did_you_mean(key, allowed)}",
                )
        for key in required:
            if key not in node or _is_null(node[key]):
                self.report.error(node.loc, f"{what} is missing the required field {key!r}")
        return node

    def scalar(self, node, what: str):
        if not isinstance(node, Scalar):
            self.report.error(_loc(node), f"{what} must be a single value, not {kind_of(node)}")
            return None
        if node.is_null:
            return None
        return node

    def string(self, node, what: str):
        value = self.scalar(node, what)
        if value is not None and not value.strip():
            self.report.error(node.loc, f"{what} is empty")
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
            self.report.error(node.loc, f"{what} must be a number, not {str(value)!r}")
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
            self.report.error(node.loc, f"{what} must be a whole number, not {str(value)!r}")
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
            self.report.error(_loc(node), f"{what} must be a list, not {kind_of(node)}")
            return []
        return node

    def date(self, node, what: str):
        value = self.scalar(node, what)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.report.error(node.loc, f"{what} must be a date like 2026-05-19, not {str(value)!r}")
            return None

    def time(self, text: str, loc: Loc, what: str):
        if not TIME_RE.match(text):
            self.report.error(loc, f"{what} must be a time HH:MM (like 09:30), not {text!r}")
            return None
        hours, minutes = map(int, text.split(":"))
        return hours * 60 + minutes


def _is_null(node) -> bool:
    return isinstance(node, Scalar) and node.is_null


def _loc(node) -> Loc:
    return getattr(node, "loc", Loc("?", 1))
