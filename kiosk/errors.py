"""Errors the kiosk reports to people: each carries the problems to print, never a traceback."""

from __future__ import annotations


class KioskError(Exception):
    """An error with a message meant for the person at the terminal."""


class ConfigError(KioskError):
    """kiosk.yaml (or a command-line option) is wrong; `problems` lists each with file:line."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFound(KioskError):
    """A route, or an id inside a route, that no screen can show."""
