"""Small records that plugins hand to the shell and to each other: tiles, actions, QR codes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("kiosk")

CODE_BYTES = 2328
"""The most a Code's payload may hold, in UTF-8 bytes: what the largest QR code (version 40,
error correction M, as the qr plugin makes them) holds whatever the text is. Phones read far
smaller codes better; past this no code can be made at all."""


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

    @property
    def size(self) -> int:
        """The payload's size in a QR code: its UTF-8 bytes."""
        return len(self.payload.encode("utf-8"))

    @property
    def fits(self) -> bool:
        """Whether one QR code can hold the payload (CODE_BYTES)."""
        return self.size <= CODE_BYTES


_said_too_large: set[str] = set()  # each payload's warning once, not at every visit of its screen


def fitting_codes(results, item) -> list[Code]:
    """The Codes of the plugins' answers to `kiosk_item_codes`, in order, but those no QR code can
    hold: left out with a WARNING (once each), so the item's other codes are still shown and
    printed and no code's maker fails on them."""
    codes = []
    for code in (c for result in results for c in result if isinstance(c, Code)):
        if code.fits:
            codes.append(code)
        elif code.payload not in _said_too_large and len(_said_too_large) < 1000:
            _said_too_large.add(code.payload)
            log.warning("the %s code of %r is left out: it would hold %d bytes, more than a QR code can (%d); "
                        "shorten what it holds (a long address, most likely)", code.kind,
                        getattr(item, "id", item), code.size, CODE_BYTES)
    return codes


@dataclass(frozen=True)
class Use:
    """One thing a visitor did, for counting (`kiosk_used`): what, about what, in which language.

    Never who: there is no visitor id, and the shell passes on no sequence of one person's steps.
    """

    what: str
    subject: str = ""
    lang: str = ""
