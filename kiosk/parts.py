"""Small records that plugins hand to the shell and to each other: tiles, actions, QR codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    """A home-screen tile: a title in the screen's language, the route it opens, and its look.

    `count` is shown as a number on the tile (e.g. current offers) when not None.
    """

    route: str
    title: str
    icon: str = "info"
    color: str = "#1d4f91"
    subtitle: str = ""
    count: int | None = None


@dataclass(frozen=True)
class Action:
    """A button on an item's detail screen: a label in the screen's language and a route."""

    route: str
    label: str
    icon: str = "forward"


@dataclass(frozen=True)
class Code:
    """What a phone receives when it scans one QR code: `kind` (url, vcard, ical, geo) and the
    exact `payload` text."""

    kind: str
    payload: str


@dataclass(frozen=True)
class Use:
    """One thing a visitor did, for counting (`kiosk_used`): what, about what, in which language.

    Never who: there is no visitor id, and the shell passes on no sequence of one person's steps.
    """

    what: str
    subject: str = ""
    lang: str = ""
