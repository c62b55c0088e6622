"""The kiosk's sense of time, injectable so tests and `kiosk shot --now` can fix it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Europe/Berlin"  # until a pack says its own


class SystemClock:
    """The real time in the pack's time zone."""

    def __init__(self, zone: str = DEFAULT_ZONE):
        self.zone = ZoneInfo(zone)

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.zone)


class FixedClock:
    """A clock that shows one moment until it is moved on; for tests and previews."""

    def __init__(self, moment: dt.datetime, zone: str = DEFAULT_ZONE):
        self.zone = ZoneInfo(zone)
        self.moment = moment if moment.tzinfo else moment.replace(tzinfo=self.zone)

    def now(self) -> dt.datetime:
        return self.moment.astimezone(self.zone)

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


def parse_moment(text: str) -> dt.datetime:
    """An ISO date-time from the command line (`2026-05-19T14:30`, with or without zone)."""
    return dt.datetime.fromisoformat(text.strip().replace(" ", "T"))
